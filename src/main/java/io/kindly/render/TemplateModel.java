package io.kindly.render;

import io.kindly.domain.Account;
import io.kindly.domain.Contact;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * What a template can see. Built only from the borrower's own account and the lender's profile, as plain strings and
 * numbers: no Java objects, no Camel exchange, and nothing about any third party, because the account has no such
 * fields to begin with.
 *
 * <p>The variables are documented in {@code templates/README.md}; keep the two in step.
 */
public final class TemplateModel {
    private TemplateModel() {
    }

    /**
     * @param today the date the message is rendered for: relative wording ("due in 3 days") is computed from it, so a
     *              message deferred to a later day still tells the truth
     */
    public static Map<String, Object> of(Contact contact, Locale templateLocale, LenderProfile lender,
            String smsOptOutKeyword, String unsubscribeUrl, LocalDate today) {
        Account a = contact.account();
        Locale locale = formatting(a.locale().value(), templateLocale);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name() == null ? "" : a.name());
        m.put("loanRef", loanRef(a.loanId()));
        m.put("amount", money(a.amountDue(), a, locale));
        m.put("amountValue", a.amountDue().setScale(a.currency().getDefaultFractionDigits(), RoundingMode.HALF_UP).toPlainString());
        m.put("currency", a.currency().getCurrencyCode());
        m.put("dueDate", a.dueDate().format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
        m.put("dueDateIso", a.dueDate().toString());
        long untilDue = ChronoUnit.DAYS.between(today, a.dueDate());
        m.put("daysUntilDue", untilDue);
        m.put("daysPastDue", a.daysPastDue() != null ? Math.max(0, a.daysPastDue()) : Math.max(0, -untilDue));
        m.put("stage", contact.stage().name());
        m.put("channel", contact.channel().id());
        m.put("repaymentLink", a.repaymentLink() != null ? a.repaymentLink() : lender.paymentUrl());

        Map<String, Object> l = new LinkedHashMap<>();
        l.put("name", lender.nameFor(locale, templateLocale));
        l.put("supportPhone", lender.supportPhoneFor(io.kindly.shared.Regions.known(a)));
        l.put("supportUrl", lender.supportUrl());
        l.put("planUrl", lender.planUrl());
        m.put("lender", l);

        Map<String, Object> optOut = new LinkedHashMap<>();
        optOut.put("smsKeyword", smsOptOutKeyword);
        optOut.put("url", lender.preferencesUrl());
        optOut.put("unsubscribeUrl", unsubscribeUrl);
        m.put("optOut", optOut);
        return m;
    }

    /**
     * Numbers and dates are written in the template's language, with the borrower's own region when they share the
     * language: a zh-HK borrower reads the Traditional Chinese template, with amounts formatted as in Hong Kong.
     */
    static Locale formatting(Locale borrower, Locale template) {
        if (borrower.getLanguage().equals(template.getLanguage()) && !borrower.getCountry().isEmpty()) {
            return new Locale(borrower.getLanguage(), borrower.getCountry());
        }
        return template;
    }

    /** The last four characters of the loan id: enough for the borrower to recognise it, little use to anyone else. */
    static String loanRef(String loanId) {
        return loanId.length() <= 4 ? loanId : loanId.substring(loanId.length() - 4);
    }

    static String money(BigDecimal amount, Account a, Locale locale) {
        Locale formatting = locale.getCountry().isEmpty()
                ? Locale.forLanguageTag(locale.getLanguage() + "-" + defaultCountry(locale)) : locale;
        // building a currency format reads locale data and was a noticeable part of rendering: one prototype per
        // locale and currency, cloned because a NumberFormat is not safe to share between threads
        NumberFormat prototype = CURRENCY_FORMATS.computeIfAbsent(formatting.toLanguageTag() + "|"
                + a.currency().getCurrencyCode(), key -> {
                    NumberFormat format = NumberFormat.getCurrencyInstance(formatting);
                    format.setCurrency(a.currency());
                    unambiguous(format, a.currency(), formatting);
                    format.setMinimumFractionDigits(a.currency().getDefaultFractionDigits());
                    format.setMaximumFractionDigits(a.currency().getDefaultFractionDigits());
                    return format;
                });
        return ((NumberFormat) prototype.clone()).format(amount);
    }

    /** Dollars that a bare "$" would leave ambiguous (Taiwan dollars read as "$" in zh-TW, like US dollars). */
    private static final Map<String, String> DOLLARS = Map.of("TWD", "NT$", "HKD", "HK$", "USD", "US$", "SGD", "S$",
            "AUD", "A$", "CAD", "CA$", "NZD", "NZ$", "MOP", "MOP$");

    /**
     * A currency whose symbol in this locale is a bare "$" is written with its country (NT$, HK$, US$), except US
     * dollars in the United States, where "$" says it.
     */
    static void unambiguous(NumberFormat format, Currency currency, Locale locale) {
        if (!(format instanceof java.text.DecimalFormat decimal) || !currency.getSymbol(locale).equals("$")
                || currency.getCurrencyCode().equals("USD") && locale.getCountry().equals("US")) {
            return;
        }
        java.text.DecimalFormatSymbols symbols = decimal.getDecimalFormatSymbols();
        symbols.setCurrencySymbol(DOLLARS.getOrDefault(currency.getCurrencyCode(), currency.getCurrencyCode() + " "));
        decimal.setDecimalFormatSymbols(symbols);
    }

    /** Few locales and currencies occur, so this stays small. */
    private static final java.util.concurrent.ConcurrentMap<String, NumberFormat> CURRENCY_FORMATS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Currency formats need a country; a bare language gets its most common one. */
    private static String defaultCountry(Locale locale) {
        return switch (locale.getLanguage()) {
            case "zh" -> "CN";
            case "en" -> "US";
            default -> locale.getLanguage().toUpperCase(Locale.ROOT);
        };
    }
}
