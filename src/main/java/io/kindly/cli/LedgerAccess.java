package io.kindly.cli;

import io.kindly.app.ConfigLookup;
import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.app.KindlySettings;
import io.kindly.db.Databases;
import io.kindly.config.ConfigException;
import io.kindly.config.Settings;
import io.kindly.ledger.CheckpointSettings;
import io.kindly.ledger.LedgerSchema;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The ledger database for commands that run without routes (export, holds, opt-outs): its settings are read from the
 * same {@code config/} files, with the same environment overrides, as the daemon's.
 */
final class LedgerAccess {
    private LedgerAccess() {
    }

    /** What these commands need from config: the ledger, and the region for numbers written without a country code. */
    record Access(DatabaseSettings db, String phoneRegion, CheckpointSettings checkpoints) {
    }

    /** The ledger's settings; only the ledger keys are checked, so a problem elsewhere does not block these commands. */
    static DatabaseSettings settings(Path configDir) {
        return access(configDir).db();
    }

    /**
     * The ledger's settings for a command; empty after telling the user what is wrong with them (the command then
     * exits with {@link Failures#EXIT_CONFIG}).
     */
    static Optional<Access> accessOrExplain(Path configDir) {
        try {
            return Optional.of(access(configDir));
        } catch (ConfigException e) {
            System.err.println("Kindly cannot read the ledger settings: " + e.getMessage());
            return Optional.empty();
        }
    }

    static Access access(Path configDir) {
        try (ConfigLookup config = ConfigLookup.open(configDir)) {
            Settings s = new Settings(config::get, config.files());
            DatabaseSettings db = DatabaseSettings.read(s, "kindly.ledger", "jdbc:h2:file:./data/kindly-ledger", 2);
            KindlySettings.LedgerBatching.read(s); // checked and known like every kindly.ledger.* key; commands do not batch
            CheckpointSettings checkpoints = CheckpointSettings.read(s);
            io.kindly.ledger.LedgerRetention.days(s); // the daemon's; read here so that it is a known key
            var problems = s.problems().stream().filter(p -> p.key().startsWith("kindly.ledger.")).toList();
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new Access(db, s.string("kindly.default-phone-region", "CN").toUpperCase(java.util.Locale.ROOT),
                    checkpoints);
        }
    }

    /** For reading: on H2, a ledger that does not exist yet is an error, not a new empty database. */
    static HikariDataSource forReading(DatabaseSettings db) {
        String url = db.url().startsWith("jdbc:h2:") && !db.url().contains("IFEXISTS") ? db.url() + ";IFEXISTS=TRUE"
                : db.url();
        return Databases.pool(new DatabaseSettings(db.prefix(), url, db.username(), db.password(), 1),
                "kindly-ledger-read", false);
    }

    /** For writing: the schema is brought up to date first, as the daemon would at start-up. */
    static HikariDataSource forWriting(DatabaseSettings db) {
        HikariDataSource ds = Databases.pool(new DatabaseSettings(db.prefix(), db.url(), db.username(), db.password(), 2),
                "kindly-ledger-write", false);
        LedgerSchema.migrate(ds);
        return ds;
    }

    /** A plain explanation of why the ledger could not be opened. */
    static String explain(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("90020") || message.contains("already in use")) {
            return "the embedded H2 ledger is open in a running Kindly. Stop it first, or use PostgreSQL or "
                    + "MySQL for a ledger that can be used while Kindly runs.";
        }
        if (message.contains("90146") || message.contains("not found")) {
            return "there is no ledger yet: run a cycle first (java -jar target/kindly.jar once).";
        }
        return message;
    }
}
