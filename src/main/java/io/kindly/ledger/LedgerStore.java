package io.kindly.ledger;

import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.domain.CycleRun;
import io.kindly.source.RowRejectedException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the pipeline asks of the ledger: runs, the status of a business key, decisions, the claim that decides who
 * sends, and outcomes. {@link JdbcLedgerStore} keeps it in a database; the preview notes the same calls in a report
 * and writes nothing. Later ledgers (batched writes, a hash chain) implement this too, so the routes and beans above it
 * stay as they are.
 */
public interface LedgerStore {

    /** Where the ledger can be read (counts, exports). */
    DataSource dataSource();

    void beginRun(CycleRun run);

    void finishRun(CycleRun run, boolean completed, String error);

    /** The recorded status of a business key, if it was ever decided. */
    Optional<Status> statusOf(String contactId);

    /**
     * Records a decision not to send now (SKIPPED, SUPPRESSED, DEFERRED, or FAILED before sending).
     *
     * @return false when the business key was closed meanwhile (sent or claimed elsewhere); nothing is recorded then
     */
    boolean recordDecision(Contact contact);

    /**
     * Claims the business key for sending: the one moment that decides who sends. Succeeds only if the key was never
     * recorded or is still open, and the guard lets it through.
     */
    ClaimResult claim(Contact contact, ClaimGuard guard);

    /**
     * Takes back a claim this process made but never heard committed (the database went away during the commit):
     * when the ledger shows the contact CLAIMED by this process, the contact is marked claimed and true is returned.
     * Only for a contact this process knows it has not sent.
     */
    boolean takeBackOwnClaim(Contact contact);

    /** Claims without further checks. */
    default boolean claim(Contact contact) {
        return claim(contact, ClaimGuard.NONE) == ClaimResult.CLAIMED;
    }

    /**
     * Records what happened to a claimed contact: SENT with the gateway's id, FAILED with the error, or UNKNOWN.
     *
     * @param attempts how many times it was tried in this claim
     */
    void recordOutcome(Contact contact, Status outcome, Reason reason, String gatewayMessageId, String error,
            int attempts);

    /** Records the outcome of a contact sent at the first attempt. */
    default void recordOutcome(Contact contact, Status outcome, Reason reason, String gatewayMessageId, String error) {
        recordOutcome(contact, outcome, reason, gatewayMessageId, error, 1);
    }

    /** A claimed contact whose send did not go out waits again (it is DEFERRED, with its reason and time). */
    void park(Contact contact, String error, int attempts);

    /** The contacts claimed for sending whose outcome is not recorded yet. */
    List<Claim> claims();

    /**
     * Settles a claim whose process stopped mid-send: DEFERRED to be sent again now with the same idempotency key, or
     * UNKNOWN. False when it was settled meanwhile.
     */
    boolean settleInterruptedClaim(Claim claim, boolean sendAgain, String runId, String detail);

    /** A source row that could not be turned into an account; it has no business key, only its place in the source. */
    void recordRejectedRow(CycleRun run, RowRejectedException rejection);

    /** The address a contact was sent (or was to be sent) to, from its latest ledger entry that names one. */
    Optional<Delivery> deliveryOf(String contactId);

    // ------------------------------------------------------------------------------------------ what comes back

    /**
     * Keeps what a gateway, a borrower or the lender's app sent back (a receipt, a reply, a bounce, an event) as it was
     * received, with what Kindly did about it: the evidence for an opt-out or a hold placed by a reply.
     *
     * @return the inbound record's id
     */
    String recordInbound(InboundEntry entry);

    /** The contact a channel's gateway knows by this message id (the id it answered the send with). */
    Optional<String> contactByGatewayId(Channel channel, String gatewayMessageId);

    /**
     * Records what became of a sent message: DELIVERED or UNDELIVERED (a receipt), READ (the app). Appends a ledger
     * entry repeating what was sent, with the new status. A receipt also settles an UNKNOWN or FAILED contact: it did
     * reach the gateway after all.
     */
    ReportResult recordReport(String contactId, Status status, String detail);

    /**
     * The borrowers Kindly sent to (or claimed a send to) at this address on this channel, latest first, one
     * delivery per borrower: who a reply from that number can be about.
     */
    List<Delivery> deliveriesTo(Channel channel, String address);

    /** What came back, as received. */
    record InboundEntry(String source, String contactId, String borrowerId, String address, String payload,
            String action, String detail) {
    }

    /** What became of a report on a sent message. */
    enum ReportResult {
        /** The contact has the new status, and the ledger an entry for it. */
        RECORDED,
        /** Already at that status, or past it (a message read is not set back to delivered). */
        UNCHANGED,
        /** The contact was never sent, or its send is still being recorded. */
        NOT_SENT,
        /** No such contact. */
        UNKNOWN_CONTACT
    }

    /** What became of a claim. */
    enum ClaimResult {
        /** This caller may send. */
        CLAIMED,
        /** The guard decided not to send now (deferred or suppressed); the decision is recorded. */
        DECIDED,
        /** Already sent, claimed or failed elsewhere: nothing to do. */
        CLOSED,
        /** A preview noted that this would be sent now; nothing is sent or recorded. */
        PREVIEWED
    }

    /** Checks made at the moment of claiming, inside the claim's transaction. */
    @FunctionalInterface
    interface ClaimGuard {
        /**
         * Runs with the borrower's row and the contact's row locked. May decide the contact (defer, suppress); it is
         * then recorded instead of claimed, in the same transaction.
         */
        void check(Connection c, Contact contact, Instant now) throws SQLException;

        /**
         * For a batch of claims in one transaction, with every borrower and contact of the batch locked: reads what the
         * checks need for the whole batch at once. The contacts are then checked in order, and each one claimed is
         * told to the checks, so a later contact of the same borrower in the batch counts it (caps, gap).
         */
        default Batch prepare(Connection c, List<Contact> contacts, Instant now) throws SQLException {
            return new Batch() {
                @Override
                public void check(Contact contact) throws SQLException {
                    ClaimGuard.this.check(c, contact, now);
                }

                @Override
                public void claimed(Contact contact) {
                    // each check reads the ledger itself, where the claims before it must then already be written
                }

                @Override
                public boolean readsEarlierClaims() {
                    return true;
                }
            };
        }

        /** The checks for one batch of claims, prepared by {@link #prepare}. */
        interface Batch {
            void check(Contact contact) throws SQLException;

            /** This contact was claimed in the batch (it counts towards its borrower's caps from now on). */
            void claimed(Contact contact);

            /** True when each check reads the ledger: the batch's earlier claims must be written before it. */
            default boolean readsEarlierClaims() {
                return false;
            }
        }

        ClaimGuard NONE = (c, contact, now) -> { };
    }

    /** A contact claimed for sending, by whom (a {@link NodeId}) and when. */
    record Claim(String contactId, Channel channel, String claimedBy, Instant claimedAt) {
    }

    /** Where a sent contact went: its channel, borrower, the address as used, and the message's language. */
    record Delivery(String contactId, String channel, String borrowerId, String loanId, String recipient,
            String locale) {
    }
}
