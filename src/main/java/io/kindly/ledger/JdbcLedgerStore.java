package io.kindly.ledger;

import io.kindly.db.LedgerException;
import io.kindly.db.GroupCommit;
import io.kindly.db.Transactions;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.domain.CycleRun;
import io.kindly.source.RowRejectedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import static io.kindly.db.SqlLists.bind;
import static io.kindly.db.SqlLists.marks;

/**
 * The ledger in a SQL database (H2, PostgreSQL, MySQL/MariaDB): the claim per business key ({@code kindly_contact})
 * and the append-only evidence ({@code kindly_ledger_entry}).
 *
 * <p>Every method is one short transaction. A decision or an outcome updates the contact row and appends its entry
 * together, so the two never disagree. The contact row is read {@code FOR UPDATE}, which makes concurrent dispatchers
 * (threads, or daemons sharing the database) queue on a business key instead of both sending. Entries are only ever
 * inserted; that is what lets a hash chain be added over them later without rewriting history.
 */
public final class JdbcLedgerStore implements LedgerStore {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final DataSource ds;
    private final Clock clock;
    private final String node;
    private final GroupCommit<String, Optional<Status>> statusReads;
    private final GroupCommit<Contact, Boolean> decisions;
    private final GroupCommit<ClaimRequest, ClaimResult> claims;
    private final GroupCommit<Outcome, Boolean> outcomes;
    private final LedgerStatistics statistics;
    /** The entries the current transaction of this thread has written, told to the listener once committed. */
    private final ThreadLocal<List<EntryRow>> written = new ThreadLocal<>();
    private volatile Consumer<List<EntryRow>> committed = entries -> { };

    public JdbcLedgerStore(DataSource ds, Clock clock, String node) {
        this(ds, clock, node, GroupCommit.DEFAULT_BATCH, GroupCommit.DEFAULT_CONCURRENT);
    }

    /**
     * @param batch      the most claims, outcomes or decisions written in one transaction
     * @param concurrent how many such transactions of one kind may be under way at once
     */
    public JdbcLedgerStore(DataSource ds, Clock clock, String node, int batch, int concurrent) {
        this.ds = ds;
        this.clock = clock;
        this.node = node;
        // reads are short: one at a time lets more callers gather behind it, and each batch costs the database a
        // statement and a commit whatever its size
        this.statusReads = new GroupCommit<>(this::readStatuses, batch, 1);
        this.decisions = new GroupCommit<>(this::recordDecisions, batch, concurrent);
        this.claims = new GroupCommit<>(this::claimAll, batch, concurrent);
        this.outcomes = new GroupCommit<>(this::recordOutcomes, batch, concurrent);
        this.statistics = new LedgerStatistics(ds);
    }

    /** Who hears of the entries each transaction committed (the metrics); never told of a rolled-back one. */
    public void onCommitted(Consumer<List<EntryRow>> listener) {
        this.committed = listener;
    }

    /** How well the group commit is grouping, by kind of write (for the bench and metrics). */
    public Map<String, GroupCommit.Stats> batchStats() {
        Map<String, GroupCommit.Stats> stats = new java.util.LinkedHashMap<>();
        stats.put("status reads", statusReads.stats());
        stats.put("decisions", decisions.stats());
        stats.put("claims", claims.stats());
        stats.put("outcomes", outcomes.stats());
        return stats;
    }

    @Override
    public DataSource dataSource() {
        return ds;
    }

    // ---------------------------------------------------------------------------------------------------- runs

