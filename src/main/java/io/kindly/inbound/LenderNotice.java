package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.shared.WebhookSignature;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tells the lender that a borrower asked for a repayment plan (by SMS reply or in the app), so a person can call them
 * back. A signed JSON POST through the route {@code kindly-lender-notice} ({@code routes/inbound/lender.camel.yaml}):
 * header {@code X-Kindly-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed with
 * {@code kindly.inbound.lender-notice.secret}, and {@code Idempotency-Key} set to the notice id.
 *
 * <p>The hold that stops reminders is placed before the notice is sent and does not depend on it. The notice itself is
 * written to an outbox ({@code kindly_lender_notice}) first, so a webhook that is down loses nothing: the notice is
 * sent again, with the same id, until the webhook takes it.
 */
public final class LenderNotice {
    private static final Logger LOG = LoggerFactory.getLogger(LenderNotice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ENDPOINT = "direct:kindly-lender-notice";
    /** Notices are retried every few minutes (routes/inbound/lender.camel.yaml); this many tries span about a day. */
    static final int MAX_ATTEMPTS = 300;

    private final InboundSettings.LenderNotice settings;
    private final LenderNoticeOutbox outbox;
    private final ProducerTemplate producer;
    private final Clock clock;

    public LenderNotice(InboundSettings.LenderNotice settings, DataSource ledger, ProducerTemplate producer,
            Clock clock) {
        this.settings = settings;
        this.outbox = new LenderNoticeOutbox(ledger, clock);
        this.producer = producer;
        this.clock = clock;
    }

    /** A borrower's request for a repayment plan, as the lender's system receives it. */
    record PlanRequest(String borrowerId, String loanId, String channel, String contactId, String holdId,
            String message) {
    }

    /**
     * Writes the notice to the outbox and sends it. A notice the webhook does not take now stays in the outbox and is
     * sent by {@link #retryPending()}.
     *
     * @return what the inbound record says of it
     */
    String send(PlanRequest request) {
        if (!settings.enabled()) {
            return "lender notice not configured (kindly.inbound.lender-notice.url)";
        }
        String noticeId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "repayment-plan-requested");
        body.put("noticeId", noticeId);
        body.put("requestedAt", clock.instant().toString());
        body.put("borrowerId", request.borrowerId());
        body.put("loanId", request.loanId());
        body.put("channel", request.channel());
        body.put("contactId", request.contactId());
        body.put("holdId", request.holdId());
        body.put("holdType", "HARDSHIP");
        body.put("message", request.message());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
        outbox.add(noticeId, request.borrowerId(), request.holdId(), bytes);
        String failure = attempt(noticeId, bytes, 0);
        return failure == null ? "lender notified (notice " + noticeId + ")"
                : "lender NOT notified yet (notice " + noticeId + ", tried again every few minutes): " + failure;
    }

    /**
     * Sends the notices the webhook has not taken yet, oldest first, each with its first id and body (the lender
     * drops a repeated Idempotency-Key). Called by the route {@code kindly-lender-notice-retry}.
     *
     * @return how many were sent now
     */
    public int retryPending() {
        int sent = 0;
        for (LenderNoticeOutbox.Pending p : outbox.pending(100)) {
            if (attempt(p.noticeId(), p.body(), p.attempts()) == null) {
                sent++;
            }
        }
        return sent;
    }

    /** One try; null when the webhook took it, else the failure as the ledger keeps it. */
    private String attempt(String noticeId, byte[] body, int triedBefore) {
        Map<String, Object> headers = Map.of(
                "Content-Type", "application/json; charset=UTF-8",
                "X-Kindly-Signature", WebhookSignature.sign(settings.secret(), body),
                "Idempotency-Key", noticeId,
                "CamelHttpMethod", "POST");
        try {
            producer.sendBodyAndHeaders(ENDPOINT, body, headers);
            outbox.sent(noticeId);
            LOG.info("lender notified of a repayment-plan request (notice {})", noticeId);
            return null;
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String failure = cause.getClass().getSimpleName() + " "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            boolean last = triedBefore + 1 >= MAX_ATTEMPTS;
            outbox.failed(noticeId, failure, last);
            LOG.warn("lender NOT notified of a repayment-plan request (notice {}, attempt {}{}): {}", noticeId,
                    triedBefore + 1, last ? ", the last: FAILED, follow it up by hand" : "",
                    cause.getClass().getSimpleName());
            return failure;
        }
    }
}
