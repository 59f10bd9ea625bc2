package io.kindly.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One reminder cycle: a pass over the source for a business date. Travels with the exchange as the property
 * {@value #PROPERTY}, so every step can say which run a decision belongs to.
 *
 * <p>{@code trigger} says what started it: {@code schedule} (the Quartz trigger), {@code once} (the command),
 * {@code admin} (POST /admin/cycles), {@code release} or {@code test}. A run asked for by a person also names who asked
 * ({@code requestedBy}) and why ({@code note}); both are null otherwise.
 */
public final class CycleRun {
    public static final String PROPERTY = "KindlyCycleRun";

    private final String runId;
    private final LocalDate businessDate;
    private final String trigger;
    private final Instant startedAt;
    private final String requestedBy;
    private final String note;
    private final AtomicInteger accountsRead = new AtomicInteger();
    private final AtomicInteger accountsWithStage = new AtomicInteger();
    private final AtomicInteger alreadyHandled = new AtomicInteger();
    private final AtomicInteger databaseOutages = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong outageMillis = new java.util.concurrent.atomic.AtomicLong();
    private long lastBackNanos;

    public CycleRun(LocalDate businessDate, String trigger, Instant startedAt) {
        this(UUID.randomUUID().toString(), businessDate, trigger, startedAt, null, null);
    }

    /**
     * A run opened elsewhere, as a daemon of a cluster sees it while it works one share of it (cycle.Partitions): the
     * same id, so its decisions and sends are the run's; its counts are that share's alone.
     */
    public CycleRun(String runId, LocalDate businessDate, String trigger, Instant startedAt) {
        this(runId, businessDate, trigger, startedAt, null, null);
    }

    /**
     * @param runId       given by whoever asked for the run, so that it can answer with it before the run begins
     * @param requestedBy who asked for it, or null
     * @param note        why, or null
     */
    public CycleRun(String runId, LocalDate businessDate, String trigger, Instant startedAt, String requestedBy,
            String note) {
        this.runId = Objects.requireNonNull(runId);
        this.businessDate = Objects.requireNonNull(businessDate);
        this.trigger = Objects.requireNonNull(trigger);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.requestedBy = requestedBy;
        this.note = note;
    }

    public String runId() {
        return runId;
    }

    /** Who asked for this run (a person, through the admin API), or null. */
    public String requestedBy() {
        return requestedBy;
    }

    /** Why it was asked for, or null. */
    public String note() {
        return note;
    }

    public LocalDate businessDate() {
        return businessDate;
    }

    public String trigger() {
        return trigger;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public void accountRead() {
        accountsRead.incrementAndGet();
    }

    public void accountHasStage() {
        accountsWithStage.incrementAndGet();
    }

    /** A contact whose business key was already sent or claimed, by an earlier run of this date or another node. */
    public void alreadyHandled() {
        alreadyHandled.incrementAndGet();
    }

    /** Adds what the shares of the run worked by other passes (or other daemons) counted. */
    public void addShare(int read, int withStage, int handled) {
        accountsRead.addAndGet(read);
        accountsWithStage.addAndGet(withStage);
        alreadyHandled.addAndGet(handled);
    }

    public int accountsRead() {
        return accountsRead.get();
    }

    public int accountsWithStage() {
        return accountsWithStage.get();
    }

    public int alreadyHandledCount() {
        return alreadyHandled.get();
    }

    /**
     * Work waited for a database that had gone away, from one moment to another ({@link System#nanoTime}). Many
     * threads wait through the same outage: overlapping waits count as one outage, and its time once.
     */
    public synchronized void waitedForDatabase(long fromNanos, long toNanos) {
        if (databaseOutages.get() == 0 || fromNanos - lastBackNanos > 0) { // a new outage
            databaseOutages.incrementAndGet();
            outageMillis.addAndGet((toNanos - fromNanos) / 1_000_000);
            lastBackNanos = toNanos;
        } else if (toNanos - lastBackNanos > 0) { // the same outage, seen to last longer
            outageMillis.addAndGet((toNanos - lastBackNanos) / 1_000_000);
            lastBackNanos = toNanos;
        }
    }

    /** How often the cycle waited for a database that had gone away. */
    public int databaseOutages() {
        return databaseOutages.get();
    }

    /** How long the cycle waited for its databases, in all. */
    public java.time.Duration timeWaitedForDatabase() {
        return java.time.Duration.ofMillis(outageMillis.get());
    }
}