    @Override
    public void beginRun(CycleRun run) {
        String sql = "insert into kindly_cycle_run (run_id, business_date, trigger_kind, node, started_at_utc, outcome,"
                + " requested_by, request_note) values (?, ?, ?, ?, ?, 'RUNNING', ?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run.runId());
            ps.setObject(2, run.businessDate());
            ps.setString(3, limit(run.trigger(), 16));
            ps.setString(4, limit(node, 128));
            ps.setObject(5, utc(run.startedAt()));
            ps.setString(6, limit(run.requestedBy(), 100));
            ps.setString(7, limit(run.note(), 1000));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot record the start of the cycle", e);
        }
    }

    @Override
    public void finishRun(CycleRun run, boolean completed, String error) {
        String sql = "update kindly_cycle_run set finished_at_utc = ?, outcome = ?, accounts_read = ?, error = ?"
                + " where run_id = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(clock.instant()));
            ps.setString(2, completed ? "COMPLETED" : "FAILED");
            ps.setInt(3, run.accountsRead());
            ps.setString(4, limit(error, 2000));
            ps.setString(5, run.runId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot record the end of the cycle", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ contacts

    /** The recorded status of a business key, if it was ever decided. */
    @Override
    public Optional<Status> statusOf(String contactId) {
        return statusReads.submit(contactId);
    }

    /** The statuses of a batch of business keys, in one query. */
    private List<Optional<Status>> readStatuses(List<String> contactIds) {
        try (Connection c = ds.getConnection()) {
            Map<String, Status> found = statuses(c, new TreeSet<>(contactIds), false);
            List<Optional<Status>> answers = new ArrayList<>(contactIds.size());
            contactIds.forEach(id -> answers.add(Optional.ofNullable(found.get(id))));
            return answers;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the status of " + contactIds.size() + " contact(s)", e);
        }
    }

    /**
     * Records a decision not to send now (SKIPPED, SUPPRESSED, DEFERRED, or FAILED before sending).
     *
     * @return false when the business key was closed meanwhile (sent or claimed elsewhere); nothing is recorded then
     */
    @Override
    public boolean recordDecision(Contact contact) {
        Status status = contact.status();
        if (status == Status.PENDING || (status.isClosed() && status != Status.FAILED)) {
            throw new IllegalArgumentException("not a decision: " + status);
        }
        return decisions.submit(contact);
    }

    private List<Boolean> recordDecisions(List<Contact> contacts) {
        return inTransaction(c -> {
            Map<String, Status> current = statuses(c, idsOf(contacts), true);
            Writes writes = new Writes(c);
            writes.lockChains(contacts);
            List<Boolean> recorded = new ArrayList<>(contacts.size());
            for (Contact contact : contacts) {
                Status was = current.get(contact.id());
                if (was != null && was.isClosed()) {
                    recorded.add(false);
                    continue;
                }
                writes.contact(contact, contact.status(), current.containsKey(contact.id()));
                writes.entry(contact, contact.status(), contact.reason(), contact.detail(), null, null);
                current.put(contact.id(), contact.status());
                recorded.add(true);
            }
            writes.flush();
            return recorded;
        });
    }

    /**
     * Claims the business key for sending: the one moment that decides who sends. Succeeds only if the key was never
     * recorded or is still open (skipped, suppressed or deferred before), and the guard lets it through.
     *
     * <p>Claims arriving together are made together (group commit, {@link GroupCommit}): one transaction locks the
     * batch's borrowers (sorted, so two dispatchers cannot deadlock), then its contacts, the guard reads what it needs
     * for all of them at once, and each contact is decided in turn, a later one of the same borrower counting the
     * earlier ones' claims. Every claim for a borrower, on any dispatcher, takes the borrower's lock, so the caps are
     * counted over every earlier claim. The caller returns only once its claim is committed.
     */
    @Override
    public boolean takeBackOwnClaim(Contact contact) {
        boolean ours = inTransaction(c -> heldHere(claimHolders(c, List.of(contact.id())), contact.id()));
        if (ours) {
            contact.markClaimed(node);
        }
        return ours;
    }

    @Override
    public ClaimResult claim(Contact contact, ClaimGuard guard) {
        ClaimResult result = claims.submit(new ClaimRequest(contact, guard));
        if (result == ClaimResult.CLAIMED) {
            contact.markClaimed(node);
        }
        return result;
    }

    private record ClaimRequest(Contact contact, ClaimGuard guard) {
    }

    private List<ClaimResult> claimAll(List<ClaimRequest> requests) {
        List<ClaimResult> results = claimInTransaction(requests);
        statistics.claimed(requests.size());
        return results;
    }

    private List<ClaimResult> claimInTransaction(List<ClaimRequest> requests) {
        List<Contact> contacts = requests.stream().map(ClaimRequest::contact).toList();
        return inTransaction(c -> {
            Instant now = clock.instant();
            lockBorrowers(c, contacts.stream().map(contact -> contact.account().borrowerId())
                    .collect(Collectors.toCollection(TreeSet::new)), now);
            Map<String, Status> current = statuses(c, idsOf(contacts), true);
            Map<ClaimGuard, ClaimGuard.Batch> guards = new IdentityHashMap<>();
            for (ClaimRequest r : requests) {
                if (!guards.containsKey(r.guard())) {
                    guards.put(r.guard(), r.guard().prepare(c, requests.stream().filter(o -> o.guard() == r.guard())
                            .map(ClaimRequest::contact).toList(), now));
                }
            }
            Writes writes = new Writes(c);
            writes.lockChains(contacts);
            List<ClaimResult> results = new ArrayList<>(requests.size());
            for (ClaimRequest r : requests) {
                Contact contact = r.contact();
                Status was = current.get(contact.id());
                if (was != null && was.isClosed()) {
                    results.add(ClaimResult.CLOSED);
                    continue;
                }
                ClaimGuard.Batch guard = guards.get(r.guard());
                guard.check(contact);
                boolean exists = current.containsKey(contact.id());
                if (!contact.isPending()) {
                    writes.contact(contact, contact.status(), exists);
                    writes.entry(contact, contact.status(), contact.reason(), contact.detail(), null, null);
                    current.put(contact.id(), contact.status());
                    results.add(ClaimResult.DECIDED);
                } else {
                    writes.contact(contact, Status.CLAIMED, exists);
                    // written ahead of the send: should the process die mid-send, this says what may have gone out
                    writes.entry(contact, Status.CLAIMED, null, null, null, null);
                    current.put(contact.id(), Status.CLAIMED);
                    guard.claimed(contact);
                    results.add(ClaimResult.CLAIMED);
                }
                if (guard.readsEarlierClaims()) {
                    writes.flush();
                }
            }
            writes.flush();
            return results;
        });
    }

    /**
     * Locks the borrower's row, creating it on first use. Every claim and every hold or opt-out for a borrower takes
     * this lock first, which serialises them without a lock on anything wider.
     */
    public static void lockBorrower(Connection c, String borrowerId, Instant now) throws SQLException {
        lockBorrowers(c, List.of(borrowerId), now);
    }

    /**
     * Locks several borrowers' rows, in the order given (sorted, by every caller, so that two transactions locking
     * overlapping sets wait for each other instead of deadlocking), creating those that do not exist yet.
     */
    private static void lockBorrowers(Connection c, Collection<String> borrowerIds, Instant now) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select borrower_id from kindly_borrower where borrower_id in ("
                + marks(borrowerIds.size()) + ") order by borrower_id for update")) {
            bind(ps, 1, borrowerIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        if (found.size() == borrowerIds.size()) {
            return;
        }
        // a concurrent first insert fails with a unique violation; the caller's transaction is retried
        try (PreparedStatement ps = c.prepareStatement(
                "insert into kindly_borrower (borrower_id, created_at_utc) values (?, ?)")) {
            for (String b : borrowerIds) {
                if (!found.contains(b)) {
                    ps.setString(1, b);
                    ps.setTimestamp(2, Timestamp.valueOf(utc(now)));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Records what happened to a claimed contact: SENT with the gateway's id, FAILED with the error, or UNKNOWN (it
     * may have gone out; not to be sent again without review). Only the claim's holder may: a contact that is not
     * claimed by this process is refused ({@link NotClaimedException}), whatever a route does.
     */
    @Override
    public void recordOutcome(Contact contact, Status outcome, Reason reason, String gatewayMessageId, String error,
            int attempts) {
        if (outcome != Status.SENT && outcome != Status.FAILED && outcome != Status.UNKNOWN) {
            throw new IllegalArgumentException("not an outcome: " + outcome);
        }
        outcomes.submit(new Outcome(contact, outcome, reason, gatewayMessageId, error, attempts));
    }

    private record Outcome(Contact contact, Status status, Reason reason, String gatewayId, String error,
            int attempts) {
    }

    /** Outcomes arriving together, in one transaction: the claims checked, the contacts updated, the entries added. */
    private List<Boolean> recordOutcomes(List<Outcome> outcomes) {
        return inTransaction(c -> {
            Map<String, String> holders = claimHolders(c, idsOf(outcomes.stream().map(Outcome::contact).toList()));
            for (Outcome o : outcomes) {
                if (!heldHere(holders, o.contact().id())) {
                    throw new NotClaimedException(o.contact().id());
                }
            }
            String sql = "update kindly_contact set status = ?, reason = ?, gateway_message_id = ?, run_id = ?,"
                    + " updated_at_utc = ?, attempts = attempts + ? where contact_id = ?";
            Timestamp now = Timestamp.valueOf(utc(clock.instant()));
            Writes writes = new Writes(c);
            writes.lockChains(outcomes.stream().map(Outcome::contact).toList());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Outcome o : outcomes) {
                    ps.setString(1, o.status().name());
                    ps.setString(2, o.reason() == null ? null : o.reason().name());
                    ps.setString(3, limit(o.gatewayId(), 200));
                    ps.setString(4, o.contact().runId());
                    ps.setTimestamp(5, now);
                    ps.setInt(6, o.attempts());
                    ps.setString(7, o.contact().id());
                    ps.addBatch();
                    writes.entry(o.contact(), o.status(), o.reason(), o.contact().detail(), o.gatewayId(), o.error());
                }
                ps.executeBatch();
            }
            writes.flush();
            return outcomes.stream().map(o -> true).toList();
        });
    }

    /** Whether this process holds the claim on a contact (the holder compared as the claim wrote it). */
    private boolean heldHere(Map<String, String> holders, String contactId) {
        return limit(node, 128).equals(holders.get(contactId));
    }

    /** Who holds the claim on each of these contacts (locked for the rest of the transaction); absent: nobody. */
    private static Map<String, String> claimHolders(Connection c, Collection<String> contactIds) throws SQLException {
        Map<String, String> holders = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select contact_id, status, claimed_by from kindly_contact"
                + " where contact_id in (" + marks(contactIds.size()) + ") order by contact_id for update")) {
            bind(ps, 1, contactIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (Status.CLAIMED.name().equals(rs.getString(2)) && rs.getString(3) != null) {
                        holders.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        return holders;
    }

    /**
     * A claimed contact goes back to waiting (DEFERRED, until its not-before time) because nothing was sent: the
     * channel's circuit breaker is open, the send failed and the window closes before the next try, or Kindly is
     * stopping. The release picks it up again, through the whole pipeline.
     */
    @Override
    public void park(Contact contact, String error, int attempts) {
        if (contact.status() != Status.DEFERRED) {
            throw new IllegalArgumentException("a parked contact is DEFERRED, not " + contact.status());
        }
        inTransaction(c -> {
            // only this process's claim goes back to waiting, like an outcome; a claim settled meanwhile is left alone
            if (!heldHere(claimHolders(c, List.of(contact.id())), contact.id())) {
                return false;
            }
            upsertContact(c, contact, Status.DEFERRED, true);
            try (PreparedStatement ps = c.prepareStatement(
                    "update kindly_contact set attempts = attempts + ? where contact_id = ?")) {
                ps.setInt(1, attempts);
                ps.setString(2, contact.id());
                ps.executeUpdate();
            }
            insertEntry(c, contact, Status.DEFERRED, contact.reason(), contact.detail(), null, error);
            return true;
        });
    }

    @Override
    public List<Claim> claims() {
        String sql = "select contact_id, channel, claimed_by, sent_at_utc from kindly_contact where status = 'CLAIMED'";
        List<Claim> claims = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(4);
                claims.add(new Claim(rs.getString(1), Channel.byId(rs.getString(2)).orElseThrow(), rs.getString(3),
                        at == null ? Instant.EPOCH : at.toLocalDateTime().toInstant(ZoneOffset.UTC)));
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the claims in progress", e);
        }
        return claims;
    }

    /**
     * Settles a claim whose process stopped before recording the outcome: sent again later with the same idempotency
     * key (DEFERRED, due now) where the channel de-duplicates, else UNKNOWN. The entry repeats what the claim said
     * would be sent, so the evidence shows exactly what may have gone out.
     */
    @Override
    public boolean settleInterruptedClaim(Claim claim, boolean sendAgain, String runId, String detail) {
        return inTransaction(c -> {
            Optional<Status> current = lockContact(c, claim.contactId());
            if (current.isEmpty() || current.get() != Status.CLAIMED) {
                return false;
            }
            Instant now = clock.instant();
            Status status = sendAgain ? Status.DEFERRED : Status.UNKNOWN;
            Reason reason = sendAgain ? Reason.SEND_INTERRUPTED : Reason.OUTCOME_UNKNOWN;
            try (PreparedStatement ps = c.prepareStatement("update kindly_contact set status = ?, reason = ?,"
                    + " not_before_utc = ?, run_id = ?, updated_at_utc = ? where contact_id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, reason.name());
                setInstant(ps, 3, sendAgain ? now : null);
                ps.setString(4, runId);
                ps.setTimestamp(5, Timestamp.valueOf(utc(now)));
                ps.setString(6, claim.contactId());
                ps.executeUpdate();
            }
            repeatLastEntry(c, claim.contactId(), status, reason, detail, sendAgain ? now : null, runId, now);
            return true;
        });
    }

    /** Appends an entry that repeats the contact's latest one (who, where, what was said) with a new status. */
    private void repeatLastEntry(Connection c, String contactId, Status status, Reason reason, String detail,
            Instant notBefore, String runId, Instant now) throws SQLException {
        EntryRow last;
        try (PreparedStatement ps = c.prepareStatement("select " + EntryRow.COLUMNS + " from kindly_ledger_entry"
                + " where contact_id = ? order by entry_id desc")) {
            ps.setMaxRows(1);
            ps.setString(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("contact " + contactId + " has no ledger entry to repeat");
                }
                last = EntryRow.read(rs, 1);
            }
        }
        Instant at = micros(now);
        String zone = last.timeZone();
        String local = at.atZone(zone == null ? ZoneOffset.UTC : java.time.ZoneId.of(zone))
                .truncatedTo(ChronoUnit.SECONDS).format(LOCAL_TIME);
        Writes writes = new Writes(c);
        writes.row(last.repeated(utc(at), local, runId, status.name(), reason == null ? null : reason.name(),
                limit(detail, 2000), notBefore == null ? null : utc(micros(notBefore))));
        writes.flush();
    }

    /** A source row that could not be turned into an account; it has no business key, only its place in the source. */
    @Override
    public void recordRejectedRow(CycleRun run, RowRejectedException rejection) {
        inTransaction(c -> {
            Writes writes = new Writes(c);
            writes.row(new EntryRow(utc(micros(clock.instant())), null, null, run.runId(), null, run.businessDate(),
                    limit(rejection.borrowerId(), 64), limit(rejection.loanId(), 64), null, null,
                    Status.SKIPPED.name(), rejection.reason().name(), limit(rejection.detail(), 2000), null, null, null,
                    null, null, null, null, null, null, null, limit(rejection.sourceRef(), 200), null, null));
            writes.flush();
            return true;
        });
    }

    /** The address a contact was sent (or was to be sent) to, from its latest ledger entry that names one. */
    @Override
    public Optional<Delivery> deliveryOf(String contactId) {
        String sql = "select channel, borrower_id, loan_id, recipient, locale from kindly_ledger_entry"
                + " where contact_id = ? and recipient is not null order by entry_id desc";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            ps.setString(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Delivery(contactId, rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read contact " + contactId, e);
        }
    }

    // ------------------------------------------------------------------------------------------ what comes back

    @Override
    public String recordInbound(InboundEntry entry) {
        String id = UUID.randomUUID().toString();
        inTransaction(c -> {
            String sql = "insert into kindly_inbound (inbound_id, received_at_utc, source, contact_id, borrower_id,"
                    + " address, payload, action, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                ps.setObject(2, utc(clock.instant()));
                ps.setString(3, entry.source());
                ps.setString(4, limit(entry.contactId(), 40));
                ps.setString(5, limit(entry.borrowerId(), 64));
                ps.setString(6, limit(entry.address(), 320));
                setText(ps, 7, entry.payload());
                ps.setString(8, entry.action());
                ps.setString(9, limit(entry.detail(), 2000));
                ps.executeUpdate();
            }
            return true;
        });
        return id;
    }

    @Override
    public Optional<String> contactByGatewayId(Channel channel, String gatewayMessageId) {
        String sql = "select contact_id from kindly_contact where gateway_message_id = ? and channel = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, gatewayMessageId);
            ps.setString(2, channel.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot look up a gateway message id", e);
        }
    }

    @Override
    public ReportResult recordReport(String contactId, Status status, String detail) {
        if (status != Status.DELIVERED && status != Status.UNDELIVERED && status != Status.READ) {
            throw new IllegalArgumentException("not a report on a sent message: " + status);
        }
        return inTransaction(c -> {
            Optional<Status> current = lockContact(c, contactId);
            if (current.isEmpty()) {
                return ReportResult.UNKNOWN_CONTACT;
            }
            Status was = current.get();
            if (!was.isClosed() || was == Status.CLAIMED) {
                return ReportResult.NOT_SENT;
            }
            if (was == status || was == Status.READ) {
                return ReportResult.UNCHANGED;
            }
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement(
                    "update kindly_contact set status = ?, reason = null, updated_at_utc = ? where contact_id = ?")) {
                ps.setString(1, status.name());
                ps.setTimestamp(2, Timestamp.valueOf(utc(now)));
                ps.setString(3, contactId);
                ps.executeUpdate();
            }
            repeatLastEntry(c, contactId, status, null, detail, null, null, now);
            return ReportResult.RECORDED;
        });
    }

    @Override
    public List<Delivery> deliveriesTo(Channel channel, String address) {
        String sql = "select contact_id, borrower_id, loan_id, locale from kindly_ledger_entry"
                + " where recipient = ? and channel = ? and status in ('CLAIMED', 'SENT') order by entry_id desc";
        Map<String, Delivery> byBorrower = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(500);
            ps.setString(1, address);
            ps.setString(2, channel.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byBorrower.putIfAbsent(rs.getString(2), new Delivery(rs.getString(1), channel.id(),
                            rs.getString(2), rs.getString(3), address, rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot look up the messages sent to an address", e);
        }
        return List.copyOf(byBorrower.values());
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Optional<Status> lockContact(Connection c, String contactId) throws SQLException {
        return Optional.ofNullable(statuses(c, List.of(contactId), true).get(contactId));
    }

    /** The recorded statuses of these contacts (sorted ids, so locks are always taken in the same order). */
    private static Map<String, Status> statuses(Connection c, Collection<String> contactIds, boolean lock)
            throws SQLException {
        Map<String, Status> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select contact_id, status from kindly_contact where contact_id"
                + " in (" + marks(contactIds.size()) + ")" + (lock ? " order by contact_id for update" : ""))) {
            bind(ps, 1, contactIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), Status.valueOf(rs.getString(2)));
                }
            }
        }
        return found;
    }

    private static SortedSet<String> idsOf(List<Contact> contacts) {
        SortedSet<String> ids = new TreeSet<>();
        contacts.forEach(contact -> ids.add(contact.id()));
        return ids;
    }

    private void upsertContact(Connection c, Contact contact, Status status, boolean exists) throws SQLException {
        Writes writes = new Writes(c);
        writes.contact(contact, status, exists);
        writes.flush();
    }

    private void insertEntry(Connection c, Contact contact, Status status, Reason reason, String detail,
            String gatewayId, String error) throws SQLException {
        Writes writes = new Writes(c);
        writes.entry(contact, status, reason, detail, gatewayId, error);
        writes.flush();
    }

    private static String reasonOf(Contact contact, Status status) {
        return status == Status.CLAIMED || contact.reason() == null ? null : contact.reason().name();
    }

    private static final String INSERT_CONTACT = "insert into kindly_contact (contact_id, loan_id, borrower_id, stage,"
            + " channel, business_date, status, reason, not_before_utc, gateway_message_id, run_id, created_at_utc,"
            + " updated_at_utc, sent_at_utc, account_snapshot, claimed_by)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_CONTACT = "update kindly_contact set status = ?, reason = ?, not_before_utc = ?,"
            + " run_id = ?, gateway_message_id = ?, updated_at_utc = ?, sent_at_utc = ?, account_snapshot = ?,"
            + " claimed_by = ? where contact_id = ?";
    private static final String INSERT_ENTRY = "insert into kindly_ledger_entry (" + EntryRow.COLUMNS
            + ", chain_id, chain_seq, prev_hash, personal_salt, personal_hash, entry_hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The rows one transaction writes, sent as one JDBC batch per statement when flushed: new contacts first, then
     * changed ones, then the ledger entries (the order a single write would have taken).
     */
    private final class Writes {
        private final Connection c;
        private PreparedStatement inserts;
        private PreparedStatement updates;
        private final List<EntryRow> entries = new ArrayList<>();
        private final ChainHeads chains = new ChainHeads();

        Writes(Connection c) {
            this.c = c;
        }

        void contact(Contact contact, Status status, boolean exists) throws SQLException {
            Timestamp now = Timestamp.valueOf(utc(clock.instant()));
            Timestamp sentAt = status == Status.CLAIMED ? now : null;
            // the account travels with a contact that may be tried again later (deferred, or claimed and interrupted)
            String snapshot = status == Status.DEFERRED || status == Status.CLAIMED
                    ? AccountSnapshot.write(contact.account()) : null;
            String claimedBy = status == Status.CLAIMED ? limit(node, 128) : null;
            if (exists) {
                if (updates == null) {
                    updates = c.prepareStatement(UPDATE_CONTACT);
                }
                PreparedStatement ps = updates;
                ps.setString(1, status.name());
                ps.setString(2, reasonOf(contact, status));
                setInstant(ps, 3, status == Status.DEFERRED ? contact.notBefore() : null);
                ps.setString(4, contact.runId());
                ps.setString(5, null);
                ps.setTimestamp(6, now);
                ps.setTimestamp(7, sentAt);
                setText(ps, 8, snapshot);
                ps.setString(9, claimedBy);
                ps.setString(10, contact.id());
                ps.addBatch();
                return;
            }
            if (inserts == null) {
                inserts = c.prepareStatement(INSERT_CONTACT);
            }
            PreparedStatement ps = inserts;
            ps.setString(1, contact.id());
            ps.setString(2, contact.account().loanId());
            ps.setString(3, contact.account().borrowerId());
            ps.setString(4, contact.stage().name());
            ps.setString(5, contact.channel().id());
            ps.setObject(6, contact.businessDate());
            ps.setString(7, status.name());
            ps.setString(8, reasonOf(contact, status));
            setInstant(ps, 9, status == Status.DEFERRED ? contact.notBefore() : null);
            ps.setString(10, null);
            ps.setString(11, contact.runId());
            ps.setTimestamp(12, now);
            ps.setTimestamp(13, now);
            ps.setTimestamp(14, sentAt);
            setText(ps, 15, snapshot);
            ps.setString(16, claimedBy);
            ps.addBatch();
        }

        /** Locks the chains of these contacts' loans up front, in sorted order, before any entry is written. */
        void lockChains(List<Contact> contacts) throws SQLException {
            chains.lock(c, contacts.stream().map(contact -> EntryRow.chainOf(contact.account().loanId())).toList());
        }

        void entry(Contact contact, Status status, Reason reason, String detail, String gatewayId, String error) {
            Instant now = micros(clock.instant());
            Account account = contact.account();
            ZonedDateTime local = now.atZone(account.timeZone());
            Message m = contact.message();
            String notes = account.notes().isEmpty() ? null : String.join("; ", account.notes());
            String fullDetail = detail == null ? notes : notes == null ? detail : detail + "; " + notes;
            Instant notBefore = status == Status.DEFERRED ? contact.notBefore() : null;
            row(new EntryRow(utc(now), local.truncatedTo(ChronoUnit.SECONDS).format(LOCAL_TIME),
                    account.timeZone().getId(), contact.runId(), contact.id(), contact.businessDate(),
                    account.borrowerId(), account.loanId(), contact.stage().name(), contact.channel().id(),
                    status.name(), reason == null ? null : reason.name(), limit(fullDetail, 2000),
                    limit(contact.recipient(), 320), m == null ? null : limit(m.template(), 300),
                    m == null ? null : m.templateHash(), m == null ? null : m.locale().toLanguageTag(),
                    m == null ? null : limit(m.subject(), 1000), m == null ? null : m.body(),
                    m == null ? null : m.html(), m == null ? null : contentHash(m), limit(gatewayId, 200),
                    limit(error, 2000), limit(account.sourceRef(), 200), contact.profile(),
                    notBefore == null ? null : utc(micros(notBefore))));
        }

        /** An entry to append, exactly as it will be stored (and hashed). */
        void row(EntryRow row) {
            entries.add(row);
        }

        /** Sends what is written so far: the contacts, then the entries, each sealed into its loan's chain. */
        void flush() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {inserts, updates}) {
                if (ps != null) {
                    ps.executeBatch();
                    ps.close();
                }
            }
            inserts = null;
            updates = null;
            if (entries.isEmpty()) {
                return;
            }
            chains.lock(c, entries.stream().map(EntryRow::chainId).toList());
            try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
                for (EntryRow e : entries) {
                    bindEntry(ps, e, chains.append(e));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<EntryRow> told = written.get();
            if (told != null) {
                told.addAll(entries);
            }
            entries.clear();
            chains.save(c, utc(micros(clock.instant())));
        }
    }

    private static void bindEntry(PreparedStatement ps, EntryRow e, ChainHeads.Link link) throws SQLException {
        ps.setObject(1, e.recordedAt());
        ps.setString(2, e.localTime());
        ps.setString(3, e.timeZone());
        ps.setString(4, e.runId());
        ps.setString(5, e.contactId());
        ps.setObject(6, e.businessDate());
        ps.setString(7, e.borrowerId());
        ps.setString(8, e.loanId());
        ps.setString(9, e.stage());
        ps.setString(10, e.channel());
        ps.setString(11, e.status());
        ps.setString(12, e.reason());
        ps.setString(13, e.detail());
        ps.setString(14, e.recipient());
        ps.setString(15, e.template());
        ps.setString(16, e.templateHash());
        ps.setString(17, e.locale());
        ps.setString(18, e.subject());
        setText(ps, 19, e.body());
        setText(ps, 20, e.bodyHtml());
        ps.setString(21, e.contentHash());
        ps.setString(22, e.gatewayMessageId());
        ps.setString(23, e.error());
        ps.setString(24, e.sourceRef());
        ps.setString(25, e.policyProfile());
        if (e.notBefore() == null) {
            ps.setNull(26, Types.TIMESTAMP);
        } else {
            ps.setObject(26, e.notBefore());
        }
        ps.setString(27, link.chainId());
        ps.setLong(28, link.seq());
        ps.setString(29, link.prevHash());
        ps.setString(30, link.salt());
        ps.setString(31, link.personalHash());
        ps.setString(32, link.entryHash());
    }

    /** The precision every supported database keeps: what is hashed must be what is stored. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** SHA-256 over exactly what the borrower received: subject, text and HTML. */
    static String contentHash(Message m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {m.subject(), m.body(), m.html()}) {
                sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setText(PreparedStatement ps, int index, String text) throws SQLException {
        if (text == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, text);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(index, Timestamp.valueOf(utc(instant)));
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String limit(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** One unit of work in a transaction of its own, retried when it collides with another ({@link Transactions}). */
    private <T> T inTransaction(Transactions.Work<T> work) {
        List<EntryRow> mine = new ArrayList<>();
        List<EntryRow> outer = written.get();
        written.set(mine);
        T result;
        try {
            result = Transactions.run(ds, "ledger write failed", c -> {
                mine.clear(); // a retried attempt starts again
                return work.run(c);
            });
        } finally {
            if (outer == null) {
                written.remove();
            } else {
                written.set(outer);
            }
        }
        if (!mine.isEmpty()) {
            try {
                committed.accept(List.copyOf(mine));
            } catch (RuntimeException e) {
                // the write is committed whatever a listener does
                org.slf4j.LoggerFactory.getLogger(JdbcLedgerStore.class).warn("ledger listener failed: {}",
                        e.toString());
            }
        }
        return result;
    }
}
