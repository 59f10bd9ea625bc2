package io.kindly.cycle;

import io.kindly.ledger.LedgerStore;
import io.kindly.plan.Cadence;
import io.kindly.db.Outages;
import io.kindly.domain.CycleRun;
import io.kindly.domain.Contact;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The first and last steps of a reminder cycle (route {@code kindly-cycle}): open the run in the ledger and give the
 * source query its date bounds; at the end, count what happened from the ledger; if the cycle fails, the route's
 * {@code doCatch} records the run as failed.
 */
public final class Cycles {
    /** Header naming the business date (YYYY-MM-DD) of a cycle; without it, today in the cycle's time zone. */
    public static final String BUSINESS_DATE = "KindlyBusinessDate";
    /** Header naming what started the cycle: schedule, once, admin, release, test. */
    public static final String TRIGGER = "KindlyTrigger";
    /** Header with the id the run is to have (a UUID), when whoever asks for it answers with the id at once. */
    public static final String RUN_ID = "KindlyRunId";
    /** Headers naming who asked for a run by hand, and why: recorded with the run. */
    public static final String REQUESTED_BY = "KindlyRequestedBy";
    public static final String REQUEST_NOTE = "KindlyRequestNote";
    /** The trigger of runs that only release deferred messages: not cycles, and they may overlap one. */
    public static final String RELEASE = "release";

    private static final Logger LOG = LoggerFactory.getLogger(Cycles.class);

    private final LedgerStore ledger;
    private final Cadence cadence;
    private final ZoneId cycleZone;
    private final Clock clock;
    private final String ledgerLocation;
    /** The runs this process has begun and not yet finished, by id (releases included). */
    private final java.util.Map<String, CycleRun> open = new java.util.concurrent.ConcurrentHashMap<>();

    public Cycles(LedgerStore ledger, Cadence cadence, ZoneId cycleZone, Clock clock, String ledgerLocation) {
        this.ledger = ledger;
        this.cadence = cadence;
        this.cycleZone = cycleZone;
        this.clock = clock;
        this.ledgerLocation = ledgerLocation;
    }

    /** The MDC keys of the log lines of a run and of one message (config/log4j2-json.xml prints them). */
    public static final String RUN_KEY = "kindly.run";
    public static final String CONTACT_KEY = "kindly.contact";
    /** The exchange properties those keys are set from before each step, on whichever thread (app.LogContextUnitOfWork). */
    public static final String LOG_RUN = "KindlyLogRun";
    public static final String LOG_CONTACT = "KindlyLogContact";

    public void begin(Exchange exchange) {
        LocalDate date = businessDate(exchange.getMessage().getHeader(BUSINESS_DATE));
        String trigger = exchange.getMessage().getHeader(TRIGGER, "schedule", String.class);
        String runId = exchange.getMessage().getHeader(RUN_ID, String.class);
        CycleRun run = new CycleRun(runId == null ? java.util.UUID.randomUUID().toString()
                : java.util.UUID.fromString(runId).toString(), date, trigger, clock.instant(),
                exchange.getMessage().getHeader(REQUESTED_BY, String.class),
                exchange.getMessage().getHeader(REQUEST_NOTE, String.class));
        ledger.beginRun(run);
        open.put(run.runId(), run);
        exchange.setProperty(CycleRun.PROPERTY, run);
        // every log line of this run carries its id (MDC, set from the property before each step on any thread)
        exchange.setProperty(LOG_RUN, run.runId());
        MDC.put(RUN_KEY, run.runId());
        // the named parameters the source query may use (config/source/accounts.sql)
        exchange.getMessage().setHeader("businessDate", date);
        exchange.getMessage().setHeader("dueFrom", date.minusDays(cadence.latestOffset()));
        exchange.getMessage().setHeader("dueTo", date.minusDays(cadence.earliestOffset()));
        LOG.info("cycle {} started for business date {} ({})", run.runId(), date, trigger);
    }

    /** Exchange property: the firing daemon's own run, kept while it works a share of it (restored by leave). */
    static final String OUTER_RUN = "KindlyOuterRun";

