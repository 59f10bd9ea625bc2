package io.kindly.source;

import io.kindly.shared.PhoneNumbers;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.ContactFacts;
import io.kindly.domain.HoldType;
import io.kindly.domain.Reason;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one row of the lender's source (a SQL result row or a CSV record) into an {@link Account}.
 *
 * <p>Two kinds of problem are told apart. A row without the essentials (ids, amount, due date) cannot be planned at
 * all: it is rejected with {@link RowRejectedException} and recorded as SKIPPED. A bad address or locale only stops
 * what depends on it: the field is kept as a {@link Checked} problem, and the contacts that need it are skipped later
 * with that reason while the others go ahead.
 */
public final class AccountMapper {
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> ISO_REGIONS = Set.of(Locale.getISOCountries());

    private final SourceSettings settings;

    public AccountMapper(SourceSettings settings) {
        this.settings = settings;
    }

    /**
     * @param row       column name to value, as the SQL component or the CSV reader produce it
     * @param sourceRef where the row came from, for the record ("row 17", "export.csv line 18")
     */
    public Account map(Map<String, ?> row, String sourceRef) {
        Map<String, Object> byColumn = new HashMap<>();
        row.forEach((k, v) -> byColumn.put(k.toLowerCase(Locale.ROOT), v));

        List<String> rowProblems = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        String borrowerId = id(byColumn, AccountField.BORROWER_ID, rowProblems);
        String loanId = id(byColumn, AccountField.LOAN_ID, rowProblems);
        BigDecimal amount = amount(byColumn, rowProblems);
        LocalDate due = dueDate(byColumn, rowProblems);
        Currency currency = currency(byColumn, rowProblems, notes);
        Integer dpd = daysPastDue(byColumn, rowProblems);

        if (!rowProblems.isEmpty()) {
            throw new RowRejectedException(Reason.ROW_INVALID, String.join("; ", rowProblems), loanId, borrowerId, sourceRef);
        }

        return new Account(
                borrowerId,
                loanId,
                limit(text(byColumn, AccountField.NAME), 200),
                locale(text(byColumn, AccountField.LOCALE), notes),
                zone(text(byColumn, AccountField.TIME_ZONE), notes),
                PhoneNumbers.mobile(text(byColumn, AccountField.MOBILE), settings.defaultPhoneRegion()),
                email(text(byColumn, AccountField.EMAIL)),
                appUser(text(byColumn, AccountField.APP_USER_ID)),
                amount,
                currency,
                due,
                dpd,
                repaymentLink(text(byColumn, AccountField.REPAYMENT_LINK), notes),
                sourceRef,
                notes,
                facts(byColumn, notes));
    }

