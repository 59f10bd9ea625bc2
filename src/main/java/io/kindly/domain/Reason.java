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
    // rendering and sending
    TEMPLATE_ERROR("the template could not be rendered"),
    GATEWAY_REJECTED("the gateway refused the message"),
    GATEWAY_ERROR("the gateway could not be reached or answered with an error"),
    SEND_ERROR("the message could not be handed to the channel"),
    INTERNAL_ERROR("Kindly could not process this contact; the application log has the error");

    private final String description;

    Reason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
