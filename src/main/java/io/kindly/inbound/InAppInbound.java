package io.kindly.inbound;

import io.kindly.domain.Channel;
import io.kindly.domain.HoldType;
import io.kindly.domain.Status;
import io.kindly.ledger.LedgerStore;
import io.kindly.policy.PolicyStore;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Events from the lender's app about in-app messages ({@code routes/inbound/inapp.camel.yaml}), as JSON:
 * <pre>{"event": "read" | "dispute" | "repayment-plan", "id": "k1-...", "note": "..."}</pre>
 * {@code id} is the message's id as Kindly sent it (the {@code id} field and Idempotency-Key of the webhook). A dispute
 * or a plan request made outside any message names the borrower instead: {@code "borrowerId"} and, optionally,
 * {@code "loanId"}.
 *
 * <p>read sets READ on the message. dispute places a DISPUTE hold on the loan (on every loan of the borrower when no
 * loan is named): no reminder about a debt the borrower disputes until the lender has answered. repayment-plan places a
 * hardship hold on all the borrower's loans and tells the lender (the route's next step), as the SMS keyword does.
 */
public final class InAppInbound {
    private final InboundSettings settings;
    private final InboundGate gate;
    private final LedgerStore ledger;
    private final PolicyStore policy;
    private final PlanRequests plans;

    public InAppInbound(InboundSettings settings, InboundGate gate, LedgerStore ledger, PolicyStore policy,
            Clock clock) {
        this.settings = settings;
        this.gate = gate;
        this.ledger = ledger;
        this.policy = policy;
        this.plans = new PlanRequests(policy, settings.lenderNotice().holdDays(), clock);
    }

    /** POST /inbound/inapp/event; a repayment-plan request leaves a notice for the route to send the lender. */
    public void event(Exchange exchange) throws InboundException {
        gate.handle(exchange, settings.inapp(), "inapp-event", this::event);
    }

    /** Who and what an event is about. */
    private record Subject(String contactId, String borrowerId, String loanId) {
    }

    private InboundGate.Outcome event(InboundRequest r) throws InboundException {
        String event = r.required("/event", "the event").toLowerCase(Locale.ROOT);
        if (!event.equals("read") && !event.equals("dispute") && !event.equals("repayment-plan")) {
            throw InboundException.badRequest("/event must be read, dispute or repayment-plan");
        }
        Subject s = subject(r, event.equals("read"));
        String note = r.field("/note").orElse(null);
        switch (event) {
            case "read" -> {
                LedgerStore.ReportResult result = ledger.recordReport(s.contactId(), Status.READ, "read in the app");
                if (result == LedgerStore.ReportResult.NOT_SENT) {
                    throw InboundException.conflict("the send of this message is still being recorded; send the "
                            + "event again later");
                }
                return new InboundGate.Outcome(s.contactId(), s.borrowerId(), null,
                        result == LedgerStore.ReportResult.RECORDED ? "READ" : "UNCHANGED", null, null);
            }
            case "dispute" -> {
                PolicyStore.Hold hold = policy.placeHold(s.borrowerId(), s.loanId(), HoldType.DISPUTE, null,
                        "in-app dispute", note == null ? "the borrower disputes this debt in the app" : note);
                return new InboundGate.Outcome(s.contactId(), s.borrowerId(), null, "HOLD_PLACED",
                        "dispute; hold " + hold.id() + (s.loanId() == null ? " on every loan" : " on loan " + s.loanId()),
                        null);
            }
            default -> {
                PlanRequests.Taken taken = plans.take(s.borrowerId(), s.loanId(), "inapp", s.contactId(), note,
                        "in-app repayment-plan request");
                return new InboundGate.Outcome(s.contactId(), s.borrowerId(), null, "HOLD_PLACED",
                        "repayment plan requested; hold " + taken.holdId(), null, List.of(taken.notice()));
            }
        }
    }

    private Subject subject(InboundRequest r, boolean messageRequired) throws InboundException {
        Optional<String> id = r.field("/id");
        if (id.isPresent()) {
            LedgerStore.Delivery d = ledger.deliveryOf(id.get())
                    .filter(x -> x.channel().equals(Channel.INAPP.id()))
                    .orElseThrow(() -> InboundException.notFound("no in-app message was sent with this id"));
            return new Subject(d.contactId(), d.borrowerId(), d.loanId());
        }
        if (messageRequired) {
            throw InboundException.badRequest("missing the message id (/id)");
        }
        String borrower = r.required("/borrowerId", "the message id (/id) or the borrower (/borrowerId)");
        return new Subject(null, borrower, r.field("/loanId").orElse(null));
    }
}
