package io.kindly.ledger;

import io.kindly.db.Databases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Creates and upgrades the ledger tables with Flyway. Migrations live in {@code db/ledger/<vendor>} inside the jar,
 * one folder per database family, kept in step by hand and checked by the schema tests on all three; and one Java
 * migration for all of them (V7, sealing entries written before the hash chains existed).
 */
public final class LedgerSchema {
    public static final String HISTORY_TABLE = "kindly_schema_history";

    private LedgerSchema() {
    }

    /** Where a ledger database stands against this version of Kindly. */
    public enum State {
        /** No ledger tables yet. */
        ABSENT,
        /** Every migration applied. */
        CURRENT,
        /** Migrations are pending: the daemon upgrades it at its next start. */
        BEHIND
    }

    public static MigrateResult migrate(DataSource ds) {
        return flyway(ds).migrate();
    }

    /** Reads the schema history only; writes nothing (the preview uses it on a read-only connection). */
    public static State state(DataSource ds) {
        MigrationInfoService info = flyway(ds).info();
        if (info.applied().length == 0) {
            return State.ABSENT;
        }
        return info.pending().length == 0 ? State.CURRENT : State.BEHIND;
    }

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/ledger/" + Databases.vendor(ds))
                .table(HISTORY_TABLE)
                .javaMigrations(new V7__Seal_existing_entries())
                .baselineOnMigrate(false)
                .load();
    }
}
