package io.kindly.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindly.db.LedgerException;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.HoldType;
import io.kindly.policy.OptOutAddresses;
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

    /** The longest reason (why) kept with a change, as the ledger's note columns take it. */
    static final int WHY_MAX = 1000;
    static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<AdminToken> token;
    private final DataSource ledger;
    private final PolicyStore policy;
    private final String phoneRegion;
    private final ObjectMapper json = JSON;

    /**
     * @param phoneRegion the region a mobile number written without a country code is read in
     *                    ({@code kindly.default-phone-region}), as the loan book's numbers are
     */
    public AdminApi(Optional<AdminToken> token, DataSource ledger, PolicyStore policy, String phoneRegion) {
        this.token = token;
        this.ledger = ledger;
        this.policy = policy;
        this.phoneRegion = phoneRegion;
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
        String why = text(body, "why", true, WHY_MAX);
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

    /**
     * DELETE /admin/holds/{id}?why=...: lifts a hold in force, recording with it who lifted it and why; the log names
     * who and the hold, not the why (free text may hold personal data).
     */
    public void liftHold(Exchange exchange) throws AdminException {
        String id = requiredId(exchange);
        String why = why(exchange);
        PolicyStore.Hold held = policy.hold(id).orElseThrow(() -> new AdminException(404, "no hold with this id"));
        if (held.liftedAt() != null) {
            throw new AdminException(409, "this hold was already lifted at " + held.liftedAt());
        }
        String who = exchange.getProperty(WHO, String.class);
        if (!policy.liftHold(id, who, why)) {
            throw new AdminException(409, "this hold was lifted meanwhile");
        }
        LOG.info("{} lifted hold {} on borrower {}", who, id, held.borrowerId());
        answer(exchange, 200, hold(policy.hold(id).orElseThrow()));
    }

    // --------------------------------------------------------------------------------------------------- opt-outs

    /** GET /admin/opt-outs[?borrower=ID][&all=true]: opt-outs in force (or all, revoked too). */
    public void optOuts(Exchange exchange) {
        String borrower = exchange.getMessage().getHeader("borrower", String.class);
        boolean all = "true".equalsIgnoreCase(exchange.getMessage().getHeader("all", String.class));
        ArrayNode list = json.createArrayNode();
        policy.optOuts(borrower == null || borrower.isBlank() ? null : borrower.strip(), all)
                .forEach(o -> list.add(optOut(o)));
        answer(exchange, 200, list);
    }

    /**
     * POST /admin/opt-outs {"channel": "sms"|"email"|"inapp", "address" or "borrowerId", "why"}: records an opt-out
     * exactly as a borrower's STOP or unsubscribe does ({@link PolicyStore#optOut}: under the borrower's lock, checked
     * again at every claim), so no message it covers is claimed from now on; recorded as made by the token's name, with
     * the why as its note. 409 when the same opt-out is already in force.
     */
    public void addOptOut(Exchange exchange) throws AdminException {
        JsonNode body = body(exchange);
        String channelText = text(body, "channel", true, 16);
        Channel channel = Channel.byId(channelText.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new AdminException(400, "channel: one of sms, email, inapp"));
        String rawAddress = text(body, "address", false, 320);
        String borrower = text(body, "borrowerId", false, 64);
        String why = text(body, "why", true, WHY_MAX);
        if ((rawAddress == null) == (borrower == null)) {
            throw new AdminException(400, "give either address (one address) or borrowerId (every address of the"
                    + " borrower on the channel), not both");
        }
        String address = null;
        if (rawAddress != null) {
            Checked<String> normal = OptOutAddresses.normalise(channel, rawAddress, phoneRegion);
            if (!normal.isOk()) {
                throw new AdminException(400, "address: not a usable " + channel.id() + " address (" + normal.detail()
                        + ")");
            }
            address = normal.value();
        }
        String target = address;
        Optional<PolicyStore.OptOut> same = policy.optOuts(false).stream().filter(o -> o.channel() == channel
                && java.util.Objects.equals(o.address(), target) && java.util.Objects.equals(o.borrowerId(), borrower))
                .findFirst();
        if (same.isPresent()) {
            throw new AdminException(409, "this opt-out is already in force: " + same.get().id());
        }
        String who = exchange.getProperty(WHO, String.class);
        PolicyStore.OptOut o = policy.optOut(channel, address, borrower, who, why);
        LOG.info("{} recorded {} opt-out {} ({})", who, channel.id(), o.id(),
                borrower != null ? "every address of borrower " + borrower : "one address");
        answer(exchange, 201, optOut(o));
    }

    /** DELETE /admin/opt-outs/{id}?why=...: ends an opt-out in force, recording who ended it and why. */
    public void revokeOptOut(Exchange exchange) throws AdminException {
        String id = requiredId(exchange);
        String why = why(exchange);
        PolicyStore.OptOut found = policy.optOut(id)
                .orElseThrow(() -> new AdminException(404, "no opt-out with this id"));
        if (found.revokedAt() != null) {
            throw new AdminException(409, "this opt-out was already revoked at " + found.revokedAt());
        }
        String who = exchange.getProperty(WHO, String.class);
        if (!policy.revokeOptOut(id, who, why)) {
            throw new AdminException(409, "this opt-out was revoked meanwhile");
        }
        LOG.info("{} revoked {} opt-out {}", who, found.channel().id(), id);
        answer(exchange, 200, optOut(policy.optOut(id).orElseThrow()));
    }

    /** GET /admin/openapi.json: the API described (OpenAPI 3). */
    public void openApi(Exchange exchange) throws IOException {
        try (InputStream in = AdminApi.class.getResourceAsStream("openapi.json")) {
            exchange.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        exchange.getMessage().removeHeaders("*");
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
                .put("liftedBy", h.liftedBy()).put("liftNote", h.liftNote())
                .put("active", h.activeAt(Instant.now()));
        return n;
    }

    private ObjectNode optOut(PolicyStore.OptOut o) {
        ObjectNode n = json.createObjectNode();
        n.put("id", o.id()).put("channel", o.channel().id()).put("address", o.address())
                .put("borrowerId", o.borrowerId()).put("optedOutAt", String.valueOf(o.at()))
                .put("source", o.source()).put("note", o.note())
                .put("revokedAt", o.revokedAt() == null ? null : o.revokedAt().toString())
                .put("revokedBy", o.revokedBy()).put("revokeNote", o.revokeNote())
                .put("active", o.revokedAt() == null);
        return n;
    }

    /** The reason for a removal, from the query (?why=...): required. */
    static String why(Exchange exchange) throws AdminException {
        String why = exchange.getMessage().getHeader("why", String.class);
        if (why == null || why.isBlank()) {
            throw new AdminException(400, "why: say why (?why=...)");
        }
        if (why.length() > WHY_MAX) {
            throw new AdminException(400, "why: at most " + WHY_MAX + " characters");
        }
        return why.strip();
    }

    static String requiredId(Exchange exchange) throws AdminException {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new AdminException(400, "the id in the path is missing or too long");
        }
        return id;
    }

    /**
     * The request's JSON object. A parse error is told by its place only: the parser's own message quotes the text,
     * and the refusal is logged.
     */
    static JsonNode body(Exchange exchange) throws AdminException {
        String text = exchange.getMessage().getBody(String.class);
        try {
            JsonNode node = text == null || text.isBlank() ? null : JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new AdminException(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new AdminException(400, "the body is not JSON" + (at == null ? "" : " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")"));
        }
    }

    static String text(JsonNode body, String field, boolean required, int max) throws AdminException {
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

    /** The answer: the status and JSON body, and none of the request's headers (the token among them) sent back. */
    static void answer(Exchange exchange, int status, JsonNode body) {
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
    }
}
