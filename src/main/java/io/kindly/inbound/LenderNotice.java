package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.shared.WebhookSignature;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tells the lender that a borrower asked for a repayment plan (by SMS reply or in the app), so a person can call them
 * back. The steps are the routes of {@code routes/inbound/lender.camel.yaml}; this bean does the parts that need the
 * outbox or the key: a signed JSON POST, header {@code X-Kindly-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed
 * with {@code kindly.inbound.lender-notice.secret}, and {@code Idempotency-Key} set to the notice id.
 *
 * <p>The hold that stops reminders is placed before the notice is sent and does not depend on it. The notice itself is
 * written to an outbox ({@code kindly_lender_notice}) first ({@link #keep}), so a webhook that is down loses nothing:
 * the notice is sent again, with the same id, until the webhook takes it.
 */
public final class LenderNotice {
    private static final Logger LOG = LoggerFactory.getLogger(LenderNotice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The exchange property holding the notice while its body is on the wire. */
    static final String NOTICE = "KindlyLenderNotice";
    /** Notices are retried every few minutes (routes/inbound/lender.camel.yaml); this many tries span about a day. */
    static final int MAX_ATTEMPTS = 300;

    private final InboundSettings.LenderNotice settings;
    private final LenderNoticeOutbox outbox;
    private final Clock clock;

    public LenderNotice(InboundSettings.LenderNotice settings, DataSource ledger, Clock clock) {
        this.settings = settings;
        this.outbox = new LenderNoticeOutbox(ledger, clock);
        this.clock = clock;
    }

    /** A borrower's request for a repayment plan, as the lender's system receives it. */
    record PlanRequest(String borrowerId, String loanId, String channel, String contactId, String holdId,
            String message) {
    }

    /**
     * One notice on its way through the routes. Mutable on purpose: the inbound route splits over its notices and
     * reads, once they are sent, what became of each ({@link #outcome()}) for the record it keeps of the request.
     */
    public static final class Notice {
        private final PlanRequest request;
        private String noticeId;
        private byte[] body;
        private int attempts;
        private String outcome = "lender notice not sent";

        Notice(PlanRequest request) {
            this.request = request;
        }

        private Notice(String noticeId, byte[] body, int attempts) {
            this(null);
            this.noticeId = noticeId;
            this.body = body;
            this.attempts = attempts;
        }

        /** What the inbound record says of it. */
        String outcome() {
            return outcome;
        }

        boolean sent() {
            return outcome.startsWith("lender notified");
        }
    }

    /** Writes a new notice to the outbox, before any attempt to send it. */
    public void keep(Notice notice) {
        PlanRequest request = notice.request;
        notice.noticeId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "repayment-plan-requested");
        body.put("noticeId", notice.noticeId);
        body.put("requestedAt", clock.instant().toString());
        body.put("borrowerId", request.borrowerId());
        body.put("loanId", request.loanId());
        body.put("channel", request.channel());
        body.put("contactId", request.contactId());
        body.put("holdId", request.holdId());
        body.put("holdType", "HARDSHIP");
        body.put("message", request.message());
        try {
            notice.body = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
        outbox.add(notice.noticeId, request.borrowerId(), request.holdId(), notice.body);
    }

    /** The request for the webhook: the notice's body as kept, signed, with its id as the Idempotency-Key. */
    public void sign(Notice notice, Exchange exchange) {
        Message m = exchange.getMessage();
        exchange.setProperty(NOTICE, notice);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        m.setHeader("X-Kindly-Signature", WebhookSignature.sign(settings.secret(), notice.body));
        m.setHeader("Idempotency-Key", notice.noticeId);
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setBody(notice.body);
    }

    /** The webhook took it. */
    public void sent(@ExchangeProperty(NOTICE) Notice notice) {
        outbox.sent(notice.noticeId);
        notice.outcome = "lender notified (notice " + notice.noticeId + ")";
        LOG.info("lender notified of a repayment-plan request (notice {})", notice.noticeId);
    }

    /** The webhook did not take it (after the route's own quick retries): kept PENDING, or FAILED after the last try. */
    public void failed(@ExchangeProperty(NOTICE) Notice notice,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        // the first line only: an HTTP failure's message can carry the lender's response body
        String failure = cause.getClass().getSimpleName() + " "
                + String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        boolean last = notice.attempts + 1 >= MAX_ATTEMPTS;
        outbox.failed(notice.noticeId, failure, last);
        notice.outcome = "lender NOT notified yet (notice " + notice.noticeId + ", tried again every few minutes): "
                + failure;
        LOG.warn("lender NOT notified of a repayment-plan request (notice {}, attempt {}{}): {}", notice.noticeId,
                notice.attempts + 1, last ? ", the last: FAILED, follow it up by hand" : "",
                cause.getClass().getSimpleName());
    }

    /** No webhook is configured (kindly.inbound.lender-notice.url is empty): nothing is kept or sent. */
    public void notConfigured(Notice notice) {
        notice.outcome = "lender notice not configured (kindly.inbound.lender-notice.url)";
    }

    /** The oldest notices the webhook has not taken yet, each with its first id and body (the lender drops a repeat). */
    public List<Notice> pending() {
        return outbox.pending(100).stream().map(p -> new Notice(p.noticeId(), p.body(), p.attempts())).toList();
    }

    /** How many of these notices the webhook took now. */
    public int sentAmong(List<Notice> notices) {
        return (int) notices.stream().filter(Notice::sent).count();
    }
}
