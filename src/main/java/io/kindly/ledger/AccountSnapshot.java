package io.kindly.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.ContactFacts;
import io.kindly.domain.HoldType;
import io.kindly.domain.Reason;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The account as it was read, kept with a deferred contact (JSON in {@code kindly_contact.account_snapshot}) so the
 * message can be sent when its time comes even if the source cannot be read again (a CSV export is gone by then).
 * Where the source can be read again, it is, and the snapshot is only the fallback.
 */
public final class AccountSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountSnapshot() {
    }

    public static String write(Account a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("borrowerId", a.borrowerId());
        o.put("loanId", a.loanId());
        o.put("name", a.name());
        checked(o, "locale", a.locale().map(Locale::toLanguageTag));
        o.put("timeZone", a.timeZone().getId());
        checked(o, "mobile", a.mobile());
        checked(o, "email", a.email());
        checked(o, "appUserId", a.appUserId());
        o.put("amountDue", a.amountDue().toPlainString());
        o.put("currency", a.currency().getCurrencyCode());
        o.put("dueDate", a.dueDate().toString());
        if (a.daysPastDue() != null) {
            o.put("daysPastDue", a.daysPastDue());
        }
        o.put("repaymentLink", a.repaymentLink());
        o.put("sourceRef", a.sourceRef());
        ArrayNode notes = o.putArray("notes");
        a.notes().forEach(notes::add);
        ObjectNode f = o.putObject("facts");
        f.put("region", a.facts().region());
        ArrayNode zones = f.putArray("otherZones");
        a.facts().otherZones().forEach(z -> zones.add(z.getId()));
        if (a.facts().consent() != null) {
            ArrayNode consent = f.putArray("consent");
            a.facts().consent().forEach(c -> consent.add(c.id()));
        }
        f.put("workEmail", a.facts().workEmail());
        ArrayNode holds = f.putArray("holds");
        a.facts().holds().forEach(h -> holds.add(h.name()));
        ArrayNode quiet = f.putArray("quietDays");
        a.facts().quietDays().forEach(d -> quiet.add(d.name()));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an account always serialises", e);
        }
    }

    public static Account read(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            JsonNode f = o.path("facts");
            List<ZoneId> zones = new ArrayList<>();
            f.path("otherZones").forEach(z -> zones.add(ZoneId.of(z.asText())));
            Set<Channel> consent = null;
            if (f.has("consent")) {
                consent = EnumSet.noneOf(Channel.class);
                for (JsonNode c : f.get("consent")) {
                    consent.add(Channel.byId(c.asText()).orElseThrow());
                }
            }
            Set<HoldType> holds = EnumSet.noneOf(HoldType.class);
            f.path("holds").forEach(h -> holds.add(HoldType.valueOf(h.asText())));
            Set<DayOfWeek> quiet = EnumSet.noneOf(DayOfWeek.class);
            f.path("quietDays").forEach(d -> quiet.add(DayOfWeek.valueOf(d.asText())));
            List<String> notes = new ArrayList<>();
            o.path("notes").forEach(n -> notes.add(n.asText()));
            return new Account(
                    o.get("borrowerId").asText(),
                    o.get("loanId").asText(),
                    text(o, "name"),
                    checked(o, "locale").map(Locale::forLanguageTag),
                    ZoneId.of(o.get("timeZone").asText()),
                    checked(o, "mobile"),
                    checked(o, "email"),
                    checked(o, "appUserId"),
                    new BigDecimal(o.get("amountDue").asText()),
                    Currency.getInstance(o.get("currency").asText()),
                    LocalDate.parse(o.get("dueDate").asText()),
                    o.has("daysPastDue") ? o.get("daysPastDue").asInt() : null,
                    text(o, "repaymentLink"),
                    text(o, "sourceRef"),
                    notes,
                    new ContactFacts(text(f, "region"), zones, consent, f.path("workEmail").asBoolean(false), holds,
                            quiet));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an account snapshot: " + e.getMessage(), e);
        }
    }

    private static void checked(ObjectNode o, String field, Checked<String> value) {
        ObjectNode c = o.putObject(field);
        if (value.isOk()) {
            c.put("value", value.value());
        } else {
            c.put("problem", value.problem().name());
            c.put("detail", value.detail());
        }
    }

    private static Checked<String> checked(JsonNode o, String field) {
        JsonNode c = o.get(field);
        if (c.has("value")) {
            return Checked.ok(c.get("value").asText());
        }
        return Checked.problem(Reason.valueOf(c.get("problem").asText()), text(c, "detail"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
