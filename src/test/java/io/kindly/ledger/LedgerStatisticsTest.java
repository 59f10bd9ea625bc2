package io.kindly.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the real PostgreSQL (autovacuum off on this machine): once enough claims have been made, the ledger's tables are
 * analyzed, and the cap count stops reading the whole status index for each borrower.
 */
class LedgerStatisticsTest {
    /** The cap count's query (PolicyStore.sentSince) for one borrower. */
    private static final String CAP_COUNT = "explain select sent_at_utc, channel, loan_id, stage, business_date,"
            + " borrower_id from kindly_contact where borrower_id in ('B000123') and sent_at_utc >= now() - interval"
            + " '30 days' and status in ('CLAIMED', 'SENT', 'DELIVERED', 'UNDELIVERED', 'UNKNOWN')"
            + " order by sent_at_utc";

    @Test
    void theTablesAreAnalyzedOnceTheClaimsPassTheMark() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.postgres();
                HikariDataSource ds = Databases.ledgerPool(db.settings(), "kindly-test-statistics")) {
            LedgerSchema.migrate(ds);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                // every contact sent, as in the middle of a large first cycle
                st.execute("insert into kindly_contact (contact_id, loan_id, borrower_id, stage, channel,"
                        + " business_date, status, created_at_utc, updated_at_utc, sent_at_utc) select 'C' || g,"
                        + " 'L' || (g / 2), 'B' || lpad((g / 2)::text, 6, '0'), 'overdue-3', case when g % 2 = 0"
                        + " then 'sms' else 'inapp' end, current_date, 'SENT', now(), now(), now()"
                        + " from generate_series(1, 100000) g");
                // without statistics the planner takes "status in (...)" for selective, and reads its index whole
                assertThat(plan(st)).contains("ix_kindly_contact_status");
            }
            LedgerStatistics statistics = new LedgerStatistics(ds);
            statistics.claimed((int) LedgerStatistics.FIRST - 1);
            assertThat(analyzed(ds)).isFalse();
            statistics.claimed(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> analyzed(ds));
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThat(plan(st)).doesNotContain("ix_kindly_contact_status").contains("ix_kindly_contact_sent");
            }
        }
    }

    private static boolean analyzed(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select reltuples from pg_class where oid = 'kindly_contact'::regclass")) {
            rs.next();
            return rs.getDouble(1) > 0;
        }
    }

    private static String plan(Statement st) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(CAP_COUNT)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("\n", lines);
    }
}
