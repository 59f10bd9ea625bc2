package io.kindly.bench;

import io.kindly.db.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A cross-check of the ledger pool's checkout count on PostgreSQL: the server's own count of transactions
 * (committed plus rolled back, {@code pg_stat_database}) in the ledger's database. It counts every client of that
 * database, the bench's own reads and anyone else's work included, so on a shared server it is an upper bound.
 *
 * <p>Backends report their counts lazily (at most once a second, or when idle for ten seconds); the second reading
 * is taken after Kindly has stopped, when its connections have closed and so reported everything.
 */
final class PostgresTransactions {
    private PostgresTransactions() {
    }

    static boolean applies(DatabaseSettings ledger) {
        return ledger.url().startsWith("jdbc:postgresql:");
    }

    /** Counts since the server's statistics were last reset; take the difference of two. */
    record Counts(long commits, long rollbacks) {
        Counts minus(Counts earlier) {
            return new Counts(commits - earlier.commits, rollbacks - earlier.rollbacks);
        }

        long total() {
            return commits + rollbacks;
        }
    }

    static Counts read(DatabaseSettings ledger) throws SQLException {
        try (Connection c = DriverManager.getConnection(ledger.url(), ledger.username(), ledger.password());
             Statement st = c.createStatement()) {
            st.execute("select pg_stat_force_next_flush()");
            st.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("select xact_commit, xact_rollback from pg_stat_database"
                    + " where datname = current_database()")) {
                return rs.next() ? new Counts(rs.getLong(1), rs.getLong(2)) : new Counts(0, 0);
            }
        }
    }
}
