package io.kindly.shared;

import io.kindly.domain.Account;

/** Where a borrower is, as far as the account tells: what a message shows by region follows it. */
public final class Regions {
    private Regions() {
    }

    /**
     * The borrower's region as the source says it, else as the mobile number tells it; null when neither does (the
     * support phone and the SMS sender id then stay the default ones).
     */
    public static String known(Account account) {
        if (account.facts().region() != null) {
            return account.facts().region();
        }
        return account.mobile().isOk() ? PhoneNumbers.regionOf(account.mobile().value()) : null;
    }
}
