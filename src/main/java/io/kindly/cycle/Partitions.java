package io.kindly.cycle;

import io.kindly.db.LedgerException;
import io.kindly.db.Outages;
import io.kindly.domain.CycleRun;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * One cycle's work shared by the daemons of a cluster (the routes at the end of routes/cycle.camel.yaml): the borrowers
 * are split into shares by {@link BorrowerPartitions}, one {@code kindly_cycle_partition} row per share. A daemon
 * leases a share with a conditional UPDATE (nobody holds it, or its lease ran out), renews the lease while it reads
 * the source for it (only the rows of that share's borrowers go on), and marks it done. A daemon that dies stops
 * renewing; once its lease has run out another daemon leases the share, settles what the dead one left claimed, and reads the share
 * again: what was decided or sent is skipped by the ledger as already handled.
 *
 * <p>The lease times are this daemon's clock, compared with the others': keep the daemons' clocks synchronised (NTP);
 * a skew of a few seconds only moves when a dead daemon's share is taken over.
 */
public final class Partitions {
    /** Exchange property: the share this pass works ({@link Lease}); absent outside a shared pass. */
    public static final String PROPERTY = "KindlyPartition";
    /** Exchange property: the run whose shares the firing daemon works on (it leases only that run's). */
    public static final String OWN_RUN = "KindlySharedRun";
    /** Exchange property: the run a daemon finishes for a firing daemon that stopped ({@link #adopt}). */
    public static final String ADOPTED = "KindlyAdoptedRun";
    /**
     * The share number of a run's own row: leased by the daemon that fired it until it has written the summary, so that
     * if it dies mid-cycle another daemon takes the run over, finishes its shares and writes the summary.
     */
    public static final int RUN = -1;
    /** The daemon whose lease on this share ran out, when there was one. */
    public static final String LEFT_BY = "KindlyPartitionLeftBy";
    /** A share that failed this often (an error every time it is read) is given up, and its run fails. */
    static final int MAX_LEASES = 10;
    /**
     * A share not finished this long after its cycle began is left alone: the whole cluster was down, and the next
     * cycle covers the loans anew (a reminder for yesterday's stage is not sent today).
     */
    static final Duration OPEN_FOR = Duration.ofHours(12);
    private static final int CANDIDATES = 8;

    private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);

    /** A share leased by this daemon, and who had it before when its lease had run out. */
    public record Lease(String runId, int partition, int partitions, LocalDate businessDate, String trigger,
            Instant runStartedAt, String leftBy) {
        String key() {
            return runId + "#" + partition;
        }
    }

    private final DataSource ds;
    private final ClusterSettings settings;
    /** A source row's borrower id (source.AccountReader, given at start-up: the source is entered from the routes). */
    private final Function<Object, String> borrowerIdOf;
    private final Clock clock;
    private final String self;
    /** The shares this daemon works now; false once another daemon took one over (its rows are then skipped). */
    private final Map<String, AtomicBoolean> held = new ConcurrentHashMap<>();

    public Partitions(DataSource ds, ClusterSettings settings, Function<Object, String> borrowerIdOf, Clock clock,
            String self) {
        this.ds = ds;
        this.settings = settings;
        this.borrowerIdOf = borrowerIdOf;
        this.clock = clock;
        this.self = self;
    }

    /**
     * Route step of the firing daemon: the run's shares, written once (a pass read again after a database outage
     * finds them there), and the run's own row, leased to this daemon until it has written the summary.
     */
    public void open(Exchange exchange) {
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        exchange.setProperty(OWN_RUN, run.runId());
        String sql = "insert into kindly_cycle_partition (run_id, partition_no, partitions, business_date, trigger_kind,"
                + " created_at_utc, leases) values (?, ?, ?, ?, ?, ?, 0)";
        try (Connection c = ds.getConnection()) {
            if (count(c, "select count(*) from kindly_cycle_partition where run_id = ?", run.runId()) > 0) {
                return;
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int p = RUN; p < settings.partitions(); p++) {
                    ps.setString(1, run.runId());
                    ps.setInt(2, p);
                    ps.setInt(3, settings.partitions());
                    ps.setObject(4, run.businessDate());
                    ps.setString(5, run.trigger());
                    ps.setObject(6, utc(run.startedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("update kindly_cycle_partition set owner_node = ?,"
                    + " lease_until_utc = ?, leases = 1 where run_id = ? and partition_no = " + RUN)) {
                ps.setString(1, self);
                ps.setObject(2, utc(clock.instant().plus(settings.lease())));
                ps.setString(3, run.runId());
                ps.executeUpdate();
            }
            c.commit();
            held.put(run.runId() + "#" + RUN, new AtomicBoolean(true));
            LOG.info("cycle {}: {} shares open to the daemons of the cluster", run.runId(), settings.partitions());
        } catch (SQLException e) {
            throw new LedgerException("cannot open the cycle's shares", e);
        }
    }

    /**
     * Route step: leases one open share (of the firing daemon's own run when {@link #OWN_RUN} is set, else of any
     * open run) and sets {@link #PROPERTY}; without a share to take, the property is removed.
     */
    public void lease(Exchange exchange) {
        exchange.removeProperty(PROPERTY);
        exchange.removeProperty(LEFT_BY);
        if (!exchange.getContext().isStarted() || exchange.getContext().isStopping()) {
            // a daemon still starting takes no work yet (its timer starts before the routes and the HTTP server it
            // may send through are up, which is also when Quartz starts firing), and a stopping one no new work
            return;
        }
        if (sharesHeld() >= settings.atOnce()) {
            return; // as many shares as this daemon works at once (kindly.cluster.shares-at-once)
        }
        Instant now = clock.instant();
        String only = exchange.getProperty(OWN_RUN, String.class);
        String find = "select run_id, partition_no, partitions, business_date, trigger_kind, created_at_utc, owner_node"
                + " from kindly_cycle_partition where done_at_utc is null and created_at_utc > ? and leases < ?"
                + " and (owner_node is null or lease_until_utc < ?)"
                + (only == null ? "" : " and run_id = ? and partition_no <> " + RUN)
                + " order by created_at_utc, partition_no limit " + CANDIDATES;
        String take = "update kindly_cycle_partition set owner_node = ?, lease_until_utc = ?, leases = leases + 1"
                + " where run_id = ? and partition_no = ? and done_at_utc is null and coalesce(owner_node, '') = ?"
                + " and (owner_node is null or lease_until_utc < ?)";
        try (Connection c = ds.getConnection()) {
            List<Lease> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(find)) {
                ps.setObject(1, utc(now.minus(OPEN_FOR)));
                ps.setInt(2, MAX_LEASES);
                ps.setObject(3, utc(now));
                if (only != null) {
                    ps.setString(4, only);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Lease(rs.getString(1), rs.getInt(2), rs.getInt(3),
                                rs.getObject(4, LocalDate.class), rs.getString(5),
                                rs.getTimestamp(6).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString(7)));
                    }
                }
            }
            // another daemon may take the same share between the read and the update: the update's condition
            // decides, and the next candidate is tried
            for (Lease candidate : candidates) {
                try (PreparedStatement ps = c.prepareStatement(take)) {
                    ps.setString(1, self);
                    ps.setObject(2, utc(now.plus(settings.lease())));
                    ps.setString(3, candidate.runId());
                    ps.setInt(4, candidate.partition());
                    ps.setString(5, candidate.leftBy() == null ? "" : candidate.leftBy());
                    ps.setObject(6, utc(now));
                    if (ps.executeUpdate() == 1) {
                        held.put(candidate.key(), new AtomicBoolean(true));
                        exchange.setProperty(PROPERTY, candidate);
                        if (candidate.partition() == RUN) {
                            LOG.warn("cycle {}: its daemon ({}) stopped before finishing it; this daemon finishes it",
                                    candidate.runId(), candidate.leftBy() == null ? "stopping" : candidate.leftBy());
                        } else if (candidate.leftBy() != null) {
                            exchange.setProperty(LEFT_BY, candidate.leftBy());
                            LOG.warn("cycle {}: share {} taken over from {}, whose lease ran out (stopped or stalled)",
                                    candidate.runId(), candidate.partition(), candidate.leftBy());
                        } else {
                            LOG.info("cycle {}: working share {} of {}", candidate.runId(), candidate.partition(),
                                    candidate.partitions());
                        }
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot lease a share of a cycle", e);
        }
    }

    /**
     * Filter step on each source row of a pass: outside a shared pass every row goes on; in one, only the rows of the
     * share's borrowers, and none once another daemon has taken the share over.
     */
    public boolean holds(Exchange exchange) {
        Lease lease = exchange.getProperty(PROPERTY, Lease.class);
        if (lease == null) {
            return true;
        }
        AtomicBoolean ours = held.get(lease.key());
        return ours != null && ours.get()
                && BorrowerPartitions.of(borrowerIdOf.apply(exchange.getMessage().getBody()), lease.partitions())
                == lease.partition();
    }

    /** Route step after a share's pass: done, with what the pass counted, unless another daemon took it meanwhile. */
    public void done(Exchange exchange) {
        Lease lease = exchange.getProperty(PROPERTY, Lease.class);
        CycleRun share = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        String sql = "update kindly_cycle_partition set done_at_utc = ?, done_by = ?, accounts_read = ?,"
                + " accounts_with_stage = ?, already_handled = ? where run_id = ? and partition_no = ?"
                + " and owner_node = ? and done_at_utc is null";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(clock.instant()));
            ps.setString(2, self);
            ps.setInt(3, share.accountsRead());
            ps.setInt(4, share.accountsWithStage());
            ps.setInt(5, share.alreadyHandledCount());
            ps.setString(6, lease.runId());
            ps.setInt(7, lease.partition());
            ps.setString(8, self);
            if (ps.executeUpdate() == 1) {
                LOG.info("cycle {}: share {} done, {} accounts read", lease.runId(), lease.partition(),
                        share.accountsRead());
            } else {
                LOG.warn("cycle {}: share {} was taken over by another daemon before this one finished it; that "
                        + "daemon's pass finishes it", lease.runId(), lease.partition());
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot mark a share of the cycle done", e);
        } finally {
            held.remove(lease.key());
        }
    }

    /**
     * The {@code doCatch} of a share's pass (Kindly stopping, a database away, an error reading the source): the share
     * is given back at once for any daemon to lease, and the error goes no further; a share that fails every time is
     * given up after {@value #MAX_LEASES} leases (a database outage does not count). If the ledger is away, the
     * lease simply runs out.
     */
    public void giveBack(Exchange exchange) {
        // finishing a run for its stopped daemon (kindly-cycle-adopted), the run is what goes back, not its last share
        Lease adopted = exchange.getProperty(ADOPTED, Lease.class);
        Lease lease = adopted != null ? adopted : exchange.getProperty(PROPERTY, Lease.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        held.remove(lease.key());
        boolean away = Outages.isDatabaseAway(error);
        LOG.warn("cycle {}: {} given back ({})", lease.runId(), lease.partition() == RUN ? "the run"
                : "share " + lease.partition(), Cycles.rootCause(error));
        String sql = "update kindly_cycle_partition set owner_node = null, lease_until_utc = null, leases = leases - ?"
                + " where run_id = ? and partition_no = ? and owner_node = ? and done_at_utc is null";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, away ? 1 : 0);
            ps.setString(2, lease.runId());
            ps.setInt(3, lease.partition());
            ps.setString(4, self);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cycle {}: share {} could not be given back ({}); its lease runs out in {}s", lease.runId(),
                    lease.partition(), e.getMessage(), settings.lease().toSeconds());
        }
    }

    /**
     * The heartbeat route: renews the lease of every share this daemon works; a share another daemon has taken over
     * meanwhile (this one stalled past its lease) is let go, and the rest of its rows are skipped here.
     */
    public void renew() {
        if (held.isEmpty()) {
            return;
        }
        String sql = "update kindly_cycle_partition set lease_until_utc = ? where run_id = ? and partition_no = ?"
                + " and owner_node = ? and done_at_utc is null";
        Instant until = clock.instant().plus(settings.lease());
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<String, AtomicBoolean> e : held.entrySet()) {
                int hash = e.getKey().lastIndexOf('#');
                ps.setObject(1, utc(until));
                ps.setString(2, e.getKey().substring(0, hash));
                ps.setInt(3, Integer.parseInt(e.getKey().substring(hash + 1)));
                ps.setString(4, self);
                if (ps.executeUpdate() == 0 && e.getValue().getAndSet(false)) {
                    LOG.warn("share {} was taken over by another daemon (this one did not renew its lease in time): "
                            + "its remaining rows are left to that daemon", e.getKey());
                }
            }
        } catch (SQLException ex) {
            // the ledger is away: the shares are renewed at the next beat, or taken over if it stays away too long
            LOG.warn("cannot renew the leases of this daemon's shares: {}", ex.getMessage());
        }
    }

    /**
     * The firing daemon's loop condition: true while a share of its run is not done and can still be done (not given
     * up, not too old, Kindly not stopping).
     */
    public boolean unfinished(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            return false;
        }
        String sql = "select count(*) from kindly_cycle_partition where run_id = ? and done_at_utc is null"
                + " and leases < " + MAX_LEASES + " and partition_no <> " + RUN;
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        if (clock.instant().isAfter(run.startedAt().plus(OPEN_FOR))) {
            return false;
        }
        try (Connection c = ds.getConnection()) {
            return count(c, sql, run.runId()) > 0;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the cycle's shares", e);
        }
    }

    /**
     * The firing daemon's last step before the summary: adds what every share counted to the run; a share not done
     * (given up, Kindly stopping) fails the run, naming it. The messages of a share given up are not lost: claims
     * are settled by claim recovery and the next cycle plans the rest.
     */
    public void collect(Exchange exchange) {
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        String sql = "select partition_no, done_at_utc, accounts_read, accounts_with_stage, already_handled"
                + " from kindly_cycle_partition where run_id = ? and partition_no <> " + RUN + " order by partition_no";
        List<Integer> open = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run.runId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getTimestamp(2) == null) {
                        open.add(rs.getInt(1));
                    } else {
                        run.addShare(rs.getInt(3), rs.getInt(4), rs.getInt(5));
                    }
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the cycle's shares", e);
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("shares " + open + " of the cycle were not finished (Kindly is stopping, "
                    + "or they failed " + MAX_LEASES + " times: see the log); their claims are settled by claim "
                    + "recovery, the rest goes in the next cycle");
        }
    }

    /**
     * First step of route {@code kindly-cycle-adopted}: this daemon leased a run's own row, so the daemon that fired
     * the run stopped (died, or was stopped) before writing its summary. This daemon works the run's shares like the
     * firing daemon would, then writes the summary (the firing daemon's release pass is not in its counts).
     */
    public void adopt(Exchange exchange) {
        Lease lease = exchange.getProperty(PROPERTY, Lease.class);
        exchange.setProperty(ADOPTED, lease);
        exchange.setProperty(OWN_RUN, lease.runId());
    }

    /**
     * After the summary (route {@code kindly-cycle}, or {@code kindly-cycle-adopted}): the run's own row is done, the
     * run needs no one any more. Outside cluster mode there is none, and nothing is done.
     */
    public void closeRun(Exchange exchange) {
        Lease adopted = exchange.getProperty(ADOPTED, Lease.class);
        String runId = adopted != null ? adopted.runId() : exchange.getProperty(OWN_RUN, String.class);
        if (runId == null) {
            return;
        }
        held.remove(runId + "#" + RUN);
        String sql = "update kindly_cycle_partition set done_at_utc = ?, done_by = ? where run_id = ?"
                + " and partition_no = " + RUN + " and done_at_utc is null";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(clock.instant()));
            ps.setString(2, self);
            ps.setString(3, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the cycle's shares", e);
        }
    }

    /**
     * The firing daemon's cycle failed ({@code kindly-cycle}'s {@code doCatch}, before the run is recorded failed):
     * when Kindly is stopping, the run's own row is given back, so another daemon finishes the run's shares and writes
     * its summary; any other failure closes it (the run is recorded FAILED, with its cause, by this daemon).
     */
    public void letGo(Exchange exchange) {
        String runId = exchange.getProperty(OWN_RUN, String.class);
        if (runId == null) {
            return;
        }
        if (!exchange.getContext().isStopping()) {
            closeRun(exchange);
            return;
        }
        held.remove(runId + "#" + RUN);
        String sql = "update kindly_cycle_partition set owner_node = null, lease_until_utc = null where run_id = ?"
                + " and partition_no = " + RUN + " and owner_node = ? and done_at_utc is null";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            ps.setString(2, self);
            ps.executeUpdate();
            LOG.warn("cycle {}: Kindly is stopping; another daemon of the cluster finishes the cycle", runId);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cycle {}: could not hand the cycle over ({}); another daemon takes it over once its lease runs "
                    + "out", runId, e.getMessage());
        }
    }

    /** The shares (not runs) this daemon works now. */
    private long sharesHeld() {
        return held.keySet().stream().filter(k -> !k.endsWith("#" + RUN)).count();
    }

    private static long count(Connection c, String sql, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