    /**
     * First step of a share's pass (cluster mode, route {@code kindly-partition}): the run the share belongs to, opened
     * by the daemon that fired it, as this pass sees it: the same run id and business date (every decision and send
     * is the run's), counts of its own (written with the share when it is done), and the source query's date bounds.
     */
    public void join(Exchange exchange) {
        Partitions.Lease lease = exchange.getProperty(Partitions.PROPERTY, Partitions.Lease.class);
        CycleRun outer = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        if (outer != null) {
            exchange.setProperty(OUTER_RUN, outer);
        }
        CycleRun share = new CycleRun(lease.runId(), lease.businessDate(), lease.trigger(), lease.runStartedAt());
        exchange.setProperty(CycleRun.PROPERTY, share);
        exchange.setProperty(RUN_ID, share.runId());
        MDC.put(RUN_KEY, share.runId());
        LocalDate date = lease.businessDate();
        exchange.getMessage().setHeader("businessDate", date);
        exchange.getMessage().setHeader("dueFrom", date.minusDays(cadence.latestOffset()));
        exchange.getMessage().setHeader("dueTo", date.minusDays(cadence.earliestOffset()));
    }

    /** Last step of a share's pass: the firing daemon's own run again, if the pass ran inside its cycle. */
    public void leave(Exchange exchange) {
        CycleRun outer = exchange.getProperty(OUTER_RUN, CycleRun.class);
        exchange.removeProperty(OUTER_RUN);
        if (outer != null) {
            exchange.setProperty(CycleRun.PROPERTY, outer);
            exchange.setProperty(RUN_ID, outer.runId());
            MDC.put(RUN_KEY, outer.runId());
        } else {
            exchange.removeProperty(CycleRun.PROPERTY);
            MDC.remove(RUN_KEY);
        }
    }

    /**
     * The first step of kindly-contact: every log line about this message, on whichever thread, carries the run id and
     * the contact id (MDC keys kindly.run and kindly.contact): ids only, never an address or a word of the message.
     */
    public void traceContact(Exchange exchange) {
        Contact contact = exchange.getMessage().getBody(Contact.class);
        if (contact != null) {
            exchange.setProperty(LOG_RUN, contact.runId());
            exchange.setProperty(LOG_CONTACT, contact.id());
            MDC.put(RUN_KEY, contact.runId());
            MDC.put(CONTACT_KEY, contact.id());
        }
    }

    public CycleSummary finish(Exchange exchange) {
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        MDC.remove(CONTACT_KEY);
        MDC.put(RUN_KEY, run.runId());
        open.remove(run.runId());
        ledger.finishRun(run, true, null);
        CycleSummary summary = CycleSummary.of(run, ledger.dataSource(), ledgerLocation);
        LOG.info("cycle {} finished: {} accounts read, sent {}, deferred {}, suppressed {}, skipped {}, failed {}",
                run.runId(), summary.accountsRead(), summary.count(io.kindly.domain.Status.SENT),
                summary.count(io.kindly.domain.Status.DEFERRED), summary.count(io.kindly.domain.Status.SUPPRESSED),
                summary.count(io.kindly.domain.Status.SKIPPED) + summary.rowsRejected(),
                summary.count(io.kindly.domain.Status.FAILED));
        return summary;
    }

    /**
     * The cycle route's {@code doCatch}, when the cycle failed (the ledger down, Kindly stopping): the run is recorded
     * as failed, with the innermost cause, so the next cycle and {@code kindly ledger} see it did not finish; then the
     * error is thrown again, so whoever started the cycle sees it fail.
     */
    public void failed(Exchange exchange) throws Exception {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        if (run != null) { // null: failed before begin opened a run, there is nothing to close
            open.remove(run.runId());
            try {
                ledger.finishRun(run, false, rootCause(error));
            } catch (RuntimeException e) {
                if (!Outages.isDatabaseAway(e)) {
                    throw e;
                }
                // the ledger is away: the run stays open in it, which is what a stopped run looks like anyway
                LOG.error("cycle {} failed and the ledger is away, so its end is not recorded: {}", run.runId(),
                        rootCause(error));
            }
        }
        throw error != null ? error : new IllegalStateException("the cycle failed");
    }

    /**
     * The cycle this process is running (begun and not yet finished or failed), if any; runs that only release
     * deferred messages are not cycles and do not count.
     */
    public java.util.Optional<CycleRun> running() {
        return open.values().stream().filter(r -> !RELEASE.equals(r.trigger())).findFirst();
    }

    /** The innermost cause: Camel wraps a failed account in split and exchange exceptions. */
    static String rootCause(Throwable e) {
        if (e == null) {
            return "failed";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private LocalDate businessDate(Object header) {
        if (header instanceof LocalDate d) {
            return d;
        }
        if (header != null && !header.toString().isBlank()) {
            try {
                return LocalDate.parse(header.toString().strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("business date '" + header + "' is not YYYY-MM-DD", e);
            }
        }
        return LocalDate.now(clock.withZone(cycleZone));
    }
}
