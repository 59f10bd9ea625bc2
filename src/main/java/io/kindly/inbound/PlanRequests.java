package io.kindly.inbound;

import io.kindly.domain.HoldType;
import io.kindly.policy.PolicyStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A borrower asked for a repayment plan (an SMS keyword, or the app): reminders stop at once through a HARDSHIP hold on
 * all their loans, and the lender is told so that a person can talk to them. The hold comes first and does not depend
 * on the notice, which the inbound route sends after this ({@code direct:kindly-lender-notice}).
 */
final class PlanRequests {
    private final PolicyStore policy;
    private final int holdDays;
    private final Clock clock;

    PlanRequests(PolicyStore policy, int holdDays, Clock clock) {
        this.policy = policy;
        this.holdDays = holdDays;
        this.clock = clock;
    }

    /** The hold placed for a request, and the notice the route is to send the lender. */
    record Taken(String holdId, LenderNotice.Notice notice) {
    }

    Taken take(String borrowerId, String loanId, String channel, String contactId, String message, String placedBy) {
        PolicyStore.Hold hold = hardshipHold(borrowerId, placedBy);
        return new Taken(hold.id(), new LenderNotice.Notice(new LenderNotice.PlanRequest(borrowerId, loanId, channel,
                contactId, hold.id(), message)));
    }

    /**
     * A hardship hold on all the borrower's loans, unless one is already active: a gateway that retries a request must
     * not stack holds.
     */
    private PolicyStore.Hold hardshipHold(String borrowerId, String placedBy) {
        Optional<PolicyStore.Hold> active = policy.holds(borrowerId, false).stream()
                .filter(h -> h.type() == HoldType.HARDSHIP && h.loanId() == null && h.activeAt(clock.instant()))
                .findFirst();
        return active.orElseGet(() -> policy.placeHold(borrowerId, null, HoldType.HARDSHIP,
                holdDays == 0 ? null : clock.instant().plus(Duration.ofDays(holdDays)), placedBy,
                "the borrower asked for a repayment plan; reminders wait until the lender has talked to them"));
    }
}
