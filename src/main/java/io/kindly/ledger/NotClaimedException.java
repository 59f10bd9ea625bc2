package io.kindly.ledger;

/**
 * An outcome was to be recorded for a contact this process does not hold the claim on: the route skipped the claim,
 * or another process settled the claim meanwhile. Nothing is recorded; the send step refuses such a contact too.
 */
public final class NotClaimedException extends IllegalStateException {
    public NotClaimedException(String contactId) {
        super("contact " + contactId + " is not claimed by this process: an outcome is recorded only under a claim");
    }
}
