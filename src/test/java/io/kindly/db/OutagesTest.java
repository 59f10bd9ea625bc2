package io.kindly.db;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that is away is told from one that refused the work, and work waits for it only within the tolerance. */
class OutagesTest {

    @Test
    void whatADatabaseThatWentAwayLooksLike() {
        // HikariCP timing out for want of a connection; a dropped connection (08006); PostgreSQL shutting down (57P01)
        assertThat(Outages.isDatabaseAway(new LedgerException("claim", new SQLTransientConnectionException(
                "kindly-ledger - Connection is not available, request timed out after 10000ms")))).isTrue();
        assertThat(Outages.isDatabaseAway(new LedgerException("outcome", new SQLException("An I/O error occurred",
                "08006")))).isTrue();
        assertThat(Outages.isDatabaseAway(new RuntimeException(new SQLException(
                "terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(Outages.isDatabaseAway(new SQLException("Connection is closed", "08003"))).isTrue();
        // HikariCP, on a connection it closed after a fatal error: no SQLState
        assertThat(Outages.isDatabaseAway(new LedgerException("claim", new SQLException("Connection is closed"))))
                .isTrue();
        assertThat(Outages.isDatabaseAway(new SQLException("read failed", null, new SocketException("reset"))))
                .isTrue();
        assertThat(Outages.isDatabaseAway(new SQLException("read failed", null, new EOFException()))).isTrue();
    }

    @Test
    void whatItDoesNotLookLike() {
        assertThat(Outages.isDatabaseAway(new LedgerException("claim", new SQLIntegrityConstraintViolationException(
                "duplicate key", "23505")))).isFalse();
        assertThat(Outages.isDatabaseAway(new SQLException("syntax error", "42601"))).isFalse();
        // a gateway's socket error is the gateway's, not the database's
        assertThat(Outages.isDatabaseAway(new IOException(new SocketException("reset")))).isFalse();
        assertThat(Outages.isDatabaseAway(new IllegalStateException("no contact"))).isFalse();
        assertThat(Outages.isDatabaseAway(null)).isFalse();
        // an embedded H2 that ran out of memory reports itself closed (90098, class 08): the JVM's trouble, not an
        // outage to wait out
        assertThat(Outages.isDatabaseAway(new LedgerException("claim", new SQLNonTransientConnectionException(
                "The database has been closed", "90098", new OutOfMemoryError("Cannot reserve direct buffer memory")))))
                .isFalse();
    }

    @Test
    void workWaitsForTheDatabaseAndIsDoneWhenItIsBack() {
        AtomicInteger calls = new AtomicInteger();
        String result = Outages.patiently(Duration.ofSeconds(10), "test work", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new LedgerException("write", new SQLException("gone", "08006"));
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void pastTheToleranceTheOutageIsReported() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Outages.patiently(Duration.ofMillis(700), "test work", () -> {
            calls.incrementAndGet();
            throw new LedgerException("write", new SQLException("gone", "08006"));
        })).isInstanceOf(LedgerException.class).satisfies(e -> assertThat(Outages.isDatabaseAway(e)).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        assertThat(calls.get()).isGreaterThan(1);
    }

    @Test
    void anyOtherErrorIsNotWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Outages.patiently(Duration.ofSeconds(10), "test work", () -> {
            calls.incrementAndGet();
            throw new LedgerException("write", new SQLException("duplicate", "23505"));
        })).isInstanceOf(LedgerException.class);
        assertThat(calls).hasValue(1);
    }
}
