package io.kindly.db;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts how often a connection is taken from each of Kindly's pools, by pool name. Each checkout is one short
 * transaction in Kindly's ledger code (one per write, see {@code Transactions}), so the count per message sent is the
 * database cost of a message that {@code kindly bench} reports.
 *
 * <p>A {@link LongAdder} per pool: an increment costs a few nanoseconds and does not contend between the worker
 * threads, so the counting can stay on in production.
 */
final class ConnectionCheckouts implements MetricsTrackerFactory {
    static final ConnectionCheckouts INSTANCE = new ConnectionCheckouts();

    private final Map<String, LongAdder> byPool = new ConcurrentHashMap<>();

    private ConnectionCheckouts() {
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        LongAdder count = counter(poolName);
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                count.increment();
            }
        };
    }

    /** Since this JVM started: a pool opened again under the same name adds to the same count. */
    long count(String poolName) {
        return counter(poolName).sum();
    }

    private LongAdder counter(String poolName) {
        return byPool.computeIfAbsent(poolName, n -> new LongAdder());
    }
}
