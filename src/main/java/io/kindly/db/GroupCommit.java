package io.kindly.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit: the same kind of ledger work asked for by many threads at once (claims, outcomes, reads of holds) is
 * carried out together, in one transaction with one statement per table, instead of one transaction each. Every caller
 * still waits for its own piece to be committed before it goes on, so what a caller may rely on (claimed before sent,
 * recorded before the next step) is unchanged; only the cost of a transaction is shared.
 *
 * <p>No thread of its own: a caller that finds a free slot becomes the one that carries out what is queued (its own
 * request and everybody else's), and hands over to a waiting caller when its own request is done. With nobody else
 * waiting a request runs at once, alone, so a quiet ledger sees no added delay; under load the batches grow by
 * themselves to what arrived while the previous one was being written.
 *
 * <p>When a batch fails, each of its requests is tried again alone, so a request that cannot be done fails for its own
 * caller only and the others go through; unless the database could not be reached at all, which every caller is told
 * at once.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
public final class GroupCommit<Q, A> {

    /** Carries out a batch of requests; answers in the order of the requests. */
    @FunctionalInterface
    public interface Work<Q, A> {
        List<A> run(List<Q> batch);
    }

    /** Requests in one batch: enough to share a transaction widely, few enough for short locks and IN lists. */
    public static final int DEFAULT_BATCH = 200;
    /**
     * Batches of one kind written at once. One: a second concurrent claim transaction mostly waited for the first's
     * borrower and chain locks, and halved the batches (issue 9's bench on PostgreSQL, 384 threads: 1 writer 855
     * messages/s, batches of 125 claims and 55 outcomes, against 627-694/s and 46 and 23 with 2).
     */
    public static final int DEFAULT_CONCURRENT = 1;

    private final Work<Q, A> work;
    private final int maxBatch;
    private final int maxConcurrent;
    private final Queue<Pending<Q, A>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder batches = new LongAdder();
    private final LongAdder requests = new LongAdder();

    /**
     * @param maxBatch      the most requests in one batch (one transaction)
     * @param maxConcurrent how many batches may be written at the same time (each on a connection of its own)
     */
    public GroupCommit(Work<Q, A> work, int maxBatch, int maxConcurrent) {
        if (maxBatch < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("batch size and concurrency must be at least 1");
        }
        this.work = work;
        this.maxBatch = maxBatch;
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * Carries out one request, together with whatever others are waiting, and returns its answer once it is committed.
     * Not interruptible: a claim being written is waited for, so its caller always knows whether it holds the claim.
     */
    public A submit(Q request) {
        Pending<Q, A> mine = new Pending<>(request, Thread.currentThread());
        queue.add(mine);
        while (!mine.done) {
            // a request already taken into another caller's batch only waits: that batch answers it
            if (!mine.taken && takeSlot()) {
                try {
                    while (!mine.done) {
                        List<Pending<Q, A>> batch = drain();
                        if (batch.isEmpty()) {
                            break; // another writer has it
                        }
                        carryOut(batch);
                    }
                } finally {
                    running.decrementAndGet();
                    wakeNext();
                }
            } else {
                // woken when our request is done, or as the head of the queue when a writer leaves; the timeout only
                // guards against a wake-up lost to a race (waking often instead would cost more than the batching saves)
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        return mine.answer();
    }

    /** How many batches were carried out, and how many requests they held: their ratio is the mean batch size. */
    public Stats stats() {
        return new Stats(batches.sum(), requests.sum());
    }

    /** Batches carried out and the requests in them. */
    public record Stats(long batches, long requests) {
        public double meanBatch() {
            return batches == 0 ? 0 : (double) requests / batches;
        }
    }

    /** Requests waiting for a batch (for tests and metrics). */
    public int queued() {
        return queue.size();
    }

    private boolean takeSlot() {
        for (int n = running.get(); n < maxConcurrent; n = running.get()) {
            if (running.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private List<Pending<Q, A>> drain() {
        List<Pending<Q, A>> batch = new ArrayList<>(Math.min(maxBatch, 64));
        for (Pending<Q, A> p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
            p.taken = true;
            batch.add(p);
        }
        return batch;
    }

    private void carryOut(List<Pending<Q, A>> batch) {
        batches.increment();
        requests.add(batch.size());
        List<Q> requests = new ArrayList<>(batch.size());
        batch.forEach(p -> requests.add(p.request));
        try {
            List<A> answers = work.run(requests);
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("a batch of " + batch.size() + " gave " + answers.size() + " answers");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(answers.get(i), null);
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1 || !mayBeOneRequests(e)) {
                // the database is out of reach: every request would fail alike, each after its own wait
                batch.forEach(p -> p.complete(null, e));
                return;
            }
            // one request may be what failed the batch: each alone, so only its own caller sees the error
            for (Pending<Q, A> p : batch) {
                carryOut(List.of(p));
            }
        }
    }

    /**
     * False when the batch failed for want of a database connection ({@link Outages#isDatabaseAway}):
     * that says nothing about any one request, and trying each alone would make every caller wait out the same
     * timeout one after the other.
     */
    static boolean mayBeOneRequests(Throwable error) {
        return !Outages.isDatabaseAway(error);
    }

    private void wakeNext() {
        Pending<Q, A> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    private static final class Pending<Q, A> {
        final Q request;
        final Thread waiter;
        /** In a batch being written by some caller. */
        volatile boolean taken;
        volatile boolean done;
        A answer;
        Throwable error;

        Pending(Q request, Thread waiter) {
            this.request = request;
            this.waiter = waiter;
        }

        void complete(A value, Throwable failure) {
            answer = value;
            error = failure;
            done = true; // publishes answer and error to the waiter
            LockSupport.unpark(waiter);
        }

        A answer() {
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            return answer;
        }
    }
}
