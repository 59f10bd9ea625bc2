package io.kindly.source;

import java.util.Locale;

/**
 * Kindly's account fields, each filled from one column of the lender's source. The default column name is the
 * field's key ({@code borrower_id}, {@code loan_id}, ...); {@code kindly.source.column.<field>} names another.
 *
 * <p>The list is closed on purpose: there is no field for contacts, guarantors, employer or anyone but the borrower,
 * so a source query that selects such columns has them ignored.
 */
public enum AccountField {
    BORROWER_ID(true, "the borrower's id in the lender's system"),
    LOAN_ID(true, "the loan's id; with stage, channel and date it forms the business key"),
    NAME(false, "the borrower's name as they would like to be addressed"),
    LOCALE(false, "BCP 47 language tag such as zh-CN, zh-TW or en (default: kindly.default-locale)"),
    TIME_ZONE(false, "IANA time zone such as Asia/Taipei (default: kindly.default-time-zone)"),
    MOBILE(false, "the borrower's own mobile number; stored as E.164"),
    EMAIL(false, "the borrower's own email address"),
    APP_USER_ID(false, "the borrower's account id in the lender's app, for in-app messages"),
    AMOUNT_DUE(true, "the amount due now, a decimal number"),
    CURRENCY(false, "ISO 4217 code such as CNY (default: kindly.default-currency)"),
    DUE_DATE(true, "the due date, YYYY-MM-DD"),
    DAYS_PAST_DUE(false, "days past due as the lender counts them; shown to the borrower, not used for the cadence"),
    REPAYMENT_LINK(false, "an https link where the borrower can pay (default: kindly.lender.payment-url)"),
    REGION(false, "ISO 3166 region whose contact rules and public holidays apply (default: from the mobile number)"),
    OTHER_TIME_ZONES(false, "further IANA time zones the borrower may be in, comma-separated (device, mailing address)"),
    CONSENT(false, "channels the borrower consented to, comma-separated (sms, email, inapp)"),
    WORK_EMAIL(false, "true when the email address is provided by the borrower's employer"),
    HOLDS(false, "holds in the lender's own system, comma-separated (dispute, bankruptcy, deceased, ...)"),
    QUIET_DAYS(false, "days of the week the borrower asked not to be contacted on, comma-separated (SAT, SUN)");

    private final boolean required;
    private final String description;

    AccountField(boolean required, String description) {
        this.required = required;
        this.description = description;
    }

    /** The config key segment and default column name, e.g. {@code app_user_id} / {@code app-user-id}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String configKey() {
        return "kindly.source.column." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean required() {
        return required;
    }

    public String description() {
        return description;
    }
}