    /**
     * The borrower id of a row as {@link #map} reads it, without mapping the rest ("" when it has none): what a
     * cluster shares a cycle's borrowers by, before any work is done on the row.
     */
    public String borrowerIdOf(Map<String, ?> row) {
        String column = settings.columns().get(AccountField.BORROWER_ID);
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                Object v = e.getValue();
                return v == null ? "" : v.toString().strip();
            }
        }
        return "";
    }

    private Object value(Map<String, Object> row, AccountField field) {
        return row.get(settings.columns().get(field).toLowerCase(Locale.ROOT));
    }

    private String text(Map<String, Object> row, AccountField field) {
        Object v = value(row, field);
        if (v == null) {
            return null;
        }
        String s = v.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private String id(Map<String, Object> row, AccountField field, List<String> problems) {
        String v = text(row, field);
        if (v == null) {
            problems.add(field.column() + ": missing");
            return null;
        }
        if (v.length() > 64) {
            problems.add(field.column() + ": longer than 64 characters");
            return null;
        }
        return v;
    }

    private BigDecimal amount(Map<String, Object> row, List<String> problems) {
        Object v = value(row, AccountField.AMOUNT_DUE);
        if (v == null || v.toString().isBlank()) {
            problems.add("amount_due: missing");
            return null;
        }
        try {
            BigDecimal amount = v instanceof BigDecimal b ? b : new BigDecimal(v.toString().strip());
            if (amount.signum() < 0) {
                problems.add("amount_due: negative (" + amount.toPlainString() + ")");
                return null;
            }
            return amount;
        } catch (NumberFormatException e) {
            problems.add("amount_due: '" + shorten(v) + "' is not a number");
            return null;
        }
    }

    private LocalDate dueDate(Map<String, Object> row, List<String> problems) {
        Object v = value(row, AccountField.DUE_DATE);
        if (v == null || v.toString().isBlank()) {
            problems.add("due_date: missing");
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        try {
            return LocalDate.parse(v.toString().strip());
        } catch (DateTimeParseException e) {
            problems.add("due_date: '" + shorten(v) + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    private Currency currency(Map<String, Object> row, List<String> problems, List<String> notes) {
        String v = text(row, AccountField.CURRENCY);
        if (v == null) {
            notes.add("currency missing; used " + settings.defaultCurrency());
            return settings.defaultCurrency();
        }
        try {
            return Currency.getInstance(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("currency: '" + shorten(v) + "' is not an ISO 4217 code");
            return null;
        }
    }

    private Integer daysPastDue(Map<String, Object> row, List<String> problems) {
        Object v = value(row, AccountField.DAYS_PAST_DUE);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString().strip());
        } catch (NumberFormatException e) {
            problems.add("days_past_due: '" + shorten(v) + "' is not a whole number");
            return null;
        }
    }

    /**
     * A missing locale falls back to the lender's default language; a malformed one is a problem, because writing to
     * someone in a language picked by guesswork is worse than not writing.
     */
    Checked<Locale> locale(String raw, List<String> notes) {
        if (raw == null) {
            notes.add("locale missing; used " + settings.defaultLocale().toLanguageTag());
            return Checked.ok(settings.defaultLocale());
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(raw.replace('_', '-')).build();
            if (!isKnownLanguage(locale.getLanguage())) {
                return Checked.problem(Reason.LOCALE_INVALID, "locale '" + shorten(raw) + "' names no known language");
            }
            return Checked.ok(locale);
        } catch (IllformedLocaleException e) {
            return Checked.problem(Reason.LOCALE_INVALID, "locale '" + shorten(raw) + "' is not a BCP 47 language tag");
        }
    }

    /**
     * The optional facts about how the borrower may be contacted. A value that cannot be read is noted and left out;
     * it never stops the account, because each policy check treats "unknown" conservatively on its own.
     */
    private ContactFacts facts(Map<String, Object> row, List<String> notes) {
        String region = text(row, AccountField.REGION);
        if (region != null) {
            region = region.toUpperCase(Locale.ROOT);
            if (!ISO_REGIONS.contains(region) && !region.matches("X[A-Z]|Q[M-Z]|ZZ")) {
                notes.add("region '" + shorten(region) + "' is not an ISO 3166 code; ignored");
                region = null;
            }
        }
        List<ZoneId> zones = new ArrayList<>();
        for (String z : list(text(row, AccountField.OTHER_TIME_ZONES))) {
            try {
                zones.add(ZoneId.of(z));
            } catch (DateTimeException e) {
                notes.add("other time zone '" + shorten(z) + "' not recognised; ignored");
            }
        }
        Set<Channel> consent = null;
        String consentText = text(row, AccountField.CONSENT);
        if (consentText != null) {
            consent = EnumSet.noneOf(Channel.class);
            for (String c : list(consentText)) {
                Optional<Channel> channel = Channel.byId(c);
                if (channel.isPresent()) {
                    consent.add(channel.get());
                } else if (!c.equalsIgnoreCase("none")) {
                    notes.add("consent '" + shorten(c) + "' is not a channel; ignored");
                }
            }
        }
        Set<HoldType> holds = EnumSet.noneOf(HoldType.class);
        for (String h : list(text(row, AccountField.HOLDS))) {
            HoldType.parse(h).ifPresentOrElse(holds::add,
                    () -> notes.add("hold '" + shorten(h) + "' from the source is not a known hold type; ignored"));
        }
        Set<DayOfWeek> quiet = EnumSet.noneOf(DayOfWeek.class);
        for (String d : list(text(row, AccountField.QUIET_DAYS))) {
            dayOfWeek(d).ifPresentOrElse(quiet::add,
                    () -> notes.add("quiet day '" + shorten(d) + "' is not a day of the week; ignored"));
        }
        return new ContactFacts(region, zones, consent, truthy(text(row, AccountField.WORK_EMAIL)), holds, quiet);
    }

    /** MONDAY, Mon, mon. */
    static Optional<DayOfWeek> dayOfWeek(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t) && (t.length() == 3 || t.equals(d.name()))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static List<String> list(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[,;]")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    private static boolean truthy(String text) {
        return text != null && Set.of("true", "t", "yes", "y", "1").contains(text.toLowerCase(Locale.ROOT));
    }

    /** ISO 639-1 codes, or a three-letter code Java can name (yue is Cantonese, fil is Filipino). */
    static boolean isKnownLanguage(String language) {
        if (ISO_LANGUAGES.contains(language)) {
            return true;
        }
        return language.length() == 3
                && !new Locale(language).getDisplayLanguage(Locale.ENGLISH).equalsIgnoreCase(language);
    }

    private ZoneId zone(String raw, List<String> notes) {
        if (raw == null) {
            notes.add("time zone missing; used " + settings.defaultTimeZone());
            return settings.defaultTimeZone();
        }
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            notes.add("time zone '" + shorten(raw) + "' not recognised; used " + settings.defaultTimeZone());
            return settings.defaultTimeZone();
        }
    }

    /** A plain email address, domain in lower case, or the problem with it. */
    public static Checked<String> email(String raw) {
        if (raw == null) {
            return Checked.problem(Reason.NO_EMAIL, "no email address");
        }
        try {
            InternetAddress address = new InternetAddress(raw, true);
            address.validate();
            String value = address.getAddress();
            int at = value.lastIndexOf('@');
            // a bare address only: no display name, and a domain with a dot (rules out "user@localhost")
            if (address.getPersonal() != null || at < 1 || value.indexOf('.', at) < 0 || !value.equals(raw)) {
                return Checked.problem(Reason.EMAIL_INVALID, "not a plain email address");
            }
            return Checked.ok(value.substring(0, at + 1) + value.substring(at + 1).toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            return Checked.problem(Reason.EMAIL_INVALID, "malformed email address");
        }
    }

    private static Checked<String> appUser(String raw) {
        if (raw == null) {
            return Checked.problem(Reason.NO_APP_USER, "no in-app account");
        }
        return raw.length() > 128 ? Checked.problem(Reason.NO_APP_USER, "app user id longer than 128 characters")
                : Checked.ok(raw);
    }

    private static String repaymentLink(String raw, List<String> notes) {
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            if ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) {
                return raw;
            }
        } catch (URISyntaxException e) {
            // fall through to the note
        }
        notes.add("repayment link is not an http(s) URL; used the lender's payment page");
        return null;
    }

    private static String limit(String v, int max) {
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }

    private static String shorten(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
