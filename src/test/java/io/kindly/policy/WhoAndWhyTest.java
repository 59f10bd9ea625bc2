package io.kindly.policy;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.domain.Channel;
import io.kindly.domain.CycleRun;
import io.kindly.domain.HoldType;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.LedgerSchema;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V9 on every database family: who lifted a hold or revoked an opt-out and why, and who asked for a run and why, are
 * kept with the row (the admin API records every change with who and why).
 */
class WhoAndWhyTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T02:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void endsAndRunsKeepWhoAndWhy(String kind) throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.of(kind, dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            PolicyStore store = new PolicyStore(ds, CLOCK);

            PolicyStore.Hold hold = store.placeHold("B1", null, HoldType.DISPUTE, null, "admin:ops", "disputes it");
            assertThat(store.liftHold(hold.id(), "admin:ops", "settled")).isTrue();
            assertThat(store.liftHold(hold.id(), "admin:other", "again")).isFalse();
            assertThat(store.hold(hold.id())).hasValueSatisfying(h -> {
                assertThat(h.liftedAt()).isEqualTo(CLOCK.instant());
                assertThat(h.liftedBy()).isEqualTo("admin:ops");
                assertThat(h.liftNote()).isEqualTo("settled");
            });
            assertThat(store.hold("no-such-hold")).isEmpty();

            PolicyStore.OptOut optOut = store.optOut(Channel.SMS, "+8613800138000", null, "admin:ops", "by phone");
            assertThat(store.revokeOptOut(optOut.id(), "admin:ops", "wants them again")).isTrue();
            assertThat(store.optOut(optOut.id())).hasValueSatisfying(o -> {
                assertThat(o.revokedBy()).isEqualTo("admin:ops");
                assertThat(o.revokeNote()).isEqualTo("wants them again");
                assertThat(o.source()).isEqualTo("admin:ops");
            });
            assertThat(store.optOuts("B1", true)).isEmpty();
            assertThat(store.optOuts(true)).singleElement().satisfies(o -> assertThat(o.revokedBy())
                    .isEqualTo("admin:ops"));

            CycleRun run = new CycleRun("8f1c7a52-5d0e-4c57-9a3e-2f1b6c0d9e11", LocalDate.of(2026, 12, 1), "admin",
                    CLOCK.instant(), "admin:ops", "the 10:00 run was missed");
            new JdbcLedgerStore(ds, CLOCK, "test-node").beginRun(run);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select trigger_kind, requested_by, request_note from kindly_cycle_run where run_id = ?")) {
                ps.setString(1, run.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("admin");
                    assertThat(rs.getString(2)).isEqualTo("admin:ops");
                    assertThat(rs.getString(3)).isEqualTo("the 10:00 run was missed");
                }
            }
        }
    }
}
