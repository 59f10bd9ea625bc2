package io.kindly.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A database that is away (restarted, failing over, out of reach) as opposed to one that refused the work.
 *
 * <p>While the database is away, nothing Kindly would write about a message is true yet: the message was neither
 * refused nor failed. So an outage is never recorded as an outcome; the work waits for the database (up to
 * {@code kindly.database.outage-tolerance}) and is done when it is back.
 */
public final class Outages {
    private static final Logger LOG = LoggerFactory.getLogger(Outages.class);
    /** The longest pause between two looks at a database that is away. */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    private static final String POOL_CLOSED = "Connection is closed";

    private Outages() {
    }

    /**
     * True when the error says the database could not be reached or dropped the connection: SQLState class 08
     * (connection exception), PostgreSQL's 57P01-57P03 (shut down by the administrator, crashed, starting up), the
     * pool timing out for want of a connection, or a socket that closed under the driver.
     */
    public static boolean isDatabaseAway(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // the JVM out of memory, not the database: an embedded H2 reports it as a closed database (found in the
            // benchmark of issue 9), and waiting would hide it; the cycle stops and says so
            if (t instanceof VirtualMachineError) {
                return false;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException x = sql; x != null; x = x.getNextException()) {
                    String state = x.getSQLState();
                    if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                        return true;
                    }
                    // HikariCP's word (no SQLState) for a pooled connection it closed after a fatal error
                    if (state == null && POOL_CLOSED.equals(x.getMessage())) {
                        return true;
                    }
                }
            }
            if ((t instanceof SocketException || t instanceof EOFException) && hasSqlAbove(error, t)) {
                return true;
            }
        }
        return false;
    }

    /** A socket error counts only inside a database driver's error, not, say, a gateway's. */
    private static boolean hasSqlAbove(Throwable top, Throwable socket) {
        for (Throwable t = top; t != null && t != socket; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Does the work; while it fails because the database is away, waits and does it again, until it succeeds or the
     * tolerance has passed (then the last error is thrown). Any other error is thrown at once. The work must be safe
     * to repeat: a write whose commit was lost with the connection is done again, so it must see its own effect.
     *
     * @param what what the work does, for the log ("recording a sent message")
     */
    public static <T> T patiently(Duration tolerance, String what, Supplier<T> work) {
        long deadline = System.nanoTime() + tolerance.toNanos();
        Duration pause = Duration.ofMillis(200);
        boolean logged = false;
        while (true) {
            try {
                T result = work.get();
                if (logged) {
                    LOG.info("the database is back: {} done", what);
                }
                return result;
            } catch (RuntimeException e) {
                if (!isDatabaseAway(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!logged) {
                    LOG.warn("the database is away ({}); {} waits for it, up to {}s", rootMessage(e), what,
                            tolerance.toSeconds());
                    logged = true;
                }
                sleep(pause, deadline);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /**
     * Waits until the data source hands out a connection that answers, for at most the tolerance.
     *
     * @return true when the database answers; false when it was still away when the tolerance ran out
     */
    public static boolean awaitDatabase(DataSource ds, Duration tolerance) {
        try {
            patiently(tolerance, "the next step", () -> {
                try (Connection c = ds.getConnection()) {
                    if (!c.isValid(5)) {
                        throw new LedgerException("the database does not answer", new SQLTransientConnectionException("not valid"));
                    }
                    return null;
                } catch (SQLException e) {
                    throw new LedgerException("cannot reach the database", e);
                }
            });
            return true;
        } catch (RuntimeException e) {
            if (isDatabaseAway(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void sleep(Duration pause, long deadline) {
        long left = deadline - System.nanoTime();
        try {
            Thread.sleep(Math.max(1, Math.min(pause.toMillis(), left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while waiting for the database", new SQLTransientConnectionException(
                    "interrupted"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
