package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Map;

/**
 * What Kindly's HTTP endpoints answer: a status and a small JSON or HTML body, with nothing of the request echoed
 * back. Errors are always a 4xx with a JSON reason, never a stack trace.
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

    static void error(Exchange exchange, int status, String reason) {
        json(exchange, status, Map.of("error", reason));
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

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
