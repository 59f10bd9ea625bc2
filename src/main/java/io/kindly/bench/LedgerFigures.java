package io.kindly.bench;

import io.kindly.db.DatabaseSettings;
import io.kindly.domain.Channel;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cycle's figures as the ledger records them, read after Kindly has stopped, on a connection of the bench's own.
 * The ledger was empty before the cycle, so everything in it is this cycle's.
 *
 * <p>Timestamps are {@code recorded_at_utc}, {@code timestamp(6)} (microseconds) on every database, written from
 * Kindly's clock: the bench's shifted clock, which ticks in real time, so differences between them are real durations.
 *
 * @param outcomes      each contact's current status, by channel
 * @param rowsRejected  source rows refused before planning (none expected: the synthetic book is clean)
 * @param untilFirstClaim from the start of the cycle (its run row) to the first CLAIMED entry: reading the source
 *                      and planning before anything is sent; null when nothing was claimed
 * @param sendingPhase  from the first CLAIMED entry to the last SENT entry; null when nothing was sent
 * @param claimToSentMicros per contact that was sent: its SENT entry's time minus its CLAIMED entry's, sorted
 */
record LedgerFigures(Map<Channel, Map<String, Long>> outcomes, long accountsRead, long rowsRejected,
        Duration untilFirstClaim, Duration sendingPhase, long[] claimToSentMicros) {

    static LedgerFigures read(DatabaseSettings db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            Map<Channel, Map<String, Long>> outcomes = new EnumMap<>(Channel.class);
            for (Channel ch : Channel.values()) {
                outcomes.put(ch, new TreeMap<>());
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select channel, status, count(*) from kindly_contact"
                         + " group by channel, status")) {
                while (rs.next()) {
                    Channel ch = Channel.byId(rs.getString(1)).orElseThrow();
                    outcomes.get(ch).put(rs.getString(2), rs.getLong(3));
                }
            }
            long rejected = single(c, "select count(*) from kindly_ledger_entry where contact_id is null");
            long read = single(c, "select coalesce(sum(accounts_read), 0) from kindly_cycle_run");
            LocalDateTime firstClaim = time(c, "select min(recorded_at_utc) from kindly_ledger_entry"
                    + " where status = 'CLAIMED'");
            LocalDateTime lastSent = time(c, "select max(recorded_at_utc) from kindly_ledger_entry"
                    + " where status = 'SENT'");
            LocalDateTime cycleStart = time(c, "select min(started_at_utc) from kindly_cycle_run");
            Duration phase = firstClaim == null || lastSent == null ? null : Duration.between(firstClaim, lastSent);
            Duration untilFirst = firstClaim == null || cycleStart == null ? null
                    : Duration.between(cycleStart, firstClaim);
            return new LedgerFigures(outcomes, read, rejected, untilFirst, phase, claimToSent(c));
        }
    }

    long count(Channel channel, String status) {
        return outcomes.get(channel).getOrDefault(status, 0L);
    }

    long count(String status) {
        return outcomes.values().stream().mapToLong(m -> m.getOrDefault(status, 0L)).sum();
    }

    /** Nearest-rank percentile in microseconds, -1 without data. */
    long percentileMicros(double p) {
        if (claimToSentMicros.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * claimToSentMicros.length);
        return claimToSentMicros[Math.max(0, Math.min(claimToSentMicros.length - 1, rank - 1))];
    }

    /**
     * Streams the pairs (PostgreSQL only streams inside a transaction with a fetch size), keeping one long per contact:
     * 20 MB for 2.5 million messages.
     */
    private static long[] claimToSent(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long[] micros = new long[1024];
        int n = 0;
        String sql = "select cl.recorded_at_utc, se.recorded_at_utc from kindly_ledger_entry cl"
                + " join kindly_ledger_entry se on se.run_id = cl.run_id and se.contact_id = cl.contact_id"
                + " where cl.status = 'CLAIMED' and se.status = 'SENT'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == micros.length) {
                        micros = Arrays.copyOf(micros, n * 2);
                    }
                    Duration d = Duration.between(rs.getObject(1, LocalDateTime.class),
                            rs.getObject(2, LocalDateTime.class));
                    micros[n++] = d.toNanos() / 1_000;
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
        long[] sorted = Arrays.copyOf(micros, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static LocalDateTime time(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
        }
    }
}
