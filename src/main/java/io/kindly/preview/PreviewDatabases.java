package io.kindly.preview;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;
import io.kindly.config.ConfigException;
import io.kindly.ledger.LedgerSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases a preview reads. The real ledger is opened read-only (H2 in read-only mode; PostgreSQL and MySQL with
 * read-only connections), so a preview cannot write to it even by mistake. Where there is no ledger or demo loan book
 * yet (a fresh machine), the preview uses a private in-memory one instead, which it throws away: it then shows what a
 * first run would do.
 */
public final class PreviewDatabases {
    /**
     * @param fresh a private, empty in-memory database standing in for one that does not exist yet
     * @param note  what the report says about where its history came from
     */
    public record Opened(HikariDataSource ds, boolean fresh, String note) {
    }

    private PreviewDatabases() {
    }

    public static Opened ledger(DatabaseSettings db) {
        if (missingH2File(db.url())) {
            return fresh(db, "kindly-preview-ledger", "no ledger at " + db.safeUrl()
                    + " yet: previewed as a first run, with no history");
        }
        HikariDataSource ds = Databases.pool(readOnly(db), "kindly-preview-ledger", true);
        LedgerSchema.State state;
        try {
            state = LedgerSchema.state(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        switch (state) {
            case CURRENT -> {
                return new Opened(ds, false, "history read (read-only) from " + db.safeUrl());
            }
            case ABSENT -> {
                ds.close();
                return fresh(db, "kindly-preview-ledger", "the ledger at " + db.safeUrl()
                        + " has no tables yet: previewed as a first run, with no history");
            }
            default -> {
                ds.close();
                throw new ConfigException(db.prefix() + ".url", db.prefix() + ".url", "the ledger at " + db.safeUrl()
                        + " is older than this Kindly; start the daemon once to upgrade it (a preview never writes)");
            }
        }
    }

    /** The demo's loan book, or {@code null} to use the configured one as it is. */
    public static DatabaseSettings demoLoanBook(DatabaseSettings db) {
        return missingH2File(db.url()) ? inMemory(db, "kindly-preview-loanbook") : null;
    }

    private static Opened fresh(DatabaseSettings db, String name, String note) {
        HikariDataSource ds = Databases.pool(inMemory(db, name), name, false);
        LedgerSchema.migrate(ds);
        return new Opened(ds, true, note);
    }

    private static DatabaseSettings inMemory(DatabaseSettings db, String name) {
        return new DatabaseSettings(db.prefix(), "jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "", db.poolSize());
    }

    private static DatabaseSettings readOnly(DatabaseSettings db) {
        String url = db.url().startsWith("jdbc:h2:") ? db.url() + ";ACCESS_MODE_DATA=r" : db.url();
        return new DatabaseSettings(db.prefix(), url, db.username(), db.password(), Math.min(4, db.poolSize()));
    }

    /** An embedded H2 file database that has not been created yet. */
    static boolean missingH2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return false;
        }
        String path = url.substring("jdbc:h2:".length()).replaceFirst("^(?i)file:", "");
        int semicolon = path.indexOf(';');
        path = semicolon < 0 ? path : path.substring(0, semicolon);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return !Files.exists(Path.of(path + ".mv.db"));
    }
}
