package io.kindly.dispatch;

import io.kindly.domain.Contact;

import java.time.Instant;
import java.util.Optional;

/**
 * All {@link DeliveryRetry} needs of the contact policy: whether the borrower's contact window is shut at a moment, so
 * a retry never goes out at night. Start-up gives it the policy's own rule ({@code ContactPolicy::closedUntil}); the
 * policy's other checks run in the routes and under the claim, not here.
 */
@FunctionalInterface
public interface RetryWindow {
    /** The next opening when the window is shut for this contact at that moment; empty when it is open. */
    Optional<Instant> closedUntil(Contact contact, Instant at);
}
