package io.kindly.dispatch;

import io.kindly.domain.Contact;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, after each failed send, whether to try again: the {@code retryWhile} of the delivery route's error
 * handler (routes/channels/delivery.camel.yaml), which does the waiting (exponential backoff with jitter, without
 * holding a thread).
 *
 * <p>It tries again only when that is safe and useful: the failure is one that may pass (HTTP 5xx, 429, timeouts;
 * SMTP 4xx; nothing reachable), a request that may have arrived is repeated only on a channel that de-duplicates by
 * idempotency key, the attempts are not used up, the borrower's contact window is still open when the next try would
 * go, the channel's circuit breaker is closed, and Kindly is not stopping. Otherwise it leaves a {@link Verdict} on
 * the exchange for the ledger: FAILED, UNKNOWN, or the message waits (parked as DEFERRED) for a later release.
 */
public final class DeliveryRetry implements Predicate {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRetry.class);
    /** Exchange property: the {@link Verdict} once no more attempts will be made. */
    public static final String VERDICT = "KindlyDeliveryVerdict";
    /** Exchange property: until when a parked message waits. */
    public static final String WAIT_UNTIL = "KindlyWaitUntil";
    /** Exchange property: what each failed attempt was, for the ledger (a {@code List<String>}). */
    public static final String ATTEMPTS = "KindlyFailedAttempts";

    /** What becomes of a message whose send failed, when it is not tried again now. */
    public enum Verdict {
        /** Try again after the backoff (if the send route sees this, the retry never came: the message waits). */
        RETRY,
        /** Refused, or the attempts are used up: FAILED. */
        FAIL,
        /** It may have reached the borrower and cannot safely be repeated: UNKNOWN, for review. */
        UNKNOWN,
        /** Nothing went out: the message waits (DEFERRED) and is tried again later. */
        WAIT
    }

    private final ChannelSettings channels;
    private final RetryWindow window;
    private final Clock clock;
    private final ChannelStops stops;

    /** @param stops the channels a gateway refused, shared with {@link SendOutcomes} */
    public DeliveryRetry(ChannelSettings channels, RetryWindow window, Clock clock, ChannelStops stops) {
        this.channels = channels;
        this.window = window;
        this.clock = clock;
        this.stops = stops;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Contact contact = Dispatch.contact(exchange);
        SendFailure failure = SendFailure.of(error);
        List<String> attempts = attempts(exchange);
        attempts.add(failure.forLedger());
        if (failure.kind() == SendFailure.Kind.CHANNEL_REFUSED) {
            // the channel's fault, not this message's: stop the channel now rather than after a window of failures
            stops.refused(exchange.getContext(), contact.channel(), failure);
        }
        Decision d = decide(contact, failure, attempts.size(), exchange.getContext().isStopping(),
                SendFailure.retryAfter(error, clock.instant()));
        if (d.verdict() == Verdict.RETRY) {
            LOG.info("{} on {}: attempt {} failed ({}); tried again within {} ms", contact.id(), contact.channel(),
                    attempts.size(), failure.forLog(), channels.delivery().longestWaitAfter(attempts.size()));
        }
        exchange.setProperty(VERDICT, d.verdict());
        // a retry that never happens (Kindly stopped while waiting for it) leaves the message waiting from now
        exchange.setProperty(WAIT_UNTIL, d.waitUntil() != null ? d.waitUntil() : clock.instant());
        return d.verdict() == Verdict.RETRY;
    }

    /** A verdict, and for WAIT until when. */
    public record Decision(Verdict verdict, Instant waitUntil) {
    }

    /**
     * @param failedAttempts attempts made so far, all failed (this one included)
     */
    public Decision decide(Contact contact, SendFailure failure, int failedAttempts, boolean stopping) {
        return decide(contact, failure, failedAttempts, stopping, Optional.empty());
    }

    /**
     * @param retryAfter when the gateway asked to be tried again (429 or 503 with Retry-After): if that is later than
     *                   the backoff's next try, the message waits (DEFERRED) until then instead, holding nothing
     */
    public Decision decide(Contact contact, SendFailure failure, int failedAttempts, boolean stopping,
            Optional<Instant> retryAfter) {
        Instant now = clock.instant();
        boolean idempotent = channels.idempotent(contact.channel());
        switch (failure.kind()) {
            case PERMANENT:
                return new Decision(Verdict.FAIL, null);
            case UNAVAILABLE, CHANNEL_REFUSED:
                // nothing went out: wait for the breaker to let one message try again
                return new Decision(Verdict.WAIT,
                        now.plusSeconds(channels.breaker(contact.channel()).openSeconds()));
            case AMBIGUOUS:
                if (!idempotent) {
                    return new Decision(Verdict.UNKNOWN, null);
                }
                break;
            default:
                break;
        }
        ChannelSettings.Delivery delivery = channels.delivery();
        if (failedAttempts >= delivery.maxAttempts()) {
            // a last attempt that may have arrived cannot be called a failure
            return new Decision(failure.kind() == SendFailure.Kind.AMBIGUOUS ? Verdict.UNKNOWN : Verdict.FAIL, null);
        }
        if (stopping) {
            return new Decision(Verdict.WAIT, now);
        }
        Instant nextTry = now.plusMillis(delivery.longestWaitAfter(failedAttempts));
        if (retryAfter.isPresent() && retryAfter.get().isAfter(nextTry)) {
            // the gateway said when: wait for it, and for the borrower's window if that is closed by then
            Instant asked = retryAfter.get();
            return new Decision(Verdict.WAIT, window.closedUntil(contact, asked).orElse(asked));
        }
        Optional<Instant> closed = window.closedUntil(contact, nextTry);
        if (closed.isPresent()) {
            return new Decision(Verdict.WAIT, closed.get());
        }
        return new Decision(Verdict.RETRY, null);
    }

    @SuppressWarnings("unchecked")
    public static List<String> attempts(Exchange exchange) {
        List<String> list = exchange.getProperty(ATTEMPTS, List.class);
        if (list == null) {
            list = new ArrayList<>();
            exchange.setProperty(ATTEMPTS, list);
        }
        return list;
    }
}
