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
import java.util.function.UnaryOperator;

/**
 * An inbound request as a gateway sends it, in any of the shapes gateways use: a JSON body, an HTML form, a text/plain
 * body with the other fields in headers (Kannel's post-url), or no body at all and the fields in the query string (a
 * GET, as Kannel's dlr-url and get-url call it). The body is read once as bytes (a signature is over exactly those
 * bytes).
 *
 * <p>A field is named by a pointer ({@link InboundSettings#pointer}): {@code /a/b} is a field of the body (a JSON
 * pointer; in a form, the field {@code a}; in a request without a body, the query parameter {@code a}),
 * {@code query:name} a query parameter, {@code header:Name} a request header, and {@code body} the whole text body.
 */
final class InboundRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] body;
    private final JsonNode json;
    private final Map<String, String> form;
    private final String plain;
    private final String rawQuery;
    private final Map<String, String> query;
    private final UnaryOperator<String> headers;
    /** Header fields read, kept with the body as evidence: a text/plain reply's sender is only in a header. */
    private final Map<String, String> headersRead = new LinkedHashMap<>();

    private InboundRequest(byte[] body, JsonNode json, Map<String, String> form, String plain, String rawQuery,
            UnaryOperator<String> headers) throws InboundException {
        this.body = body;
        this.json = json;
        this.form = form;
        this.plain = plain;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.query = fields(this.rawQuery, "query string");
        this.headers = headers == null ? name -> null : headers;
    }

    /** A request with no headers or query string, as the tests of a body's parsing build it. */
    static InboundRequest parse(byte[] body, String contentType) throws InboundException {
        return parse(body, contentType, "", null);
    }

    /**
     * Parses the body by its Content-Type; a request with neither a body nor query parameters, or a body that is not
     * JSON, a form or text, is refused with the reason.
     */
    static InboundRequest parse(byte[] body, String contentType, String rawQuery, UnaryOperator<String> headers)
            throws InboundException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (body.length == 0) {
            if (rawQuery == null || rawQuery.isBlank()) {
                throw InboundException.badRequest("the request has no body and no query parameters");
            }
            return new InboundRequest(body, null, null, null, rawQuery, headers);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return new InboundRequest(body, null, fields(new String(body, StandardCharsets.UTF_8), "form body"), null,
                    rawQuery, headers);
        }
        if (type.startsWith("text/")) {
            return new InboundRequest(body, null, null, new String(body, StandardCharsets.UTF_8), rawQuery, headers);
        }
        if (!type.isEmpty() && !type.startsWith("application/json") && !type.contains("+json")) {
            throw InboundException.badRequest("the body must be JSON (application/json), a form "
                    + "(application/x-www-form-urlencoded) or text (text/plain), not " + contentType.split(";")[0].strip());
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw InboundException.badRequest("the body must be a JSON object");
            }
            return new InboundRequest(body, node, null, null, rawQuery, headers);
        } catch (JsonProcessingException e) {
            throw InboundException.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw InboundException.badRequest("the body cannot be read");
        }
    }

    /** Whether the body is a JSON array (by its first character), sent as JSON or without a type. */
    static boolean isJsonArray(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("application/json") && !type.contains("+json")
                && !type.startsWith("text/plain")) {
            return false;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '[';
            }
        }
        return false;
    }

    /** The elements of a JSON array of objects, each as its own bytes; anything else is refused. */
    static List<byte[]> elements(byte[] body) throws InboundException {
        try {
            JsonNode node = JSON.readTree(body);
            List<byte[]> out = new java.util.ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isObject()) {
                    throw InboundException.badRequest("each element of the JSON array must be an object");
                }
                out.add(JSON.writeValueAsBytes(element));
            }
            if (out.isEmpty()) {
                throw InboundException.badRequest("the JSON array is empty");
            }
            return out;
        } catch (java.io.IOException e) {
            throw InboundException.badRequest("the body is not valid JSON");
        }
    }

    /** A form body without a query string or headers. */
    static InboundRequest ofForm(Map<?, ?> parsed) throws InboundException {
        return ofForm(parsed, "", null);
    }

    /**
     * A form body as Kindly's HTTP server hands it over: already parsed into fields (Vert.x reads the form itself and
     * does not keep its bytes, so such a body cannot carry Kindly's HMAC). Kept in the ledger re-encoded.
     */
    static InboundRequest ofForm(Map<?, ?> parsed, String rawQuery, UnaryOperator<String> headers)
            throws InboundException {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        parsed.forEach((k, v) -> {
            String value = v instanceof List<?> list ? (list.isEmpty() ? "" : String.valueOf(list.get(0))) : String.valueOf(v);
            fields.put(String.valueOf(k), value);
            text.append(text.length() == 0 ? "" : "&").append(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return new InboundRequest(text.toString().getBytes(StandardCharsets.UTF_8), null, fields, null, rawQuery,
                headers);
    }

    byte[] body() {
        return body;
    }

    /** The fields of a form body (Twilio signs them), empty for any other body. */
    Map<String, String> formFields() {
        return form == null ? Map.of() : form;
    }

    /**
     * The request as it is kept in the ledger's inbound record: the body, the query string when there is one (a GET
     * has nothing else), and the header fields that were read.
     */
    String text() {
        StringBuilder s = new StringBuilder(new String(body, StandardCharsets.UTF_8));
        if (!rawQuery.isEmpty()) {
            s.append(s.length() == 0 ? "" : "\n").append('?').append(rawQuery);
        }
        headersRead.forEach((name, value) -> s.append(s.length() == 0 ? "" : "\n").append(name).append(": ").append(value));
        return s.toString();
    }

    /** A field's text; empty when the pointer is empty, the field is missing, null or blank. */
    Optional<String> field(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return Optional.empty();
        }
        String value;
        if (pointer.startsWith("query:")) {
            value = query.get(pointer.substring(6));
        } else if (pointer.startsWith("header:")) {
            String name = pointer.substring(7);
            value = headers.apply(name);
            if (value != null) {
                headersRead.put(name, value);
            }
        } else if (pointer.equals("body")) {
            value = plain != null ? plain : json == null && form == null ? null : new String(body, StandardCharsets.UTF_8);
        } else if (json != null) {
            JsonNode node = json.at(pointer);
            value = node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
        } else if (form != null) {
            value = form.get(pointer.substring(1));
        } else if (plain == null) {
            // no body: the fields are the query parameters
            value = query.get(pointer.substring(1));
        } else {
            value = null;
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A field that must be there. */
    String required(String pointer, String what) throws InboundException {
        return field(pointer).orElseThrow(() -> InboundException.badRequest("missing " + what + " (" + pointer + ")"));
    }

    private static Map<String, String> fields(String text, String what) throws InboundException {
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
                throw InboundException.badRequest("the " + what + " is not valid URL encoding");
            }
        }
        return fields;
    }
}
