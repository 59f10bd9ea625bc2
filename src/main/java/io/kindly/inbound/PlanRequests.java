package io.kindly.inbound;

import io.kindly.domain.HoldType;
import io.kindly.policy.PolicyStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A borrower asked for a repayment plan (an SMS keyword, or the app): reminders stop at once through a HARDSHIP hold on
 * all their loans, and the lender is told so that a person can talk to them. The hold comes first and does not depend
 * on the notice.
 */
final class PlanRequests {
    private final PolicyStore policy;
    private final LenderNotice notice;
    private final int holdDays;
    private final Clock clock;

    PlanRequests(PolicyStore policy, LenderNotice notice, int holdDays, Clock clock) {
        this.policy = policy;
        this.notice = notice;
        this.holdDays = holdDays;
        this.clock = clock;
    }

    /** @return what the inbound record says: the hold, and whether the lender was told */
    String take(String borrowerId, String loanId, String channel, String contactId, String message, String placedBy) {
        PolicyStore.Hold hold = hardshipHold(borrowerId, placedBy);
        String notified = notice.send(new LenderNotice.PlanRequest(borrowerId, loanId, channel, contactId, hold.id(),
                message));
        return "hold " + hold.id() + ", " + notified;
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
