package io.kindly.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The borrower-facing facts of one loan, as read from the lender's source.
 *
 * <p>There is deliberately no field for anyone but the borrower: no emergency contacts, guarantors, employer or
 * referees. The source mapping has nowhere to put them, so no template, policy or channel can ever reach a third
 * party.
 *
 * @param sourceRef where the row came from (for example "row 17"), for the evidence record
 * @param notes     facts worth keeping with each decision, such as "time zone missing; used Asia/Shanghai"
 * @param facts     what the source says about how the borrower may be contacted (region, consent, holds, ...)
 */
public record Account(
        String borrowerId,
        String loanId,
        String name,
        Checked<Locale> locale,
        ZoneId timeZone,
        Checked<String> mobile,
        Checked<String> email,
        Checked<String> appUserId,
        BigDecimal amountDue,
        Currency currency,
        LocalDate dueDate,
        Integer daysPastDue,
        String repaymentLink,
        String sourceRef,
        List<String> notes,
        ContactFacts facts) {

    public Account {
        Objects.requireNonNull(borrowerId, "borrowerId");
        Objects.requireNonNull(loanId, "loanId");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(mobile, "mobile");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(amountDue, "amountDue");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(dueDate, "dueDate");
        notes = List.copyOf(notes);
        facts = facts == null ? ContactFacts.NONE : facts;
    }

    /** An account about which the source says nothing beyond the basic fields. */
    public Account(String borrowerId, String loanId, String name, Checked<Locale> locale, ZoneId timeZone,
            Checked<String> mobile, Checked<String> email, Checked<String> appUserId, BigDecimal amountDue,
            Currency currency, LocalDate dueDate, Integer daysPastDue, String repaymentLink, String sourceRef,
            List<String> notes) {
        this(borrowerId, loanId, name, locale, timeZone, mobile, email, appUserId, amountDue, currency, dueDate,
                daysPastDue, repaymentLink, sourceRef, notes, ContactFacts.NONE);
    }

    /** The same account with other facts. */
    public Account withFacts(ContactFacts newFacts) {
        return new Account(borrowerId, loanId, name, locale, timeZone, mobile, email, appUserId, amountDue, currency,
                dueDate, daysPastDue, repaymentLink, sourceRef, notes, newFacts);
    }

    /** The borrower's own address for a channel, checked. */
    public Checked<String> addressFor(Channel channel) {
        return switch (channel) {
            case SMS -> mobile;
            case EMAIL -> email;
            case INAPP -> appUserId;
        };
    }
}
