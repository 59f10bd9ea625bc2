package io.kindly.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindly.db.LedgerException;
import io.kindly.domain.HoldType;
import io.kindly.policy.PolicyStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The admin API (routes/admin.camel.yaml): an operations team's requests without a shell on the server. Every call
 * carries the bearer token of {@code kindly.admin.token}; every change records who (the token's name) and why.
 * JSON in and out; a request that cannot be carried out is answered 400, 401, 404 or 409 with a JSON reason
 * ({@link AdminException}).
 */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    /** The exchange property that names who is calling, once authenticated. */
    public static final String WHO = "KindlyAdminWho";
    private static final String CONTACT_COLUMNS = "entry_id, recorded_at_utc, local_time, time_zone, contact_id,"
            + " business_date, borrower_id, loan_id, stage, channel, status, reason, detail, recipient, template,"
            + " template_hash, locale, subject, body, body_html, gateway_message_id, error, not_before_utc, chain_seq,"
            + " entry_hash";

    private final Optional<AdminToken> token;
    private final DataSource ledger;
    private final PolicyStore policy;
    private final ObjectMapper json = new ObjectMapper();

    public AdminApi(Optional<AdminToken> token, DataSource ledger, PolicyStore policy) {
        this.token = token;
        this.ledger = ledger;
        this.policy = policy;
    }

    /** Every admin route's first step (interceptFrom): the bearer token, or 401; the API off, 404. */
    public void authenticate(Exchange exchange) throws AdminException {
        if (token.isEmpty()) {
            throw new AdminException(404, "the admin API is off (set KINDLY_ADMIN_TOKEN to turn it on)");
        }
        String auth = exchange.getMessage().getHeader("Authorization", String.class);
        String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip()
                : null;
        if (!token.get().accepts(presented)) {
            throw new AdminException(401, presented == null ? "missing the bearer token (Authorization: Bearer ...)"
                    : "the bearer token is not valid");
        }
        exchange.setProperty(WHO, "admin:" + token.get().name());
    }

    /** A method the path does not take. */
    public void methodNotAllowed(Exchange exchange) throws AdminException {
        throw new AdminException(405, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)
                + " is not allowed here");
    }

    /** GET /admin/loans/{id}/contacts: the loan's ledger entries, oldest first. */
    public void loanContacts(Exchange exchange) throws AdminException {
        contacts(exchange, "loan_id", "loan");
    }

    /** GET /admin/borrowers/{id}/contacts: every ledger entry of the borrower's loans, oldest first. */
    public void borrowerContacts(Exchange exchange) throws AdminException {
        contacts(exchange, "borrower_id", "borrower");
    }

    private void contacts(Exchange exchange, String column, String what) throws AdminException {
        String id = requiredId(exchange);
        ArrayNode list = json.createArrayNode();
        try (Connection c = ledger.getConnection(); PreparedStatement ps = c.prepareStatement("select "
                + CONTACT_COLUMNS + " from kindly_ledger_entry where " + column + " = ? order by entry_id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    ObjectNode row = list.addObject();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        String name = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                        if (v == null) {
                            row.putNull(name);
                        } else if (v instanceof Number n && !name.endsWith("_id") || name.equals("entry_id")) {
                            row.put(name, rs.getLong(i));
                        } else if (v instanceof java.sql.Timestamp || v instanceof java.time.LocalDateTime) {
                            row.put(name, rs.getObject(i, java.time.LocalDateTime.class).atOffset(ZoneOffset.UTC)
                                    .toString());
                        } else {
                            row.put(name, rs.getString(i));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the contacts of a " + what, e);
        }
        if (list.isEmpty()) {
            throw new AdminException(404, "the ledger has no contact for this " + what);
        }
        answer(exchange, 200, list);
    }

    /** GET /admin/holds[?borrower=ID][&all=true]: holds in force (or all, lifted and expired too). */
    public void holds(Exchange exchange) {
        String borrower = exchange.getMessage().getHeader("borrower", String.class);
        boolean all = "true".equalsIgnoreCase(exchange.getMessage().getHeader("all", String.class));
        ArrayNode list = json.createArrayNode();
        policy.holds(borrower == null || borrower.isBlank() ? null : borrower, all).forEach(h -> list.add(hold(h)));
        answer(exchange, 200, list);
    }

    /**
     * POST /admin/holds {"borrowerId", "loanId" (optional: all the borrower's loans), "type", "until" (optional
     * date), "why"}: places a hold, recorded as placed by the token's name, with the why as its note.
     */
    public void placeHold(Exchange exchange) throws AdminException {
        JsonNode body = body(exchange);
        String borrower = text(body, "borrowerId", true, 64);
        String loan = text(body, "loanId", false, 64);
        String why = text(body, "why", true, 1000);
        HoldType type = HoldType.parse(text(body, "type", true, 40)).orElseThrow(() -> new AdminException(400,
                "type: one of " + java.util.Arrays.toString(HoldType.values()).toLowerCase(java.util.Locale.ROOT)));
        Instant until = null;
        String untilText = text(body, "until", false, 10);
        if (untilText != null) {
            try {
                until = LocalDate.parse(untilText).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new AdminException(400, "until: a date, YYYY-MM-DD");
            }
        }
        String who = exchange.getProperty(WHO, String.class);
        PolicyStore.Hold hold = policy.placeHold(borrower, loan, type, until, who, why);
        LOG.info("{} placed hold {} ({}) on borrower {}", who, hold.id(), type, borrower);
        answer(exchange, 201, hold(hold));
    }

    /** DELETE /admin/holds/{id}?why=...: lifts a hold in force; who and why go to the log and the answer. */
    public void liftHold(Exchange exchange) throws AdminException {
        String id = requiredId(exchange);
        String why = exchange.getMessage().getHeader("why", String.class);
        if (why == null || why.isBlank()) {
            throw new AdminException(400, "why: say why the hold is lifted (?why=...)");
        }
        Optional<PolicyStore.Hold> held = policy.holds(null, true).stream().filter(h -> h.id().equals(id)).findFirst();
        if (held.isEmpty()) {
            throw new AdminException(404, "no hold with this id");
        }
        if (held.get().liftedAt() != null) {
            throw new AdminException(409, "this hold was already lifted at " + held.get().liftedAt());
        }
        String who = exchange.getProperty(WHO, String.class);
        if (!policy.liftHold(id, who, why)) {
            throw new AdminException(409, "this hold was lifted meanwhile");
        }
        LOG.info("{} lifted hold {}: {}", who, id, why.length() > 200 ? why.substring(0, 200) : why);
        ObjectNode answer = json.createObjectNode().put("holdId", id).put("liftedBy", who).put("why", why);
        answer(exchange, 200, answer);
    }

    /** GET /admin/openapi.json: the API described (OpenAPI 3). */
    public void openApi(Exchange exchange) throws IOException {
        try (InputStream in = AdminApi.class.getResourceAsStream("openapi.json")) {
            exchange.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
    }

    private ObjectNode hold(PolicyStore.Hold h) {
        ObjectNode n = json.createObjectNode();
        n.put("id", h.id()).put("borrowerId", h.borrowerId()).put("loanId", h.loanId())
                .put("type", h.type().name().toLowerCase(java.util.Locale.ROOT))
                .put("placedAt", String.valueOf(h.placedAt())).put("placedBy", h.placedBy()).put("note", h.note())
                .put("expiresAt", h.expiresAt() == null ? null : h.expiresAt().toString())
                .put("liftedAt", h.liftedAt() == null ? null : h.liftedAt().toString())
                .put("active", h.activeAt(Instant.now()));
        return n;
    }

    private static String requiredId(Exchange exchange) throws AdminException {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new AdminException(400, "the id in the path is missing or too long");
        }
        return id;
    }

    private JsonNode body(Exchange exchange) throws AdminException {
        String text = exchange.getMessage().getBody(String.class);
        try {
            JsonNode node = text == null || text.isBlank() ? null : json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new AdminException(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, boolean required, int max) throws AdminException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
            if (required) {
                throw new AdminException(400, field + ": required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new AdminException(400, field + ": must be a string");
        }
        if (v.asText().length() > max) {
            throw new AdminException(400, field + ": at most " + max + " characters");
        }
        return v.asText().strip();
    }

    private void answer(Exchange exchange, int status, JsonNode body) {
        try {
            exchange.getMessage().setBody(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
    }
}
