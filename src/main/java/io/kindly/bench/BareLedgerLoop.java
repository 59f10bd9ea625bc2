package io.kindly.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The other ceiling: the least a durably recorded send can cost the ledger's database, measured on the same server
 * with the same driver. Per message one row is inserted as the claim (its business key the primary key, so a second
 * claim of the key would fail) and updated once as the outcome; claims and outcomes are committed in groups of
 * {@code batch}, by {@code writers} threads, as Kindly's group commit does at its best. No hash chain, no contact
 * history, no policy reads, no second index: a floor under what any design that records every send before and after
 * it can cost, not a design Kindly could ship.
 *
 * <p>Together with the bare HTTP loop it bounds what this machine can do: the machine CPU of one bare request (client
 * and stub) plus that of one bare record is the least any end-to-end message costs here.
 *
 * <p>Bounded twice: a number of messages, and a time limit. Its table ({@value #TABLE}) lives in the bench's own
 * schema or database and is dropped afterwards.
 */
final class BareLedgerLoop {
    static final String TABLE = "kindly_bench_bare_record";

    /** What one run of the loop did; CPU times in ms, -1 when not measured. */
    record Result(long messages, Duration took, int writers, int batch, int bodyBytes, long clientCpuMs,
            long serverCpuMs) {
        double messagesPerSecond() {
            return took.isZero() ? 0 : messages / (took.toNanos() / 1e9);
        }
    }

    private BareLedgerLoop() {
    }

    static Result run(DatabaseSettings ledger, int writers, int batch, long maxMessages, Duration maxTime,
            int bodyBytes) throws SQLException, InterruptedException {
        String body = "x".repeat(Math.max(bodyBytes, 1));
        DatabaseSettings pooled = new DatabaseSettings(ledger.prefix(), ledger.url(), ledger.username(),
                ledger.password(), writers + 1);
        boolean localPostgres = PostgresServerCpu.applies(ledger);
        try (HikariDataSource ds = Databases.pool(pooled, "kindly-bench-bare-ledger", false)) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("drop table if exists " + TABLE);
                st.execute("create table " + TABLE + " (business_key varchar(120) not null primary key,"
                        + " status varchar(16) not null, body varchar(2000), updated_at_utc timestamp not null)");
            }
            AtomicLong next = new AtomicLong();
            LongAdder done = new LongAdder();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            long deadline = System.nanoTime() + maxTime.toNanos();
            long cpuBefore = JvmGauges.processCpuNanos();
            ProcCpu.Snapshot serverBefore = localPostgres ? PostgresServerCpu.take() : null;
            long started = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Thread t = new Thread(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            long first = next.getAndAdd(batch);
                            if (first >= maxMessages) {
                                return;
                            }
                            int n = (int) Math.min(batch, maxMessages - first);
                            claimAndRecord(ds, first, n, body);
                            done.add(n);
                        }
                    } catch (Exception | AssertionError e) {
                        errors.add(e);
                    }
                }, "bench-bare-ledger-" + i);
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join(maxTime.toMillis() + 30_000);
            }
            long ended = System.nanoTime();
            long clientCpu = (JvmGauges.processCpuNanos() - cpuBefore) / 1_000_000;
            long serverCpu = localPostgres ? ProcCpu.millisBetween(serverBefore, PostgresServerCpu.take()) : -1;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("drop table " + TABLE);
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("the bare ledger loop failed: " + errors.get(0), errors.get(0));
            }
            return new Result(done.sum(), Duration.ofNanos(ended - started), writers, batch, body.length(),
                    clientCpu, serverCpu);
        }
    }

    /** One group: the claims in one transaction, then the outcomes in another, each committed before going on. */
    private static void claimAndRecord(HikariDataSource ds, long first, int n, String body) throws SQLException {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + TABLE
                    + " (business_key, status, body, updated_at_utc) values (?, 'CLAIMED', ?, ?)")) {
                for (long k = first; k < first + n; k++) {
                    ps.setString(1, "L" + k + "/due_minus_3/sms/2026-11-30");
                    ps.setString(2, body);
                    ps.setTimestamp(3, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("update " + TABLE
                    + " set status = 'SENT', updated_at_utc = ? where business_key = ?")) {
                for (long k = first; k < first + n; k++) {
                    ps.setTimestamp(1, now);
                    ps.setString(2, "L" + k + "/due_minus_3/sms/2026-11-30");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
