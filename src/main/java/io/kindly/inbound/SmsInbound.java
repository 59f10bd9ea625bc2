package io.kindly.inbound;

import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Status;
import io.kindly.ledger.LedgerStore;
import io.kindly.policy.PolicyStore;
import io.kindly.render.TemplateProblem;
import io.kindly.render.TemplateRenderer;
import io.kindly.shared.PhoneNumbers;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the SMS gateway sends back ({@code routes/inbound/sms.camel.yaml}): delivery receipts, and the borrowers' replies
 * it forwards.
 *
 * <p>A receipt names the message by the gateway's id for it or by Kindly's reference (the contact id, sent with every
 * message) and sets DELIVERED or UNDELIVERED on it. A reply is read for what it asks: an opt-out stops SMS to that
 * number from the next claim on (the borrower need not be known: the number is enough); help gets the help text back;
 * a repayment-plan request places a hardship hold on every borrower Kindly has texted at that number, and the route's
 * next step tells the lender. The answer carries the text for the gateway to send back ({@code reply}), in the
 * language Kindly last wrote to that number in.
 */
public final class SmsInbound {
    private static final Logger LOG = LoggerFactory.getLogger(SmsInbound.class);
    /** How long a receipt waits for the send it reports on to be recorded. */
    static final long RECORDING_WAIT_MILLIS = 2000;

    private final InboundSettings settings;
    private final InboundGate gate;
    private final LedgerStore ledger;
    private final PolicyStore policy;
    private final TemplateRenderer renderer;
    private final PlanRequests plans;
    private final ReplyKeywords keywords;
    private final String optOutWord;

    public SmsInbound(InboundSettings settings, InboundGate gate, LedgerStore ledger, PolicyStore policy,
            TemplateRenderer renderer, String optOutWord, Clock clock) {
        this.settings = settings;
        this.gate = gate;
        this.ledger = ledger;
        this.policy = policy;
        this.renderer = renderer;
        this.plans = new PlanRequests(policy, settings.lenderNotice().holdDays(), clock);
        this.keywords = new ReplyKeywords(settings.keywords());
        this.optOutWord = optOutWord;
    }

    /** GET or POST /inbound/sms/receipt (or .../receipt/{token}) */
    public void receipt(Exchange exchange) throws InboundException {
        gate.handle(exchange, settings.sms(), "sms-receipt", true, r -> receipt(r));
    }

    /**
     * GET or POST /inbound/sms/reply (or .../reply/{token}); a repayment-plan request leaves a notice per borrower for
     * the route to send.
     */
    public void reply(Exchange exchange) throws InboundException {
        gate.handle(exchange, settings.sms(), "sms-reply", true, r -> reply(r));
    }

    /**
     * A delivery receipt the SMSC sent on Kindly's SMPP session ({@code routes/inbound/smpp.camel.yaml}): the session
     * listener turned the deliver_sm into JSON with {@code messageId} (receipted_message_id, else the receipt's id),
     * {@code reference} (Kindly's id, when this process sent it), {@code status} (stat: DELIVRD, UNDELIV, ...) and
     * {@code error} (err). The bound session is the authentication; from here on it is handled as an HTTP receipt is.
     */
    public void smppReceipt(Exchange exchange) throws InboundException {
        gate.handleTrusted(exchange, "smpp-receipt", r -> receipt(r, SMPP_RECEIPT));
    }

    /** A borrower's reply (a mobile-originated deliver_sm) as JSON {@code from} and {@code text}; as an HTTP reply. */
    public void smppReply(Exchange exchange) throws InboundException {
        InboundSettings.Reply fields = new InboundSettings.Reply("/from", "/text", settings.reply().defaultRegion());
        gate.handleTrusted(exchange, "smpp-reply", r -> reply(r, fields));
    }

    /** SMPP 3.4's receipt states (the stat: field, or message_state): only DELIVRD is delivered. */
    static final InboundSettings.Receipt SMPP_RECEIPT = new InboundSettings.Receipt("/messageId", "/reference",
            "/status", "/error", java.util.regex.Pattern.compile("DELIVRD|DELIVERED"),
            java.util.regex.Pattern.compile("UNDELIV|UNDELIVERABLE|EXPIRED|DELETED|REJECTD|REJECTED|UNKNOWN"));

    private InboundGate.Outcome receipt(InboundRequest r) throws InboundException {
        return receipt(r, settings.receipt());
    }

