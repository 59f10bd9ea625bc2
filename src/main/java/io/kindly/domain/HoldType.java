package io.kindly.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A reason not to contact a borrower about a loan (or about any of their loans) until the hold is lifted or expires.
 * Holds are placed by the borrower's replies, by the lender's staff, or come from the lender's own system through the
 * source's {@code holds} column.
 */
public enum HoldType {
    DISPUTE(Reason.HOLD_DISPUTE),
    CEASE_CONTACT(Reason.HOLD_CEASE_CONTACT),
    HARDSHIP(Reason.HOLD_HARDSHIP),
    REPAYMENT_PLAN(Reason.HOLD_REPAYMENT_PLAN),
    PROMISE_TO_PAY(Reason.HOLD_PROMISE_TO_PAY),
    DECEASED(Reason.HOLD_DECEASED),
    BANKRUPTCY(Reason.HOLD_BANKRUPTCY),
    PAID(Reason.HOLD_PAID);

    private final Reason reason;

    HoldType(Reason reason) {
        this.reason = reason;
    }

    /** The reason recorded for a contact this hold suppresses. */
    public Reason reason() {
        return reason;
    }

    /** Reads "dispute", "Cease-Contact", "PROMISE_TO_PAY". */
    public static Optional<HoldType> parse(String text) {
        String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(h -> h.name().equals(wanted)).findFirst();
    }
}
