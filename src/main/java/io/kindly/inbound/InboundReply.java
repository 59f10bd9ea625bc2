package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Map;

/**
 * What Kindly's HTTP endpoints answer when they acted: a status and a small JSON or HTML body, with nothing of the
 * request echoed back (its headers are removed). Refusals are answered by the route configuration
 * {@code kindly-inbound-errors} ({@code routes/inbound/answers.camel.yaml}).
 */
final class InboundReply {
    private static final ObjectMapper JSON = new ObjectMapper();
    private InboundReply() {
    }

    static void json(Exchange exchange, int status, Map<String, ?> body) {
        try {
            reply(exchange, status, "application/json; charset=UTF-8", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }

    static void html(Exchange exchange, int status, String html) {
        reply(exchange, status, "text/html; charset=UTF-8", html);
    }

    private static void reply(Exchange exchange, int status, String contentType, String body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        out.setBody(body);
    }
}
