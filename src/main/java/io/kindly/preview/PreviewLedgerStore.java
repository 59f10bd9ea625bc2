package io.kindly.preview;

import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.db.LedgerException;
import io.kindly.ledger.LedgerStore;
import io.kindly.domain.CycleRun;
import io.kindly.policy.PolicyStore;
import io.kindly.policy.SendHistory;
import io.kindly.source.RowRejectedException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The ledger as a preview sees it: it reads the real ledger (what was sent before, holds, opt-outs, deferred messages)
 * through a read-only connection, and notes every decision in a {@link PreviewReport} instead of recording it. The
 * claim makes the same last checks as a real claim and, where a real run would send, notes a send and answers
 * {@link ClaimResult#PREVIEWED}, so the route never reaches a channel.
 *
 * <p>The sends it notes count towards the borrower's caps for the rest of the preview ({@link #history}), and the
 * claims of one borrower are judged one at a time, as the real claim's borrower lock makes them.
 */
public final class PreviewLedgerStore implements LedgerStore {
    private final DataSource readOnly;
    /** Reads only: statuses of earlier runs. Its writing methods are never called (and the connection refuses). */
    private final JdbcLedgerStore reader;
    private final Clock clock;
    private final PreviewReport report;
    private final Map<String, List<PolicyStore.Sent>> noted = new ConcurrentHashMap<>();
    private final Map<String, Object> borrowerLocks = new ConcurrentHashMap<>();

    public PreviewLedgerStore(DataSource readOnly, Clock clock, PreviewReport report) {
        this.readOnly = readOnly;
        this.reader = new JdbcLedgerStore(readOnly, clock, "preview");
        this.clock = clock;
        this.report = report;
    }

    public PreviewReport report() {
        return report;
    }

    /** The ledger's sends plus the ones this preview has noted. */
    public SendHistory history(SendHistory ledger) {
        return (c, borrowerId, since) -> {
            List<PolicyStore.Sent> all = new ArrayList<>(ledger.sentSince(c, borrowerId, since));
            noted.getOrDefault(borrowerId, List.of()).stream().filter(s -> !s.at().isBefore(since)).forEach(all::add);
            return all;
        };
    }

    @Override
    public DataSource dataSource() {
        return readOnly;
    }

    @Override
    public void beginRun(CycleRun run) {
        // a preview is not a run: nothing is recorded
    }

    @Override
    public void finishRun(CycleRun run, boolean completed, String error) {
        report.alreadyHandled(run.alreadyHandledCount());
    }

    @Override
    public Optional<Status> statusOf(String contactId) {
        Optional<Status> previewed = report.statusOf(contactId);
        if (previewed.isPresent()) {
            return previewed;
        }
        return reader.statusOf(contactId);
    }

    @Override
    public boolean recordDecision(Contact contact) {
        report.decided(contact);
        return true;
    }

    /** A preview never claims for real, so it has no claim to take back. */
    @Override
    public boolean takeBackOwnClaim(Contact contact) {
        return false;
    }

    @Override
    public ClaimResult claim(Contact contact, ClaimGuard guard) {
        String borrower = contact.account().borrowerId();
        synchronized (borrowerLocks.computeIfAbsent(borrower, b -> new Object())) {
            Optional<Status> current = statusOf(contact.id());
            if (current.isPresent() && current.get().isClosed()) {
                return ClaimResult.CLOSED;
            }
            Instant now = clock.instant();
            try (Connection c = readOnly.getConnection()) {
                guard.check(c, contact, now);
            } catch (SQLException e) {
                throw new LedgerException("cannot make the claim's checks", e);
            }
            if (contact.isPending()) {
                noted.computeIfAbsent(borrower, b -> new ArrayList<>()).add(new PolicyStore.Sent(now,
                        contact.channel(), contact.account().loanId(), contact.stage().name(), contact.businessDate()));
            }
            report.decided(contact);
            return contact.isPending() ? ClaimResult.PREVIEWED : ClaimResult.DECIDED;
        }
    }

    @Override
    public void recordOutcome(Contact contact, Status outcome, Reason reason, String gatewayMessageId, String error,
            int attempts) {
        throw new IllegalStateException("a preview never sends, so it has no outcome to record (" + contact.id() + ")");
    }

    @Override
    public void park(Contact contact, String error, int attempts) {
        throw new IllegalStateException("a preview never sends, so it parks nothing (" + contact.id() + ")");
    }

    /** A preview leaves claims interrupted by a stopped process to the next real run, which settles them. */
    @Override
    public List<Claim> claims() {
        return List.of();
    }

    @Override
    public boolean settleInterruptedClaim(Claim claim, boolean sendAgain, String runId, String detail) {
        throw new IllegalStateException("a preview settles no claim");
    }

    @Override
    public void recordRejectedRow(CycleRun run, RowRejectedException rejection) {
        report.rejected(run.businessDate(), rejection);
    }

    @Override
    public Optional<Delivery> deliveryOf(String contactId) {
        return Optional.empty();
    }

    // a preview starts no HTTP server, so nothing comes back to it

    @Override
    public String recordInbound(InboundEntry entry) {
        throw new IllegalStateException("a preview takes no inbound requests");
    }

    @Override
    public Optional<String> contactByGatewayId(Channel channel, String gatewayMessageId) {
        return Optional.empty();
    }

    @Override
    public ReportResult recordReport(String contactId, Status status, String detail) {
        throw new IllegalStateException("a preview takes no inbound requests");
    }

    @Override
    public List<Delivery> deliveriesTo(Channel channel, String address) {
        return List.of();
    }
}
