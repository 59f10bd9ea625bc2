package io.kindly.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * One unit of work on the ledger database in a transaction of its own, for every store that writes there (the ledger,
 * the policy's holds and opt-outs, the lender's notices).
 *
 * <p>The work is retried when the database says another transaction got in the way: a unique-key violation (another
 * dispatcher inserted the same business key, or the same borrower's lock row, between our read and our insert; the
 * retry then sees that row), or a deadlock or serialization failure (InnoDB's gap locks on a key that does not exist
 * yet make two inserting dispatchers deadlock, and the database rolls one back). Each unit is small and idempotent
 * per attempt, so retrying it whole is safe.
 */
public final class Transactions {
    /** How often a transaction that collided with another is tried before the error is reported. */
    private static final int MAX_ATTEMPTS = 8;

    private Transactions() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    public interface Write {
        void run(Connection c) throws SQLException;
    }

    /**
     * @param what what the work does, for the error when it cannot be done ("cannot write a lender notice")
     */
    public static <T> T run(DataSource ds, String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    c.setAutoCommit(autoCommit);
                    return result;
                } catch (SQLException | RuntimeException e) {
                    // the error that ended the work is the one to report: when the connection died (the database
                    // went away), rolling back on it fails too, and that second error would hide why
                    try {
                        c.rollback();
                        c.setAutoCommit(autoCommit);
                    } catch (SQLException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && (isUniqueViolation(e) || isTransient(e))) {
                    pause(attempt);
                    continue;
                }
                throw new LedgerException(what, e);
            }
        }
    }

    public static void write(DataSource ds, String what, Write work) {
        run(ds, what, c -> {
            work.run(c);
            return null;
        });
    }

    /** A short, jittered pause so that transactions that collided do not collide again in lockstep. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while retrying a ledger write", e);
        }
    }

    /** SQLState class 23: integrity constraint violation (here, a business key inserted twice). */
    private static boolean isUniqueViolation(SQLException e) {
        return sqlStateClass(e, "23");
    }

    /** SQLState class 40: the transaction was rolled back (deadlock, serialization failure). */
    private static boolean isTransient(SQLException e) {
        return sqlStateClass(e, "40");
    }

    private static boolean sqlStateClass(SQLException e, String stateClass) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && x.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }
}
