package io.kindly.inbound;

import io.kindly.ledger.LedgerStore;
import io.kindly.shared.WebhookSignature;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    /**
     * The exchange property holding the token of a request to {@code .../<token>}: set by the routes that serve those
     * paths (routes/inbound/sms.camel.yaml), from the path's last segment, for {@code auth = path-token}.
     */
    static final String TOKEN_IN_PATH = "KindlyTokenInPath";

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
     * next steps. Only POST is taken.
     */
    void handle(Exchange exchange, InboundSettings.Auth auth, String source, Work work) throws InboundException {
        handle(exchange, auth, source, false, work);
    }

    /**
     * @param getToo whether a GET is taken as well, its fields in the query string: gateways such as Kannel call their
     *               delivery-report and reply URLs that way
     */
    void handle(Exchange exchange, InboundSettings.Auth auth, String source, boolean getToo, Work work)
            throws InboundException {
        exchange.setProperty(SOURCE, source);
        Message in = exchange.getMessage();
        Object raw = in.getBody();
        byte[] body = raw instanceof Map<?, ?> ? new byte[0] : in.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        // checked here rather than by the HTTP server, whose own 405 carries no reason
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        boolean get = "GET".equalsIgnoreCase(method);
        if (method != null && !method.equalsIgnoreCase("POST") && !(get && getToo)) {
            throw InboundException.methodNotAllowed(getToo ? "use GET or POST" : "use POST");
        }
        if (body.length > InboundSettings.MAX_BODY_BYTES) {
            throw InboundException.tooLarge("the body is larger than " + InboundSettings.MAX_BODY_BYTES + " bytes");
        }
        if (raw instanceof Map<?, ?> && auth.hmac()) {
            // the HTTP server parsed a form body and kept no bytes to check a signature over
            throw InboundException.unsupported("a form body cannot carry an HMAC signature here: send JSON, "
                    + "or authenticate form posts by token (kindly.inbound." + auth.source() + ".auth = token)");
        }
        if (body.length == 0 && auth.hmac()) {
            // a signature over no bytes would vouch for any query string
            throw InboundException.unsupported("a request without a body cannot carry an HMAC signature: authenticate "
                    + "this sender by token, path-token or basic (kindly.inbound." + auth.source() + ".auth)");
        }
        String rawQuery = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        UnaryOperator<String> headers = name -> in.getHeader(name, String.class);
        if (!(raw instanceof Map<?, ?>) && InboundRequest.isJsonArray(body, in.getHeader(Exchange.CONTENT_TYPE,
                String.class))) {
            // Alibaba's and Tencent's pushes: a JSON array of receipts or replies, one request for many
            authenticate(auth, exchange, body, null);
            batch(exchange, source, body, rawQuery, headers, work);
            return;
        }
        InboundRequest request = null;
        try {
            request = raw instanceof Map<?, ?> form ? InboundRequest.ofForm(form, rawQuery, headers)
                    : InboundRequest.parse(body, in.getHeader(Exchange.CONTENT_TYPE, String.class), rawQuery, headers);
        } catch (InboundException malformed) {
            // the request is authenticated before its shape is told to anyone
            authenticate(auth, exchange, body, null);
            keepRefused(source, body, malformed);
            throw malformed;
        }
        authenticate(auth, exchange, body, request);
        carryOut(exchange, source, request, work);
    }

    /**
     * A message from a source its connection authenticates (the bound SMPP session: the SMSC proved itself by
     * accepting Kindly's bind): Kindly built the JSON body itself from the PDU, so there is no signature or token to
     * check. Otherwise as {@link #handle}: refusals are kept, and {@link #done} keeps what was done.
     */
    void handleTrusted(Exchange exchange, String source, Work work) throws InboundException {
        exchange.setProperty(SOURCE, source);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        InboundRequest request = InboundRequest.parse(body == null ? new byte[0] : body, "application/json");
        carryOut(exchange, source, request, work);
    }

    /** Does the request's work; keeps what was done for {@link #done}, or the refusal. */
    private void carryOut(Exchange exchange, String source, InboundRequest request, Work work)
            throws InboundException {
        try {
            Outcome done = work.handle(request);
            exchange.setProperty(HANDLED, new Handled(source, request.text(), done));
            exchange.setProperty(NOTICES, done.notices());
        } catch (InboundException e) {
            keepRefused(source, request.text().getBytes(StandardCharsets.UTF_8), e);
            throw e;
        }
    }

    /** A JSON array of requests, each handled and kept on its own. */
    record Batch(List<Handled> items) {
    }

    /**
     * Each element as a request of its own. One the work refuses (an unknown message id) is kept as refused and the
     * others are still done: the sender would otherwise send them all again for the one Kindly will never take. A
     * failure that is not a refusal (the ledger is away) fails the whole request, which the sender sends again; what
     * was done for its first elements is then done again harmlessly (a receipt already recorded changes nothing).
     */
    private void batch(Exchange exchange, String source, byte[] body, String rawQuery, UnaryOperator<String> headers,
            Work work) throws InboundException {
        List<byte[]> elements = InboundRequest.elements(body);
        List<Handled> items = new ArrayList<>();
        List<LenderNotice.Notice> notices = new ArrayList<>();
        for (byte[] element : elements) {
            InboundRequest request = InboundRequest.parse(element, "application/json", rawQuery, headers);
            try {
                Outcome done = work.handle(request);
                items.add(new Handled(source, request.text(), done));
                notices.addAll(done.notices());
            } catch (InboundException refused) {
                items.add(new Handled(source, request.text(), new Outcome(null, null, null,
                        "REFUSED_" + refused.status(), refused.getMessage(), null)));
            }
        }
        exchange.setProperty(HANDLED, new Batch(items));
        exchange.setProperty(NOTICES, notices);
    }

    /** Keeps the request and what was done (with what became of the lender's notices) and answers 200. */
    public void done(Exchange exchange) {
        if (exchange.getProperty(HANDLED) instanceof Batch batch) {
            doneBatch(exchange, batch);
            return;
        }
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

    /**
     * Keeps each element and answers 200 with what was done to each, and the fields by which the vendors read "taken"
     * ({@code code: 0} Alibaba, {@code result: 0} Tencent).
     */
    private void doneBatch(Exchange exchange, Batch batch) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Handled h : batch.items()) {
            Outcome done = h.outcome();
            String id = ledger.recordInbound(new LedgerStore.InboundEntry(h.source(), done.contactId(),
                    done.borrowerId(), done.address(), h.payload(), done.action(), done.detail()));
            LOG.info("{}: {}{} (inbound {})", h.source(), done.action(),
                    done.contactId() == null ? "" : " for " + done.contactId(), id);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("action", done.action());
            one.put("inboundId", id);
            results.add(one);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", 0);
        answer.put("msg", "OK");
        answer.put("result", 0);
        answer.put("errmsg", "OK");
        answer.put("results", results);
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

    /** The credential the source's authentication asks for, compared in constant time. */
    static void authenticate(InboundSettings.Auth auth, Exchange exchange, byte[] body) throws InboundException {
        authenticate(auth, exchange, body, null);
    }

    /**
     * @param request the parsed request, for a signature over its fields (Twilio); null when it could not be parsed
     */
    static void authenticate(InboundSettings.Auth auth, Exchange exchange, byte[] body, InboundRequest request)
            throws InboundException {
        String inPath = exchange.getProperty(TOKEN_IN_PATH, String.class);
        if (auth.pathToken()) {
            if (inPath == null) {
                throw InboundException.unauthorized("the token is missing from the path: call "
                        + exchange.getMessage().getHeader(Exchange.HTTP_PATH, "this endpoint", String.class)
                        + "/<token>");
            }
            if (!same(inPath, auth.secret())) {
                throw InboundException.unauthorized("the token in the path is not valid");
            }
            return;
        }
        if (inPath != null) {
            throw InboundException.notFound("this source does not take a token in the path (kindly.inbound."
                    + auth.source() + ".auth = " + auth.type() + ")");
        }
        String given = exchange.getMessage().getHeader(auth.header(), String.class);
        if (given == null || given.isBlank()) {
            throw InboundException.unauthorized("missing the " + auth.header() + " header");
        }
        switch (auth.type()) {
            case "hmac" -> {
                if (!WebhookSignature.verify(auth.secret(), body, given)) {
                    throw InboundException.unauthorized("the " + auth.header() + " signature does not match the body");
                }
            }
            case "basic" -> {
                String expected = auth.username() + ":" + auth.secret();
                String decoded = "";
                if (given.regionMatches(true, 0, "Basic ", 0, 6)) {
                    try {
                        decoded = new String(Base64.getDecoder().decode(given.substring(6).strip()),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException notBase64) {
                        decoded = "";
                    }
                }
                if (!same(decoded, expected)) {
                    throw InboundException.unauthorized("the " + auth.header() + " credentials are not valid");
                }
            }
            case "twilio" -> {
                String url = signedUrl(auth, exchange);
                Map<String, String> fields = request == null ? Map.of() : request.formFields();
                if (!same(given.strip(), TwilioSignature.of(auth.secret(), url, fields))) {
                    throw InboundException.unauthorized("the " + auth.header() + " signature does not match the request");
                }
            }
            default -> {
                String token = given.strip();
                if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    token = token.substring(7).strip();
                }
                if (!same(token, auth.secret())) {
                    throw InboundException.unauthorized("the " + auth.header() + " token is not valid");
                }
            }
        }
    }

    /** The URL the sender called, as it knew it: Kindly's public address, the path and the query string. */
    private static String signedUrl(InboundSettings.Auth auth, Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        return auth.publicUrl() + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
