package io.kindly.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Connection pools (HikariCP) for the ledger and the lender's loan book. */
public final class Databases {
    /** The ledger's pool, whose connection checkouts {@code kindly bench} counts per message. */
    public static final String LEDGER_POOL = "kindly-ledger";

    private Databases() {
    }

    /**
     * How many times a connection has been taken from the pool of that name since this JVM started (each one is a
     * transaction, or a read, of Kindly's). Take the difference of two readings.
     */
    public static long connectionCheckouts(String poolName) {
        return ConnectionCheckouts.INSTANCE.count(poolName);
    }

    /**
     * @param readOnly for the lender's loan book and the preview's ledger, which Kindly only reads (the server refuses
     *                 writes). Auto-commit is then off, because the PostgreSQL driver only streams a result set
     *                 (instead of loading it whole) inside a transaction.
     */
    public static HikariDataSource pool(DatabaseSettings db, String poolName, boolean readOnly) {
        String sessionSql = null;
        if (readOnly) {
            // drivers treat setReadOnly as a hint (MariaDB's ignores it); the session setting is enforced by the server
            if (db.url().startsWith("jdbc:mysql:") || db.url().startsWith("jdbc:mariadb:")) {
                sessionSql = "SET SESSION TRANSACTION READ ONLY";
            } else if (db.url().startsWith("jdbc:postgresql:")) {
                sessionSql = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            }
        }
        return pool(db, poolName, readOnly, sessionSql);
    }

    /**
     * A pool for the ledger that the daemon writes: its claims, outcomes and policy reads.
     *
     * <p>On PostgreSQL its sessions plan with sequential scans disabled ({@code enable_seqscan = off}: still used where
     * no index serves a query). Every query of that work finds rows by key or by an indexed column, but two things made
     * the server read whole tables instead, and did so more as the ledger grew:
     * <ul>
     * <li>The driver prepares a statement on the server after five runs, and the server then keeps one generic plan
     * for it. A ledger starts empty, and the plan kept for "lock these borrowers" or "these loans' chain heads" was a
     * sequential scan, still used when the table held a million rows, until something analyzed the table
     * (autovacuum off, or behind).</li>
     * <li>The planner prices a scan that tests each row against an IN list of 64 keys far below its real cost, so even
     * plans made afresh for a table of 40,000 borrowers read it whole.</li>
     * </ul>
     * A 40,000-account cycle read its borrowers' table whole 810 times, and a million-account cycle slowed from about
     * 800 to 390 messages/s (BENCHMARKS.md). Planning each run afresh ({@code plan_cache_mode}) was tried and dropped:
     * the second point above made it slower still.
     */
    public static HikariDataSource ledgerPool(DatabaseSettings db, String poolName) {
        return pool(db, poolName, false, db.url().startsWith("jdbc:postgresql:") ? "SET enable_seqscan = off" : null);
    }

    private static HikariDataSource pool(DatabaseSettings db, String poolName, boolean readOnly, String sessionSql) {
        if (db.url().startsWith("jdbc:h2:file:")) {
            ensureH2Directory(db.url());
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(h2Url(db.url()));
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(Math.min(1, db.poolSize()));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.setMetricsTrackerFactory(ConnectionCheckouts.INSTANCE);
        if (readOnly) {
            config.setReadOnly(true);
            config.setAutoCommit(false);
        }
        config.setConnectionInitSql(sessionSql);
        return new HikariDataSource(config);
    }

    /**
     * An H2 URL made safe for a daemon that may be stopped or killed at any moment. H2 closes its databases from a JVM
     * shutdown hook, which on SIGTERM runs while Camel is still finishing in-flight
     * messages, so their outcome could not be recorded. Kindly closes its pools itself, after the routes have stopped.
     */
    static String h2Url(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT")) {
            url += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        // H2 writes a committed transaction to its file up to half a second later by default; a claim committed just
        // before a kill -9 must be on disk, or the restarted daemon would not know that message may have gone out
        if (url.startsWith("jdbc:h2:file:") && !upper.contains("WRITE_DELAY")) {
            url += ";WRITE_DELAY=0";
        }
        return url;
    }

    /** The database family, which picks the migration folder and SQL dialect: h2, postgresql or mysql. */
    public static String vendor(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return vendor(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    /** The family of the database this connection is to (see {@link #vendor(DataSource)}). */
    public static String vendor(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return "h2";
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return "mysql";
        }
        throw new IllegalStateException("unsupported database: " + product);
    }

    private static void ensureH2Directory(String url) {
        String path = url.substring("jdbc:h2:file:".length());
        int semi = path.indexOf(';');
        if (semi >= 0) {
            path = path.substring(0, semi);
        }
        File parent = new File(path).getAbsoluteFile().getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
            throw new IllegalStateException("cannot create the data folder " + parent);
        }
    }
}
