package io.kindly.support;

import io.kindly.db.DatabaseSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The database servers this machine runs for tests: PostgreSQL at 127.0.0.1:5432 (trust auth, database test) and
 * MariaDB at 127.0.0.1:3306 (root, no password, database test). Each test gets a fresh schema or database of its own,
 * dropped afterwards.
 *
 * <p>When a server is not reachable the test is skipped with a message saying so, so that {@code mvn verify} passes on
 * a laptop without them; with {@code CI=true} (as {@code .ci/run} sets) it fails instead, so CI cannot pass by
 * skipping.
 */
public final class TestDatabases {
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    public static final String MARIADB_USER = "root";

    private TestDatabases() {
    }

    /** A database of the given kind for one test, with the name of what to drop afterwards. */
    public record Scratch(String kind, DatabaseSettings settings, String name) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            if (kind.equals("postgresql")) {
                try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
                        Statement st = c.createStatement()) {
                    st.execute("drop schema if exists " + name + " cascade");
                }
            } else if (kind.equals("mariadb")) {
                try (Connection c = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, "");
                        Statement st = c.createStatement()) {
                    st.execute("drop database if exists " + name);
                }
            }
        }
    }

    public static Scratch postgres() {
        requireReachable("PostgreSQL", PG_URL, PG_USER,
                "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
        String schema = "kindly_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec(PG_URL, PG_USER, "create schema " + schema);
        return new Scratch("postgresql", new DatabaseSettings("kindly.ledger",
                PG_URL + "?currentSchema=" + schema, PG_USER, "", 10), schema);
    }

    public static Scratch mariadb() {
        requireReachable("MariaDB", MARIADB_URL, MARIADB_USER,
                "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
        String db = "kindly_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec(MARIADB_URL, MARIADB_USER, "create database " + db + " character set utf8mb4 collate utf8mb4_bin");
        return new Scratch("mariadb", new DatabaseSettings("kindly.ledger",
                "jdbc:mariadb://127.0.0.1:3306/" + db, MARIADB_USER, "", 10), db);
    }

    public static Scratch h2(java.nio.file.Path dir) {
        return new Scratch("h2", new DatabaseSettings("kindly.ledger",
                "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa", "", 10), "ledger");
    }

    public static Scratch of(String kind, java.nio.file.Path dir) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "postgresql" -> postgres();
            case "mariadb" -> mariadb();
            default -> h2(dir);
        };
    }

    private static void requireReachable(String name, String url, String user, String howToStart) {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = name + " is not reachable at " + url + " (" + e.getMessage() + "); " + howToStart;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true, so a missing database fails the build: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
    }

    private static void exec(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
