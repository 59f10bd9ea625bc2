package io.kindly.inbound;

import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Status;
import io.kindly.ledger.LedgerStore;
import io.kindly.policy.PolicyStore;
import io.kindly.source.AccountMapper;
import org.apache.camel.Exchange;

import java.util.Locale;
import java.util.Optional;

/**
 * Bounces and complaints from the mail provider ({@code routes/inbound/email.camel.yaml}), as JSON:
 * <pre>{"type": "bounce" | "complaint" | "delivered", "bounceType": "hard" | "soft", "email": "b1@example.com",
 *  "messageId": "&lt;k1-...@reminders.example&gt;"}</pre>
 * {@code messageId} is the Message-ID Kindly set on the email (with or without the angle brackets); without it the
 * event is about the address alone.
 *
 * <p>A hard bounce or a complaint suppresses the address for email at once (an opt-out with source "email bounce" or
 * "email complaint"): an address that does not exist must not be tried again, and a borrower who marked a reminder as
 * spam has asked not to get them. A hard bounce also sets UNDELIVERED on the message. A soft bounce is kept and
 * changes nothing: the mail server tries again by itself.
 */
public final class EmailInbound {
    private final InboundSettings settings;
    private final InboundGate gate;
    private final LedgerStore ledger;
    private final PolicyStore policy;

    public EmailInbound(InboundSettings settings, InboundGate gate, LedgerStore ledger, PolicyStore policy) {
        this.settings = settings;
        this.gate = gate;
        this.ledger = ledger;
        this.policy = policy;
    }

    /** POST /inbound/email/event */
    public void event(Exchange exchange) throws InboundException {
        gate.handle(exchange, settings.email(), "email-event", this::event);
    }

    private InboundGate.Outcome event(InboundRequest r) throws InboundException {
        String type = r.required("/type", "the event type").toLowerCase(Locale.ROOT);
        Optional<LedgerStore.Delivery> sent = Optional.empty();
        Optional<String> messageId = r.field("/messageId");
        if (messageId.isPresent()) {
            sent = Optional.of(emailSent(messageId.get()));
        }
        Optional<String> contactId = sent.map(LedgerStore.Delivery::contactId);
        Optional<String> given = r.field("/email");
        String address;
        if (given.isPresent()) {
            // written as the source's addresses are, so the opt-out matches the address Kindly sends to
            Checked<String> email = AccountMapper.email(given.get());
            if (!email.isOk()) {
                throw InboundException.badRequest("/email is not a plain email address");
            }
            address = email.value();
        } else {
            address = sent.map(LedgerStore.Delivery::recipient).orElseThrow(() -> InboundException.badRequest(
                    "missing the address (/email) or the message id (/messageId)"));
        }
        String contact = contactId.orElse(null);
        String borrower = sent.map(LedgerStore.Delivery::borrowerId).orElse(null);
        switch (type) {
            case "bounce" -> {
                boolean hard = !r.field("/bounceType").map(t -> t.equalsIgnoreCase("soft")
                        || t.equalsIgnoreCase("transient")).orElse(false);
                if (!hard) {
                    return new InboundGate.Outcome(contact, borrower, address, "SOFT_BOUNCE", "the mail server "
                            + "retries by itself", null);
                }
                PolicyStore.OptOut o = policy.optOut(Channel.EMAIL, address, null, "email bounce",
                        "hard bounce" + contactId.map(c -> " of " + c).orElse(""));
                contactId.ifPresent(c -> ledger.recordReport(c, Status.UNDELIVERED, "hard bounce"));
                return new InboundGate.Outcome(contact, borrower, address, "ADDRESS_SUPPRESSED",
                        "hard bounce; opt-out " + o.id(), null);
            }
            case "complaint" -> {
                PolicyStore.OptOut o = policy.optOut(Channel.EMAIL, address, null, "email complaint",
                        "marked as spam" + contactId.map(c -> ": " + c).orElse(""));
                return new InboundGate.Outcome(contact, borrower, address, "ADDRESS_SUPPRESSED",
                        "complaint; opt-out " + o.id(), null);
            }
            case "delivered" -> {
                if (contactId.isEmpty()) {
                    throw InboundException.badRequest("a delivered event needs the message id (/messageId)");
                }
                LedgerStore.ReportResult result = ledger.recordReport(contact, Status.DELIVERED, "delivered");
                if (result == LedgerStore.ReportResult.NOT_SENT) {
                    throw InboundException.conflict("the send of this message is still being recorded; send the "
                            + "event again later");
                }
                return new InboundGate.Outcome(contact, borrower, address,
                        result == LedgerStore.ReportResult.RECORDED ? "DELIVERED" : "UNCHANGED", null, null);
            }
            default -> throw InboundException.badRequest("/type must be bounce, complaint or delivered");
        }
    }

    /** The email a Message-ID names: looked up as sent, or by its left-hand side (Kindly's contact id). */
    private LedgerStore.Delivery emailSent(String messageId) throws InboundException {
        String bracketed = messageId.startsWith("<") ? messageId : "<" + messageId + ">";
        String bare = bracketed.substring(1, bracketed.length() - 1);
        int at = bare.indexOf('@');
        String leftHandSide = at > 0 ? bare.substring(0, at) : bare;
        return ledger.contactByGatewayId(Channel.EMAIL, bracketed).or(() -> Optional.of(leftHandSide))
                .flatMap(ledger::deliveryOf).filter(d -> d.channel().equals(Channel.EMAIL.id()))
                .orElseThrow(() -> InboundException.notFound("no email was sent with this message id"));
    }
}