    private InboundGate.Outcome receipt(InboundRequest r, InboundSettings.Receipt fields) throws InboundException {
        String status = r.required(fields.status(), "the delivery status");
        Optional<String> gatewayId = r.field(fields.messageId());
        Optional<String> reference = r.field(fields.reference());
        if (gatewayId.isEmpty() && reference.isEmpty()) {
            throw InboundException.badRequest("missing the message id (" + fields.messageId() + ") or reference ("
                    + fields.reference() + ")");
        }
        String contactId = gatewayId.flatMap(id -> ledger.contactByGatewayId(Channel.SMS, id))
                .or(() -> reference.flatMap(ledger::deliveryOf).filter(d -> d.channel().equals(Channel.SMS.id()))
                        .map(LedgerStore.Delivery::contactId))
                .orElseThrow(() -> InboundException.notFound("no SMS was sent with this message id"));
        Status report;
        if (fields.delivered().matcher(status).matches()) {
            report = Status.DELIVERED;
        } else if (fields.undelivered().matcher(status).matches()) {
            report = Status.UNDELIVERED;
        } else {
            return new InboundGate.Outcome(contactId, null, null, "INTERIM", "status " + status, null);
        }
        String detail = "receipt: " + status + r.field(fields.error()).map(e -> " (" + e + ")").orElse("");
        return switch (recordReport(contactId, report, detail)) {
            case RECORDED -> new InboundGate.Outcome(contactId, null, null, report.name(), detail, null);
            case UNCHANGED -> new InboundGate.Outcome(contactId, null, null, "UNCHANGED", detail, null);
            case NOT_SENT -> throw InboundException.conflict("the send of this message is still being recorded; "
                    + "send the receipt again later");
            case UNKNOWN_CONTACT -> throw InboundException.notFound("no SMS was sent with this message id");
        };
    }

    /**
     * A report can overtake the recording of the send it reports on (a fake or fast SMSC reports at once), and some
     * gateways call a receipt URL only once (Kannel's dlr-url): so a receipt for a send still being recorded waits for
     * it a little (up to {@link #RECORDING_WAIT_MILLIS}) before it is answered 409.
     */
    private LedgerStore.ReportResult recordReport(String contactId, Status report, String detail) {
        LedgerStore.ReportResult result = ledger.recordReport(contactId, report, detail);
        long until = System.nanoTime() + RECORDING_WAIT_MILLIS * 1_000_000L;
        while (result == LedgerStore.ReportResult.NOT_SENT && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            result = ledger.recordReport(contactId, report, detail);
        }
        return result;
    }

    private InboundGate.Outcome reply(InboundRequest r) throws InboundException {
        return reply(r, settings.reply());
    }

    private InboundGate.Outcome reply(InboundRequest r, InboundSettings.Reply fields) throws InboundException {
        String from = r.required(fields.from(), "the number the reply came from");
        Checked<String> mobile = PhoneNumbers.mobile(from, fields.defaultRegion());
        if (!mobile.isOk()) {
            throw InboundException.badRequest("the number the reply came from is not a mobile number");
        }
        String number = mobile.value();
        String text = r.field(fields.text()).orElse("");
        ReplyKeywords.Intent intent = keywords.classify(text);
        List<LedgerStore.Delivery> sentTo = ledger.deliveriesTo(Channel.SMS, number);
        Locale language = sentTo.stream().map(LedgerStore.Delivery::locale).filter(l -> l != null)
                .map(Locale::forLanguageTag).findFirst().orElseGet(() -> ReplyKeywords.languageOf(text));
        String borrower = sentTo.size() == 1 ? sentTo.get(0).borrowerId() : null;
        String contact = sentTo.isEmpty() ? null : sentTo.get(0).contactId();
        String masked = PhoneNumbers.mask(number);
        switch (intent.kind()) {
            case OPT_OUT -> {
                PolicyStore.OptOut o = policy.optOut(Channel.SMS, number, null, "sms reply",
                        "replied " + intent.word());
                LOG.info("SMS opt-out {} recorded for {} from a reply", o.id(), masked);
                return new InboundGate.Outcome(contact, borrower, number, "OPTED_OUT",
                        "replied " + intent.word() + "; opt-out " + o.id(), answer("opt-out", language));
            }
            case HELP -> {
                return new InboundGate.Outcome(contact, borrower, number, "HELP", "replied " + intent.word(),
                        answer("help", language));
            }
            case PLAN -> {
                if (sentTo.isEmpty()) {
                    throw InboundException.notFound("no borrower has been sent reminders at this number");
                }
                List<String> done = new ArrayList<>();
                List<LenderNotice.Notice> notices = new ArrayList<>();
                for (LedgerStore.Delivery d : sentTo) {
                    PlanRequests.Taken taken = plans.take(d.borrowerId(), null, "sms", d.contactId(), text,
                            "SMS reply " + intent.word());
                    done.add("borrower " + d.borrowerId() + ": hold " + taken.holdId());
                    notices.add(taken.notice());
                }
                return new InboundGate.Outcome(contact, borrower, number, "HOLD_PLACED",
                        "replied " + intent.word() + "; " + String.join("; ", done), answer("plan", language), notices);
            }
            default -> {
                // kept for the lender to read: Kindly acts only on words it is sure of
                return new InboundGate.Outcome(contact, borrower, number, "NO_ACTION", "no keyword", null);
            }
        }
    }

    private Map<String, Object> answer(String action, Locale language) {
        try {
            return Map.of("reply", renderer.renderReply(action, language, Map.of("optOutWord", optOutWord)));
        } catch (TemplateProblem e) {
            // the action is taken and recorded all the same; only the text back to the borrower is missing
            LOG.warn("no SMS answer for {}: {}", action, e.getMessage());
            return Map.of();
        }
    }
}
