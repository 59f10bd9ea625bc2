package io.kindly.ledger;

import io.kindly.db.LedgerException;
import io.kindly.db.Outages;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.domain.CycleRun;
import io.kindly.source.RowRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger as the routes see it: each method is one step of {@code routes/cycle.camel.yaml} before a send (is the
 * key still open, the claim, a decision not to send, an error, a rejected row); what a send came to is recorded by
 * {@code io.kindly.dispatch.SendOutcomes}. Logs carry only ids, statuses and reasons; addresses, names and message
 * content go to the ledger alone.
 */
public final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final LedgerStore store;
    private final LedgerStore.ClaimGuard guard;
    /** Contacts whose claim failed because the database went away: never sent by this process, maybe claimed. */
    private final Set<String> unsureClaims = ConcurrentHashMap.newKeySet();

    /** @param guard the contact policy's checks, made inside each claim */
    public Ledger(LedgerStore store, LedgerStore.ClaimGuard guard) {
        this.store = store;
        this.guard = guard;
    }

    public LedgerStore store() {
        return store;
    }

    /**
     * Filter step: false when this business key was already sent, claimed or failed (by an earlier run of the same
     * date, or by another dispatcher), so a second run never sends twice and never records a second decision over a
     * send.
     */
    public boolean isOpen(Contact contact, @ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        Optional<Status> status = store.statusOf(contact.id());
        if (status.equals(Optional.of(Status.CLAIMED)) && unsureClaims.contains(contact.id())) {
            return true; // a claim of ours that may have committed unseen; claim() settles it
        }
        if (status.isPresent() && status.get().isClosed()) {
            if (run != null) {
                run.alreadyHandled();
            }
            LOG.debug("{} already {}", contact.id(), status.get());
            return false;
        }
        return true;
    }

    /** Records why a contact is not being sent now. */
    public void recordDecision(Contact contact, @ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        if (!store.recordDecision(contact) && run != null) {
            run.alreadyHandled();
        }
        LOG.debug("{} {} {}", contact.id(), contact.status(), contact.reason());
    }

    /**
     * Filter step: claims the business key, with the policy's last checks made under the borrower's lock; only the
     * claimant sends. A contact the policy defers or suppresses at this moment is recorded as such by the claim.
     */
    public boolean claim(Contact contact, @ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        if (unsureClaims.remove(contact.id()) && store.takeBackOwnClaim(contact)) {
            LOG.info("{}: its claim had committed before the database went away; it is sent now", contact.id());
            return true;
        }
        LedgerStore.ClaimResult result;
        try {
            result = store.claim(contact, guard);
        } catch (RuntimeException e) {
            if (Outages.isDatabaseAway(e)) {
                // the commit may have happened with its answer lost: remembered, so the next pass can take the
                // claim back instead of leaving a message nobody sent CLAIMED until recovery
                unsureClaims.add(contact.id());
            }
            throw e;
        }
        if (result == LedgerStore.ClaimResult.CLOSED && run != null) {
            run.alreadyHandled();
        }
        if (result == LedgerStore.ClaimResult.DECIDED) {
            LOG.debug("{} {} {} at the claim", contact.id(), contact.status(), contact.reason());
        }
        return result == LedgerStore.ClaimResult.CLAIMED;
    }

    /**
     * Any other error while deciding a contact: nothing was sent, so it is recorded as FAILED with the error, and the
     * cycle goes on. If the contact was already claimed, the send route has recorded the outcome itself.
     */
    public void recordError(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Contact contact = exchange.getMessage().getBody(Contact.class);
        if (contact == null) {
            contact = exchange.getProperty(Contact.PROPERTY, Contact.class);
        }
        if (contact == null) {
            throw new IllegalStateException("an error with no contact to record it against", error);
        }
        if (Outages.isDatabaseAway(error)) {
            // not a failure of this contact: it is simply not done yet. The cycle waits for the database and reads
            // the source again (DatabaseOutages); recording FAILED here would keep the message from ever going out
            LOG.debug("{} not done: the database is away", contact.id());
            throw error instanceof RuntimeException r ? r : new LedgerException("the database is away", error);
        }
        LOG.error("{} could not be processed: {}", contact.id(), error.toString(), error);
        Optional<Status> status = store.statusOf(contact.id());
        if (status.isPresent() && status.get().isClosed()) {
            return;
        }
        contact.fail(Reason.INTERNAL_ERROR, error.getClass().getSimpleName() + ": " + error.getMessage());
        store.recordDecision(contact);
    }

    public void recordRejectedRow(Exchange exchange) {
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        RowRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RowRejectedException.class);
        store.recordRejectedRow(run, rejection);
        LOG.info("source {} skipped: {}", rejection.sourceRef(), rejection.reason());
    }
}
