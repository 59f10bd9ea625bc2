package io.kindly.bench;

import io.kindly.db.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Empty databases for the bench's ledger and loan book. A ledger must be empty at the start (the figures are counted
 * from it, and an earlier run's contacts would be "already sent"), and the bench must never touch anything of anyone
 * else's on a shared server. So: on H2 a new file; on PostgreSQL the schema {@value #NAME} of the database named in
 * the URL; on MySQL/MariaDB the database {@value #NAME}; the warm-up's, {@value #WARMUP_NAME}, likewise. Those are
 * dropped and created again at the start of every run, and nothing else is.
 *
 * <p>Two benches on one server would empty each other's ledger mid-run, so each holds a lock for as long as it runs:
 * a session advisory lock on PostgreSQL (per database, like the schema), a named lock on MySQL/MariaDB (per server,
 * like the database). A second bench finds it taken and stops before touching anything. The locks go with their
 * connections, so a bench that dies leaves none behind.
 */
final class BenchDatabases implements AutoCloseable {
    static final String NAME = "kindly_bench";
    /** The warm-up's own ledger and loan book (--warmup), under the same lock and rules as {@value #NAME}. */
    static final String WARMUP_NAME = "kindly_bench_warmup";
    private static final Pattern MYSQL_URL =
            Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]+)(/[^?]*)?(\\?.*)?$");

    /** Servers whose lock this run holds: one lock covers {@value #NAME} and {@value #WARMUP_NAME}. */
    private final Set<String> locked = new HashSet<>();
    /** Schemas or databases (server and name) emptied in this run: the ledger and the book may share one. */
    private final Set<String> emptied = new HashSet<>();
    /** The connections that hold this run's locks, closed when the run ends. */
    private final List<Connection> locks = new ArrayList<>();

    /** The bench will not use this database: it says why, and nothing has been changed. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    /** What was prepared, with a line for the output saying where it is and what the bench did to it. */
    record Prepared(DatabaseSettings settings, String description) {
    }

    /**
     * @param url     null for a new H2 file at {@code newFile}
     * @param newFile where the default H2 file goes (in the bench's own temporary folder)
     */
    Prepared prepare(String prefix, String url, String username, String password, Path newFile) throws SQLException {
        return prepare(prefix, url, username, password, newFile, NAME);
    }

    /**
     * @param name {@value #NAME}, or {@value #WARMUP_NAME} for the warm-up's ledger and book (whose H2 files are
     *             always new files in the temporary folder: pass a null url for H2)
     */
    Prepared prepare(String prefix, String url, String username, String password, Path newFile, String name)
            throws SQLException {
        if (url == null) {
            String h2 = "jdbc:h2:file:" + newFile.toAbsolutePath();
            return new Prepared(new DatabaseSettings(prefix, h2, "sa", "", 1), "new H2 file " + newFile + ".mv.db");
        }
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            if (Files.exists(Path.of(path + ".mv.db"))) {
                throw new Refused(path + ".mv.db exists: the bench needs a new H2 file, or a"
                        + " PostgreSQL or MySQL/MariaDB URL (it then uses " + NAME + " there)");
            }
            return new Prepared(new DatabaseSettings(prefix, url, orDefault(username, "sa"), orDefault(password, ""), 1),
                    "new H2 file " + path + ".mv.db");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            String inSchema = inBenchSchema(url, name);
            String server = url.split("\\?", 2)[0];
            if (locked.add(server)) {
                lock(url, username, password, "select pg_try_advisory_lock(hashtext('" + NAME + "'))", server);
            }
            if (emptied.add(server + " " + name)) {
                run(url, username, password, "drop schema if exists " + name + " cascade", "create schema " + name);
            }
            return new Prepared(new DatabaseSettings(prefix, inSchema, orDefault(username, ""), orDefault(password, ""),
                    1), "PostgreSQL schema " + name + " in " + safe(server) + " (dropped and created again;"
                    + " nothing else there is touched)");
        }
        Matcher m = MYSQL_URL.matcher(url);
        if (m.matches()) {
            String inDatabase = inBenchDatabase(url, name);
            if (locked.add(m.group(1))) {
                lock(url, username, password, "select get_lock('" + NAME + "', 0)", m.group(1));
            }
            if (emptied.add(m.group(1) + " " + name)) {
                run(url, username, password, "drop database if exists " + name,
                        "create database " + name + " character set utf8mb4 collate utf8mb4_bin");
            }
            return new Prepared(new DatabaseSettings(prefix, inDatabase, orDefault(username, ""),
                    orDefault(password, ""), 1), "database " + name + " on " + safe(m.group(1))
                    + " (dropped and created again; nothing else there is touched)");
        }
        throw new Refused(safe(url) + ": use jdbc:h2:file:, jdbc:postgresql:, jdbc:mysql: or"
                + " jdbc:mariadb:");
    }

    /** A PostgreSQL URL with {@code currentSchema} set to the bench's schema (in place of any other). */
    static String inBenchSchema(String url) {
        return inBenchSchema(url, NAME);
    }

    static String inBenchSchema(String url, String name) {
        String without = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return without + (without.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** A MySQL/MariaDB URL naming the bench's database instead of the one it named (or none). */
    static String inBenchDatabase(String url) {
        return inBenchDatabase(url, NAME);
    }

    static String inBenchDatabase(String url, String name) {
        Matcher m = MYSQL_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MySQL/MariaDB URL: " + safe(url));
        }
        return m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
    }

    /** Takes the run's lock on a connection kept open until {@link #close()}, or refuses to go on. */
    private void lock(String url, String username, String password, String sql, String server) throws SQLException {
        Connection c = DriverManager.getConnection(url, orDefault(username, ""), orDefault(password, ""));
        boolean held = false;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            // PostgreSQL answers a boolean, MySQL 1 (taken), 0 (held by another) or null
            Object answer = rs.next() ? rs.getObject(1) : null;
            held = Boolean.TRUE.equals(answer) || answer instanceof Number n && n.intValue() == 1;
        } finally {
            if (held) {
                locks.add(c);
            } else {
                c.close();
            }
        }
        if (!held) {
            throw new Refused("another kindly bench is using " + NAME + " on " + safe(server)
                    + " now (it holds the bench's lock): run this one when it has finished");
        }
    }

    /** Releases the locks: another bench may empty {@value #NAME} from now on. */
    @Override
    public void close() {
        for (Connection c : locks) {
            try {
                c.close();
            } catch (SQLException e) {
                // the lock goes with the connection however it ends
            }
        }
        locks.clear();
    }

    private static void run(String url, String username, String password, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, orDefault(username, ""), orDefault(password, ""));
             Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static String safe(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
