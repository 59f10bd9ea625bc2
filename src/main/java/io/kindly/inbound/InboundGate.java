package io.kindly.inbound;

import io.kindly.ledger.LedgerStore;
import io.kindly.shared.WebhookSignature;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every inbound endpoint does around its own work: reads the body once as bytes, checks the caller's signature or
 * token over exactly those bytes, parses it, and, once the route's other steps are done ({@link #done}), keeps the
 * request and what Kindly did in the ledger ({@code kindly_inbound}) and answers 200 with JSON.
 *
 * <p>A check that fails throws an {@link InboundException} with its status; the route configuration
 * {@code kindly-inbound-errors} ({@code routes/inbound/answers.camel.yaml}) answers it, and answers a ledger that cannot
 * be reached or an unexpected failure with a 503, never a 500 or a stack trace.
 *
 * <p>A request that fails authentication is not kept (anyone can send one); every authenticated request is, with its
 * body, even when it is refused as malformed or unknown: what a gateway said is evidence either way.
 */
public final class InboundGate {
    private static final Logger LOG = LoggerFactory.getLogger(InboundGate.class);
    /** The exchange property naming the endpoint (sms-reply, ...), for the log lines of the route configuration. */
    static final String SOURCE = "KindlyInboundSource";
    /** The exchange property holding the request and what was done, from {@link #handle} to {@link #done}. */
    static final String HANDLED = "KindlyInbound";
    /** The exchange property listing the notices the route sends the lender (direct:kindly-lender-notice). */
    static final String NOTICES = "KindlyLenderNotices";

    private final LedgerStore ledger;

    public InboundGate(LedgerStore ledger) {
        this.ledger = ledger;
    }

    /** The work of one endpoint on an authenticated, parsed request. */
    @FunctionalInterface
    interface Work {
        Outcome handle(InboundRequest request) throws InboundException;
    }

    /**
     * What an endpoint did: the record for the ledger, and the fields of the 200 answer.
     *
     * @param reply   extra answer fields, such as the text a gateway should send back to the borrower
     * @param notices repayment-plan requests the route is to pass on to the lender
     */
    record Outcome(String contactId, String borrowerId, String address, String action, String detail,
            Map<String, Object> reply, List<LenderNotice.Notice> notices) {
        Outcome {
            reply = reply == null ? Map.of() : reply;
            notices = notices == null ? List.of() : List.copyOf(notices);
        }

        Outcome(String contactId, String borrowerId, String address, String action, String detail,
                Map<String, Object> reply) {
            this(contactId, borrowerId, address, action, detail, reply, List.of());
        }
    }

    /** A request that passed the gate and the endpoint's work, waiting for {@link #done}. */
    record Handled(String source, String payload, Outcome outcome) {
    }

    /**
     * Checks, parses and hands the request to the endpoint's work; what it did waits in the exchange for the route's
     * next steps.
     */
    void handle(Exchange exchange, InboundSettings.Auth auth, String source, Work work) throws InboundException {
        exchange.setProperty(SOURCE, source);
        Object raw = exchange.getMessage().getBody();
        byte[] body = raw instanceof Map<?, ?> ? new byte[0] : exchange.getMessage().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        // checked here rather than by the HTTP server, whose own 405 carries no reason
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !method.equalsIgnoreCase("POST")) {
            throw InboundException.methodNotAllowed("use POST");
        }
        if (body.length > InboundSettings.MAX_BODY_BYTES) {
            throw InboundException.tooLarge("the body is larger than " + InboundSettings.MAX_BODY_BYTES + " bytes");
        }
        if (raw instanceof Map<?, ?> && auth.hmac()) {
            // the HTTP server parsed a form body and kept no bytes to check a signature over
            throw InboundException.unsupported("a form body cannot carry an HMAC signature here: send JSON, "
                    + "or authenticate form posts by token (kindly.inbound." + auth.source() + ".auth = token)");
        }
        authenticate(auth, exchange, body);
        InboundRequest request = null;
        try {
            request = raw instanceof Map<?, ?> form ? InboundRequest.ofForm(form)
                    : InboundRequest.parse(body, exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
            Outcome done = work.handle(request);
            exchange.setProperty(HANDLED, new Handled(source, request.text(), done));
            exchange.setProperty(NOTICES, done.notices());
        } catch (InboundException e) {
            keepRefused(source, request == null ? body : request.body(), e);
            throw e;
        }
    }

    /** Keeps the request and what was done (with what became of the lender's notices) and answers 200. */
    public void done(Exchange exchange) {
        Handled h = exchange.getProperty(HANDLED, Handled.class);
        Outcome done = h.outcome();
        List<String> detail = new ArrayList<>();
        if (done.detail() != null) {
            detail.add(done.detail());
        }
        done.notices().forEach(n -> detail.add(n.outcome()));
        String id = ledger.recordInbound(new LedgerStore.InboundEntry(h.source(), done.contactId(), done.borrowerId(),
                done.address(), h.payload(), done.action(), detail.isEmpty() ? null : String.join("; ", detail)));
        LOG.info("{}: {}{} (inbound {})", h.source(), done.action(),
                done.contactId() == null ? "" : " for " + done.contactId(), id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", done.action());
        answer.putAll(done.reply());
        answer.put("inboundId", id);
        InboundReply.json(exchange, 200, answer);
    }

    private void keepRefused(String source, byte[] body, InboundException e) {
        try {
            ledger.recordInbound(new LedgerStore.InboundEntry(source, null, null, null,
                    new String(body, StandardCharsets.UTF_8), "REFUSED_" + e.status(), e.getMessage()));
        } catch (RuntimeException recordFailure) {
            LOG.warn("{}: a refused request could not be kept: {}", source, recordFailure.getMessage());
        }
    }

    /** The signature (HMAC-SHA256 over the body) or the shared token, compared in constant time. */
    static void authenticate(InboundSettings.Auth auth, Exchange exchange, byte[] body) throws InboundException {
        String given = exchange.getMessage().getHeader(auth.header(), String.class);
        if (given == null || given.isBlank()) {
            throw InboundException.unauthorized("missing the " + auth.header() + " header");
        }
        if (auth.hmac()) {
            if (!WebhookSignature.verify(auth.secret(), body, given)) {
                throw InboundException.unauthorized("the " + auth.header() + " signature does not match the body");
            }
            return;
        }
        String token = given.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                auth.secret().getBytes(StandardCharsets.UTF_8))) {
            throw InboundException.unauthorized("the " + auth.header() + " token is not valid");
        }
    }
}
