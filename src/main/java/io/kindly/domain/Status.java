package io.kindly.domain;

/**
 * Where a contact stands. A contact is one message for one business key (loan, stage, channel, business date).
 *
 * <p>The statuses split into two kinds. "Open" ones record that nothing was sent and the contact may be looked at
 * again (a later run, a lifted hold, a corrected mobile number). "Closed" ones mean a send was attempted or completed,
 * so the business key must never be sent again automatically.
 */
public enum Status {
    /** Planned and not yet decided. Never written to the ledger. */
    PENDING(false),
    /** Not sent because the account data does not allow it (missing or malformed address or locale). */
    SKIPPED(false),
    /** Not sent because the contact policy forbids it (hold, opt-out, cap). */
    SUPPRESSED(false),
    /** Not sent yet: waits for the next opening of the contact window. */
    DEFERRED(false),
    /** Claimed by a dispatcher that is about to send. */
    CLAIMED(true),
    /** Accepted by the gateway or mail server. */
    SENT(true),
    /** The send failed and will not be retried automatically. */
    FAILED(true),
    /** A send may or may not have happened (the process stopped mid-send); resolved by review, never resent blindly. */
    UNKNOWN(true),
    /** The gateway reported delivery to the handset or mailbox. */
    DELIVERED(true),
    /** The gateway reported that delivery failed. */
    UNDELIVERED(true),
    /** The borrower's app reported that the message was read. */
    READ(true);

    private final boolean closed;

    Status(boolean closed) {
        this.closed = closed;
    }

    /** True when a send was attempted or is under way: the business key must not be sent again. */
    public boolean isClosed() {
        return closed;
    }
}
