package io.kindly.dispatch;

import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.db.Outages;
import io.kindly.ledger.LedgerStore;
import io.kindly.ledger.NotClaimedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a send came to, as {@code kindly-send} records it after the channel answered: SENT, or what a failure means
 * (FAILED, UNKNOWN, or back to waiting). The rules live here, beside the channels and {@link DeliveryRetry} that judge
 * each attempt; the ledger only stores the result, under this process's claim.
 */
public final class SendOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(SendOutcomes.class);

    private final LedgerStore store;
    private final ChannelStops stops;
    private final Duration outageTolerance;

    /**
     * @param stops           the channels a gateway refused, shared with {@link DeliveryRetry}
     * @param outageTolerance how long an outcome waits for a ledger database that went away before it is left to
     *                        claim recovery ({@code kindly.database.outage-tolerance})
     */
    public SendOutcomes(LedgerStore store, ChannelStops stops, Duration outageTolerance) {
        this.store = store;
        this.stops = stops;
        this.outageTolerance = outageTolerance;
    }

    public void recordSent(Exchange exchange) {
        Contact contact = Dispatch.contact(exchange);
        String gatewayId = exchange.getMessage().getHeader(Dispatch.GATEWAY_MESSAGE_ID, String.class);
        List<String> failed = DeliveryRetry.attempts(exchange);
        String error = failed.isEmpty() ? null
                : "sent at attempt " + (failed.size() + 1) + " after: " + String.join("; ", failed);
        write(contact, Status.SENT, () -> store.recordOutcome(contact, Status.SENT, null, gatewayId, error,
                failed.size() + 1));
        LOG.debug("{} SENT on {}", contact.id(), contact.channel());
        stops.working(contact.channel());
    }

    /**
     * The send failed and will not be tried again now: FAILED (refused, or the attempts are used up), UNKNOWN (it may
     * have gone out), or back to waiting (DEFERRED: nothing went out, and it will be tried again later).
     */
    public void recordFailed(Exchange exchange) {
        Contact contact = Dispatch.contact(exchange);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (Outages.isDatabaseAway(error)) {
            // the send went out (or was judged) but the ledger stayed away past the tolerance while recording it:
            // that is no failure of the message. It stays CLAIMED, and claim recovery settles it once the database
            // is back (resent under the same key where the channel de-duplicates, else UNKNOWN for review)
            LOG.error("{} on {}: the outcome could not be recorded, the ledger database is away; left CLAIMED for "
                    + "claim recovery", contact.id(), contact.channel());
            throw error instanceof RuntimeException r ? r : new IllegalStateException("the ledger is away", error);
        }
        SendFailure failure = SendFailure.of(error);
        List<String> failed = DeliveryRetry.attempts(exchange);
        if (failed.isEmpty()) {
            failed.add(failure.forLedger()); // failed before the delivery route could judge it
        }
        DeliveryRetry.Verdict verdict = exchange.getProperty(DeliveryRetry.VERDICT, DeliveryRetry.Verdict.FAIL,
                DeliveryRetry.Verdict.class);
        String errors = failed.size() == 1 ? failed.get(0)
                : failed.size() + " attempts: " + String.join("; ", failed);
        switch (verdict) {
            case WAIT, RETRY -> {
                Instant until = exchange.getProperty(DeliveryRetry.WAIT_UNTIL, Instant.class);
                // a breaker opened by a refused channel keeps the refusal's reason for every message it holds back
                Reason reason = failure.kind() == SendFailure.Kind.CHANNEL_REFUSED
                        || failure.kind() == SendFailure.Kind.UNAVAILABLE && stops.stopped(contact.channel())
                        ? Reason.GATEWAY_CREDENTIALS
                        : failure.kind() == SendFailure.Kind.UNAVAILABLE ? Reason.GATEWAY_UNAVAILABLE
                        : Reason.RETRY_LATER;
                contact.defer(until, reason, "nothing went out (" + failure.forLog() + "); waits until " + until);
                write(contact, Status.DEFERRED, () -> store.park(contact, errors, failed.size()));
                LOG.info("{} waits on {}: {} ({})", contact.id(), contact.channel(), reason, failure.forLog());
            }
            case UNKNOWN -> {
                write(contact, Status.UNKNOWN, () -> store.recordOutcome(contact, Status.UNKNOWN,
                        Reason.OUTCOME_UNKNOWN, null, errors, failed.size()));
                LOG.warn("{} UNKNOWN on {}: {} ({}); not resent, for review", contact.id(), contact.channel(),
                        Reason.OUTCOME_UNKNOWN, failure.forLog());
            }
            default -> {
                write(contact, Status.FAILED, () -> store.recordOutcome(contact, Status.FAILED, failure.reason(), null,
                        errors, failed.size()));
                LOG.warn("{} FAILED on {} after {} attempt(s): {} ({})", contact.id(), contact.channel(), failed.size(),
                        failure.reason(), failure.forLog());
            }
        }
    }

    /**
     * Writes an outcome, waiting through a ledger outage (up to the tolerance). A write repeated after the connection
     * dropped may find its first attempt committed after all: the claim is then gone and the contact already has
     * this status, which is the outcome we meant to write, so it is done.
     */
    private void write(Contact contact, Status outcome, Runnable work) {
        boolean[] tried = {false};
        Outages.patiently(outageTolerance, "recording " + contact.id() + " " + outcome, () -> {
            try {
                work.run();
            } catch (NotClaimedException e) {
                if (tried[0] && store.statusOf(contact.id()).filter(outcome::equals).isPresent()) {
                    return null;
                }
                throw e;
            } finally {
                tried[0] = true;
            }
            return null;
        });
    }
}
