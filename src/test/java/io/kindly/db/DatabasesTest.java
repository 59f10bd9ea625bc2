package io.kindly.db;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's pool on the real PostgreSQL: a lookup by key first run while the ledger was nearly empty still finds
 * its rows by the index once the table is large, whether or not anything has analyzed the table since.
 */
class DatabasesTest {

    @Test
    void theLedgersLookupsByKeyUseTheIndexOnceTheTableHasGrown() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.postgres();
                HikariDataSource ledger = Databases.ledgerPool(db.settings(), "kindly-test-ledger")) {
            // Without the pool's setting the plan made for the small table is kept, and the grown table is read whole.
            // This is what the million-account cycle did; it shows the probe can tell the two apart. (Each on its own
            // connection and table: the driver shares a statement already prepared on the server by its text.)
            try (Connection c = DriverManager.getConnection(db.settings().url(), db.settings().username(), "")) {
                String table = probeTable(c, db.name() + ".chain_probe_plain");
                assertThat(scansAfterGrowth(c, table)).isEqualTo(new Scans(1, 0));
            }
            try (Connection c = ledger.getConnection()) {
                String table = probeTable(c, db.name() + ".chain_probe");
                Scans scans = scansAfterGrowth(c, table);
                assertThat(scans.sequential()).isZero();
                assertThat(scans.index()).isPositive(); // one per key for an index scan, one for a bitmap scan
            }
        }
    }

    @Test
    void onlyTheLedgersPoolChangesHowPostgresPlans() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.postgres();
                HikariDataSource ledger = Databases.ledgerPool(db.settings(), "kindly-test-ledger");
                HikariDataSource loanBook = Databases.pool(db.settings(), "kindly-test-loanbook", true);
                Connection l = ledger.getConnection();
                Connection b = loanBook.getConnection()) {
            assertThat(show(l, "enable_seqscan")).isEqualTo("off");
            assertThat(show(l, "transaction_read_only")).isEqualTo("off");
            // the lender's loan book is read whole, as the lender's own query says: its planning is left alone
            assertThat(show(b, "enable_seqscan")).isEqualTo("on");
            assertThat(show(b, "transaction_read_only")).isEqualTo("on");
            b.rollback();
        }
    }

    /** Sequential and index scans of the probe table by one run of the lookup. */
    record Scans(long sequential, long index) {
    }

    /** A table shaped like the ledger's chain heads. */
    private static String probeTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create table " + table + " (id varchar(64) primary key, n bigint, h varchar(64))");
        }
        return table;
    }

    /**
     * Fills the table with 20 rows; runs a lookup of three keys, shaped like the claim's lock of chain heads, more
     * often than the driver and the server need to settle on a plan they keep; grows the table to 200,000 rows without
     * analyzing it (this machine's PostgreSQL has autovacuum off); then counts the scans of one more run.
     */
    private static Scans scansAfterGrowth(Connection c, String table) throws SQLException {
        String sql = "select id, n, h from " + table + " where id in (" + SqlLists.marks(3)
                + ") order by id for update";
        try (PreparedStatement lookup = c.prepareStatement(sql); Statement st = c.createStatement()) {
            st.execute("insert into " + table + " select 'L' || g, g, md5(g::text) from generate_series(1, 20) g");
            SqlLists.bind(lookup, 1, List.of("L1", "L2", "L3"));
            for (int i = 0; i < 12; i++) {
                lookup.executeQuery().close();
            }
            st.execute("insert into " + table + " select 'M' || g, g, md5(g::text) from generate_series(1, 200000) g");
            c.setAutoCommit(false);
            try {
                Scans before = scans(st, table);
                List<String> found = new ArrayList<>();
                try (ResultSet rs = lookup.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                assertThat(found).containsExactly("L1", "L2", "L3");
                Scans after = scans(st, table);
                return new Scans(after.sequential - before.sequential, after.index - before.index);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The table's scans so far as this session sees them: {@code pg_stat_xact_user_tables} holds the counts this
     * connection has not reported yet, which it does not do inside a transaction.
     */
    private static Scans scans(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("select seq_scan, coalesce(idx_scan, 0) from pg_stat_xact_user_tables"
                + " where relid = '" + table + "'::regclass")) {
            assertThat(rs.next()).isTrue();
            return new Scans(rs.getLong(1), rs.getLong(2));
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
