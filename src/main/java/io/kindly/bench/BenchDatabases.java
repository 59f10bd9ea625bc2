package io.kindly.bench;

import io.kindly.app.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Empty databases for the bench's ledger and loan book. A ledger must be empty at the start (the figures are counted
 * from it, and an earlier run's contacts would be "already sent"), and the bench must never touch anything of anyone
 * else's on a shared server. So: on H2 a new file; on PostgreSQL the schema {@value #NAME} of the database named in
 * the URL; on MySQL/MariaDB the database {@value #NAME}. Those two are dropped and created again at the start of
 * every run, and nothing else is.
 */
final class BenchDatabases {
    static final String NAME = "kindly_bench";
    private static final Pattern MYSQL_URL =
            Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]+)(/[^?]*)?(\\?.*)?$");

    /** Servers whose {@value #NAME} was emptied in this run: the ledger and the book may share it. */
    private final Set<String> emptied = new HashSet<>();

    /** What was prepared, with a line for the output saying where it is and what the bench did to it. */
    record Prepared(DatabaseSettings settings, String description) {
    }

    /**
     * @param url     null for a new H2 file at {@code newFile}
     * @param newFile where the default H2 file goes (in the bench's own temporary folder)
     */
    Prepared prepare(String prefix, String url, String username, String password, Path newFile) throws SQLException {
        if (url == null) {
            String h2 = "jdbc:h2:file:" + newFile.toAbsolutePath();
            return new Prepared(new DatabaseSettings(prefix, h2, "sa", "", 1), "new H2 file " + newFile + ".mv.db");
        }
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            if (Files.exists(Path.of(path + ".mv.db"))) {
                throw new IllegalArgumentException(path + ".mv.db exists: the bench needs a new H2 file, or a"
                        + " PostgreSQL or MySQL/MariaDB URL (it then uses " + NAME + " there)");
            }
            return new Prepared(new DatabaseSettings(prefix, url, orDefault(username, "sa"), orDefault(password, ""), 1),
                    "new H2 file " + path + ".mv.db");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            String inSchema = inBenchSchema(url);
            String server = url.split("\\?", 2)[0];
            if (emptied.add(server)) {
                run(url, username, password, "drop schema if exists " + NAME + " cascade", "create schema " + NAME);
            }
            return new Prepared(new DatabaseSettings(prefix, inSchema, orDefault(username, ""), orDefault(password, ""),
                    1), "PostgreSQL schema " + NAME + " in " + safe(server) + " (dropped and created again;"
                    + " nothing else there is touched)");
        }
        Matcher m = MYSQL_URL.matcher(url);
        if (m.matches()) {
            String inDatabase = inBenchDatabase(url);
            if (emptied.add(m.group(1))) {
                run(url, username, password, "drop database if exists " + NAME,
                        "create database " + NAME + " character set utf8mb4 collate utf8mb4_bin");
            }
            return new Prepared(new DatabaseSettings(prefix, inDatabase, orDefault(username, ""),
                    orDefault(password, ""), 1), "database " + NAME + " on " + safe(m.group(1))
                    + " (dropped and created again; nothing else there is touched)");
        }
        throw new IllegalArgumentException(safe(url) + ": use jdbc:h2:file:, jdbc:postgresql:, jdbc:mysql: or"
                + " jdbc:mariadb:");
    }

    /** A PostgreSQL URL with {@code currentSchema} set to the bench's schema (in place of any other). */
    static String inBenchSchema(String url) {
        String without = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return without + (without.contains("?") ? "&" : "?") + "currentSchema=" + NAME;
    }

    /** A MySQL/MariaDB URL naming the bench's database instead of the one it named (or none). */
    static String inBenchDatabase(String url) {
        Matcher m = MYSQL_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MySQL/MariaDB URL: " + safe(url));
        }
        return m.group(1) + "/" + NAME + (m.group(3) == null ? "" : m.group(3));
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
