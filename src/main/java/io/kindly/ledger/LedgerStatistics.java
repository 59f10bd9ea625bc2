package io.kindly.ledger;

import io.kindly.db.Databases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Keeps PostgreSQL's statistics of the ledger's tables fresh while a cycle fills them: {@code ANALYZE} after the first
 * 10,000 claims of this process, then each time their number has doubled (a million claims: seven times, each a
 * sample of 30,000 rows per table, under a second).
 *
 * <p>Why: the planner prices a query by the statistics of the table's last analysis. Autovacuum refreshes them as a
 * table grows by a tenth, unless it is off or behind; this machine's PostgreSQL has it off. Without them the cap
 * count's {@code status in (...)} looked selective on a table where every row matched, so PostgreSQL read the whole
 * status index for every borrower (85 ms per borrower at 1.3 million contacts), and a million-account cycle slowed
 * from 1,500 to 930 messages/s (BENCHMARKS.md). An analysis also makes the server plan its kept statements again.
 *
 * <p>Other databases keep their statistics themselves (InnoDB recalculates them after a tenth of a table has
 * changed, H2 after 2,000 rows), so nothing is done there. A user that does not own the tables gets a warning from the
 * server and nothing is analyzed, as before. The analysis runs on a thread of its own, never in a claim's transaction.
 */
final class LedgerStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerStatistics.class);
    static final long FIRST = 10_000;
    static final String ANALYZE = "analyze kindly_contact, kindly_borrower, kindly_ledger_chain, kindly_ledger_entry";

    private final DataSource ds;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong next = new AtomicLong(FIRST);
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean postgres = true;

    LedgerStatistics(DataSource ds) {
        this.ds = ds;
    }

    /** Claims (and decisions) just committed: analyzes the tables once their number passes the next mark. */
    void claimed(int rows) {
        if (!postgres) {
            return;
        }
        long total = claimed.addAndGet(rows);
        long mark = next.get();
        if (total >= mark && next.compareAndSet(mark, Math.max(mark * 2, total))
                && running.compareAndSet(false, true)) {
            Thread analysis = new Thread(this::analyze, "kindly-ledger-analyze");
            analysis.setDaemon(true);
            analysis.start();
        }
    }

    private void analyze() {
        long started = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            if (!Databases.vendor(c).equals("postgresql")) {
                postgres = false;
                return;
            }
            st.execute(ANALYZE);
            LOG.debug("ledger statistics refreshed after {} claims in {} ms", claimed.get(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("could not refresh the ledger's statistics (the claims go on; the database plans with older"
                    + " ones): {}", e.getMessage());
        } finally {
            running.set(false);
        }
    }
}
