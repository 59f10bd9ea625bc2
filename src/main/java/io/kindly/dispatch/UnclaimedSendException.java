package io.kindly.dispatch;

/** A contact reached a channel without a claim in the ledger: it is not sent (a permanent failure, never retried). */
public final class UnclaimedSendException extends IllegalStateException {
    public UnclaimedSendException(String contactId) {
        super("contact " + contactId + " was not claimed in the ledger: a channel sends only a claimed contact"
                + " (the route must pass ledger.claim first)");
    }
}
