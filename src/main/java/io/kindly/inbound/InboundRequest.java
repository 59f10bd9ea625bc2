package io.kindly.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body of an inbound request, read once as bytes (the signature is over exactly those bytes) and then as JSON or
 * as an HTML form, whichever its Content-Type says. Fields are found by JSON pointer; in a form, {@code /name} is the
 * field {@code name}.
 */
final class InboundRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] body;
    private final JsonNode json;
    private final Map<String, String> form;

    private InboundRequest(byte[] body, JsonNode json, Map<String, String> form) {
        this.body = body;
        this.json = json;
        this.form = form;
    }

    /** Parses the body; a body that is neither JSON nor a form is refused with the reason. */
    static InboundRequest parse(byte[] body, String contentType) throws InboundException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (body.length == 0) {
            throw InboundException.badRequest("the request has no body");
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return new InboundRequest(body, null, form(new String(body, StandardCharsets.UTF_8)));
        }
        if (!type.isEmpty() && !type.startsWith("application/json") && !type.contains("+json")) {
            throw InboundException.badRequest("the body must be JSON (application/json) or a form "
                    + "(application/x-www-form-urlencoded), not " + contentType.split(";")[0].strip());
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw InboundException.badRequest("the body must be a JSON object");
            }
            return new InboundRequest(body, node, null);
        } catch (JsonProcessingException e) {
            throw InboundException.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw InboundException.badRequest("the body cannot be read");
        }
    }

    /**
     * A form body as Kindly's HTTP server hands it over: already parsed into fields (Vert.x reads the form itself and
     * does not keep its bytes, so such a body can be authenticated by token only). Kept in the ledger re-encoded.
     */
    static InboundRequest ofForm(Map<?, ?> parsed) {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        parsed.forEach((k, v) -> {
            String value = v instanceof List<?> list ? (list.isEmpty() ? "" : String.valueOf(list.get(0))) : String.valueOf(v);
            fields.put(String.valueOf(k), value);
            text.append(text.length() == 0 ? "" : "&").append(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return new InboundRequest(text.toString().getBytes(StandardCharsets.UTF_8), null, fields);
    }

    byte[] body() {
        return body;
    }

    /** The body as text, as it is kept in the ledger's inbound record. */
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A field's text; empty when the pointer is empty, the field is missing, null or blank. */
    Optional<String> field(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return Optional.empty();
        }
        String value;
        if (json != null) {
            JsonNode node = json.at(pointer);
            value = node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
        } else {
            value = form.get(pointer.substring(1));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A field that must be there. */
    String required(String pointer, String what) throws InboundException {
        return field(pointer).orElseThrow(() -> InboundException.badRequest("missing " + what + " (" + pointer + ")"));
    }

    private static Map<String, String> form(String text) throws InboundException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw InboundException.badRequest("the form body is not valid URL encoding");
            }
        }
        return fields;
    }
}
