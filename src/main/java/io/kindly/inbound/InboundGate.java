package io.kindly.inbound;

import io.kindly.shared.WebhookSignature;
import io.kindly.db.LedgerException;
import io.kindly.ledger.LedgerStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every inbound endpoint does around its own work: reads the body once as bytes, checks the caller's signature or
 * token over exactly those bytes, parses it, keeps the request and what Kindly did in the ledger
 * ({@code kindly_inbound}), and answers with a JSON reason.
 *
 * <p>Answers: 200 done; 400 malformed; 401 not authenticated; 404 names a message or borrower Kindly does not know; 409
 * known but not ready (a receipt for a send whose outcome is still being recorded: the gateway retries); 413 too large;
 * 405 not a POST; 415 a form body where a signature over the body is expected;
 * 503 the ledger cannot be reached (nothing was done that is not recorded, so the caller can retry). Never a 500 or a
 * stack trace: an unexpected failure is logged here in full and answered 503.
 *
 * <p>A request that fails authentication is not kept (anyone can send one); every authenticated request is, with its
 * body, even when it is refused as malformed or unknown: what a gateway said is evidence either way.
 */
final class InboundGate {
    private static final Logger LOG = LoggerFactory.getLogger(InboundGate.class);

    private final LedgerStore ledger;

    InboundGate(LedgerStore ledger) {
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
     * @param reply extra answer fields, such as the text a gateway should send back to the borrower
     */
    record Outcome(String contactId, String borrowerId, String address, String action, String detail,
            Map<String, Object> reply) {
        Outcome {
            reply = reply == null ? Map.of() : reply;
        }
    }

    void handle(Exchange exchange, InboundSettings.Auth auth, String source, Work work) {
        Object raw = exchange.getMessage().getBody();
        byte[] body = raw instanceof Map<?, ?> ? new byte[0] : exchange.getMessage().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        InboundRequest request = null;
        boolean authenticated = false;
        try {
            // checked here rather than by the HTTP server, whose own 405 carries no reason
            String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
            if (method != null && !method.equalsIgnoreCase("POST")) {
                throw InboundException.methodNotAllowed("use POST");
            }
            if (body.length > InboundSettings.MAX_BODY_BYTES) {
                throw InboundException.tooLarge("the body is larger than " + InboundSettings.MAX_BODY_BYTES + " bytes");
            }
            if (raw instanceof Map<?, ?> form) {
                // the HTTP server parsed a form body and kept no bytes to check a signature over
                if (auth.hmac()) {
                    throw InboundException.unsupported("a form body cannot carry an HMAC signature here: send JSON, "
                            + "or authenticate form posts by token (kindly.inbound." + auth.source() + ".auth = token)");
                }
                authenticate(auth, exchange, body);
                authenticated = true;
                request = InboundRequest.ofForm(form);
                body = request.body();
            } else {
                authenticate(auth, exchange, body);
                authenticated = true;
                request = InboundRequest.parse(body, exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
            }
            Outcome done = work.handle(request);
            String id = ledger.recordInbound(new LedgerStore.InboundEntry(source, done.contactId(), done.borrowerId(),
                    done.address(), request.text(), done.action(), done.detail()));
            LOG.info("{}: {}{} (inbound {})", source, done.action(),
                    done.contactId() == null ? "" : " for " + done.contactId(), id);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("action", done.action());
            answer.putAll(done.reply());
            answer.put("inboundId", id);
            InboundReply.json(exchange, 200, answer);
        } catch (InboundException e) {
            refuse(exchange, source, body, authenticated, e);
        } catch (LedgerException e) {
            LOG.warn("{}: the ledger is unavailable, answered 503: {}", source, e.getMessage());
            InboundReply.error(exchange, 503, "the ledger is unavailable; nothing was recorded, try again later");
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure, answered 503", source, e);
            InboundReply.error(exchange, 503, "the request could not be processed; try again later");
        }
    }

    private void refuse(Exchange exchange, String source, byte[] body, boolean authenticated, InboundException e) {
        LOG.info("{}: refused with {}: {}", source, e.status(), e.getMessage());
        if (authenticated) {
            try {
                ledger.recordInbound(new LedgerStore.InboundEntry(source, null, null, null,
                        new String(body, StandardCharsets.UTF_8), "REFUSED_" + e.status(), e.getMessage()));
            } catch (RuntimeException recordFailure) {
                LOG.warn("{}: a refused request could not be kept: {}", source, recordFailure.getMessage());
            }
        }
        InboundReply.error(exchange, e.status(), e.getMessage());
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
