package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.dispatch.WebhookSignature;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the lender that a borrower asked for a repayment plan (by SMS reply or in the app), so a person can call them
 * back. A signed JSON POST through the route {@code kindly-lender-notice} ({@code routes/inbound/lender.camel.yaml}):
 * header {@code X-Kindly-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed with
 * {@code kindly.inbound.lender-notice.secret}, and {@code Idempotency-Key} set to the notice id.
 *
 * <p>The hold that stops reminders is placed before the notice is sent and does not depend on it: a lender whose
 * webhook is down still has the borrower's request in the ledger ({@code kindly_inbound}, action HOLD_PLACED, with the
 * notice's failure in its detail).
 */
public final class LenderNotice {
    private static final Logger LOG = LoggerFactory.getLogger(LenderNotice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ENDPOINT = "direct:kindly-lender-notice";

    private final InboundSettings.LenderNotice settings;
    private final ProducerTemplate producer;
    private final Clock clock;

    public LenderNotice(InboundSettings.LenderNotice settings, ProducerTemplate producer, Clock clock) {
        this.settings = settings;
        this.producer = producer;
        this.clock = clock;
    }

    /** A borrower's request for a repayment plan, as the lender's system receives it. */
    record PlanRequest(String borrowerId, String loanId, String channel, String contactId, String holdId,
            String message) {
    }

    /** Sends the notice; the answer is what the inbound record says of it. */
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
        Map<String, Object> headers = Map.of(
                "Content-Type", "application/json; charset=UTF-8",
                "X-Kindly-Signature", WebhookSignature.sign(settings.secret(), bytes),
                "Idempotency-Key", noticeId,
                "CamelHttpMethod", "POST");
        try {
            producer.sendBodyAndHeaders(ENDPOINT, bytes, headers);
            LOG.info("lender notified of a repayment-plan request (notice {}, hold {})", noticeId, request.holdId());
            return "lender notified (notice " + noticeId + ")";
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("lender NOT notified of a repayment-plan request (hold {}): {}", request.holdId(),
                    cause.getClass().getSimpleName());
            return "lender NOT notified: " + cause.getClass().getSimpleName() + " "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        }
    }
}
