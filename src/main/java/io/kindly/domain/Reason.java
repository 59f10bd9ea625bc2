package io.kindly.domain;

/**
 * Why a contact was not sent, or why it failed. Recorded in the ledger and counted in the cycle summary, so each code
 * says something a compliance officer can act on.
 */
public enum Reason {
    // the account row itself
    ROW_INVALID("the account row is unusable (a required field is missing or malformed)"),
    LOCALE_INVALID("the borrower's locale is malformed, so the language to write in is unknown"),
    // the address for this channel
    NO_MOBILE("the account has no mobile number"),
    MOBILE_INVALID("the mobile number is not a valid phone number"),
    MOBILE_NOT_MOBILE("the number is valid but not a mobile number, so it cannot take an SMS"),
    NO_EMAIL("the account has no email address"),
    EMAIL_INVALID("the email address is malformed"),
    NO_APP_USER("the borrower has no in-app account"),
    // the contact policy: DEFERRED until the next opening
    OUTSIDE_WINDOW("outside the contact window in the borrower's local time (every candidate time zone)"),
    HOLIDAY("a public holiday in the borrower's region"),
    NO_CONTACT_DAY("a day of the week on which the profile allows no contact"),
    MIN_GAP("too soon after the last reminder to this borrower"),
    // frequency caps, counted from the ledger: DEFERRED or SUPPRESSED as the profile says
    CAP_DAY("the borrower's contacts for today have reached the profile's daily cap"),
    CAP_WEEK("the borrower's contacts in the last 7 days have reached the profile's weekly cap"),
    CAP_MONTH("the borrower's contacts this calendar month have reached the profile's monthly cap"),
    CAP_CHANNEL_DAY("the borrower's contacts on this channel today have reached the profile's cap"),
    CAP_CHANNEL_WEEK("the borrower's contacts on this channel in the last 7 days have reached the profile's cap"),
    // holds and the borrower's wishes: SUPPRESSED
    HOLD_DISPUTE("the borrower disputes the debt"),
    HOLD_CEASE_CONTACT("the borrower asked not to be contacted"),
    HOLD_HARDSHIP("the borrower is in financial hardship"),
    HOLD_REPAYMENT_PLAN("a repayment plan is in progress"),
    HOLD_PROMISE_TO_PAY("the borrower promised to pay by a date that has not passed"),
    HOLD_DECEASED("the borrower has died"),
    HOLD_BANKRUPTCY("the borrower is in bankruptcy or insolvency proceedings"),
    HOLD_PAID("the loan is marked as paid"),
    OPTED_OUT("the borrower opted out of this channel or this address"),
    NO_CONSENT("the profile requires consent for this channel and the borrower has not given it"),
    WORK_EMAIL("the profile forbids writing to a work email address"),
    // read again just before sending
    PAID("nothing is owed any more (the account was read again just before sending)"),
    LOAN_CLOSED("the loan is no longer open in the source (read again just before sending)"),
    // deferred contacts that were not sent in time
    EXPIRED("deferred for longer than kindly.policy.max-deferral-hours: no longer timely"),
    SUPERSEDED("a later stage for the same loan and channel has replaced it"),
    // rendering and sending
    TEMPLATE_ERROR("the template could not be rendered"),
    OPT_OUT_NOTICE_MISSING("the message lacks the opt-out notice the profile requires on this channel"),
    GATEWAY_REJECTED("the gateway refused the message"),
    GATEWAY_ERROR("the gateway could not be reached or answered with an error"),
    SEND_ERROR("the message could not be handed to the channel"),
    GATEWAY_UNAVAILABLE("the channel's circuit breaker is open after repeated failures: nothing was sent, the message "
            + "waits and is tried again"),
    GATEWAY_CREDENTIALS("the gateway refused the channel itself (HTTP 401, 403 or 404: wrong credentials or address; "
            + "SMTP authentication failed): the channel is stopped, nothing was sent, and the message waits until the "
            + "channel is fixed"),
    RETRY_LATER("the send failed for now and the contact window closes (or Kindly is stopping) before the next "
            + "try: the message waits"),
    SEND_INTERRUPTED("the Kindly process holding the claim stopped before recording the outcome; the message is "
            + "sent again with the same idempotency key, so the gateway delivers it at most once"),
    OUTCOME_UNKNOWN("the send may or may not have reached the borrower (the process stopped mid-send, or the "
            + "gateway did not answer) and the channel cannot tell a repeat apart: not resent, for review"),
    INTERNAL_ERROR("Kindly could not process this contact; the application log has the error");

    private final String description;

    Reason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
