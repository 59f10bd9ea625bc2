package io.kindly.ledger;

import io.kindly.app.Databases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Creates and upgrades the ledger tables with Flyway. Migrations live in {@code db/ledger/<vendor>} inside the jar,
 * one folder per database family, kept in step by hand and checked by the schema tests on all three.
 */
public final class LedgerSchema {
    public static final String HISTORY_TABLE = "kindly_schema_history";

    private LedgerSchema() {
    }

    public static MigrateResult migrate(DataSource ds) {
        String vendor = Databases.vendor(ds);
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/ledger/" + vendor)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(false)
                .load()
                .migrate();
    }
}
