package io.kindly.db;

import io.kindly.config.Settings;

/**
 * A JDBC database: H2, PostgreSQL or MySQL/MariaDB.
 *
 * @param prefix the config key prefix, for example {@code kindly.ledger}
 */
public record DatabaseSettings(String prefix, String url, String username, String password, int poolSize) {

    public static DatabaseSettings read(Settings s, String prefix, String defaultUrl, int defaultPoolSize) {
        String url = s.string(prefix + ".url", defaultUrl);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:mysql:")
                && !url.startsWith("jdbc:mariadb:")) {
            s.problem(prefix + ".url", "'" + url.replaceAll("password=[^&;]*", "password=***")
                    + "' is not supported: use jdbc:h2:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:");
        }
        return new DatabaseSettings(prefix, url,
                s.string(prefix + ".username", url.startsWith("jdbc:h2:") ? "sa" : ""),
                s.string(prefix + ".password", ""),
                s.integer(prefix + ".pool-size", defaultPoolSize, 1, 200));
    }

    /** The URL without credentials, for messages and the summary. */
    public String safeUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + safeUrl() + "]";
    }
}
