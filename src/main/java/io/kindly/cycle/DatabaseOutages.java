package io.kindly.cycle;

import io.kindly.db.LedgerException;
import io.kindly.db.Outages;
import io.kindly.domain.CycleRun;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A ledger or source database that went away mid-cycle (a restart, a failover). Nothing about a message is recorded
 * as failed for it: a contact whose ledger went away waits for the database and goes through again
 * ({@code kindly-contact}); a source that broke off mid-stream is read again from the start once it answers
 * ({@code kindly-cycle}), what was done before being skipped as already handled. Nothing is lost, nothing sent twice.
 *
 * <p>The cycle waits for its databases for at most {@code kindly.database.outage-tolerance} in all; past that it stops
 * with a clear message and, again, nothing lost: a claim whose outcome could not be written is settled by
 * {@code ClaimRecovery}, and every message not yet claimed goes in the next cycle.
 */
public final class DatabaseOutages {
    /** Exchange property: true when the cycle route should read its source again. */
    public static final String READ_AGAIN = "KindlyReadSource";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutages.class);

    private final List<Named> databases = new ArrayList<>();
    private final Duration tolerance;

    private record Named(String name, DataSource ds) {
    }

    /** @param source the lender's database, or null when accounts come from CSV exports */
    public DatabaseOutages(DataSource ledger, DataSource source, Duration tolerance) {
        databases.add(new Named("ledger", ledger));
        if (source != null) {
            databases.add(new Named("source", source));
        }
        this.tolerance = tolerance;
    }

    public Duration tolerance() {
        return tolerance;
    }

    /** Whether the error a step caught says a database went away (the {@code onWhen} of a {@code doCatch}). */
    public boolean isDatabaseAway(Exchange exchange) {
        return Outages.isDatabaseAway(caught(exchange));
    }

    /**
     * The {@code doCatch} of one contact whose ledger went away: waits until the databases answer again, within what
     * is left of the cycle's tolerance, so the route can send the contact through again. Past the tolerance, throws.
     */
    public void awaitDatabases(Exchange exchange) {
        await(exchange.getProperty(CycleRun.PROPERTY, CycleRun.class), caught(exchange));
    }

    /**
     * The {@code doCatch} around a pass of the cycle (the source went away mid-stream): waits for the databases and
     * has the route read the source again. Any error other than a database going away goes on up.
     */
    public void waitForDatabases(Exchange exchange) throws Exception {
        Exception error = caught(exchange);
        if (error == null || !Outages.isDatabaseAway(error)) {
            throw error != null ? error : new IllegalStateException("the cycle's pass failed");
        }
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        LOG.warn("cycle {}: a database went away mid-pass ({}); the source is read again once it answers, and what "
                + "was done is skipped", runId(run), Cycles.rootCause(error));
        await(run, error);
        exchange.setProperty(READ_AGAIN, true);
    }

    private static Exception caught(Exchange exchange) {
        Exception error = exchange.getException();
        return error != null ? error : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /** Waits for every database, for what is left of the tolerance; the wait is added to the run's. */
    private void await(CycleRun run, Exception error) {
        Duration left = run == null ? tolerance : tolerance.minus(run.timeWaitedForDatabase());
        long start = System.nanoTime();
        for (Named db : databases) {
            Duration remaining = left.minusNanos(System.nanoTime() - start);
            if (remaining.isNegative() || !Outages.awaitDatabase(db.ds(), remaining)) {
                throw new LedgerException("the " + db.name() + " database has been away for longer than "
                        + "kindly.database.outage-tolerance (" + tolerance.toSeconds() + "s): the cycle stops here. "
                        + "Nothing is lost: messages claimed before the outage are settled by claim recovery when "
                        + "Kindly can reach the database, every other message goes in the next cycle",
                        new SQLTransientConnectionException(db.name() + " database away", error));
            }
        }
        long back = System.nanoTime();
        Duration away = Duration.ofNanos(back - start);
        if (run != null) {
            run.waitedForDatabase(start, back);
        }
        LOG.debug("cycle {}: the databases answer again after {} ms", runId(run), away.toMillis());
    }

    private static String runId(CycleRun run) {
        return run == null ? "-" : run.runId();
    }
}
