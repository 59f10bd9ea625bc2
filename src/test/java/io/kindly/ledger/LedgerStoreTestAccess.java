package io.kindly.ledger;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Stage;

import java.time.LocalDate;
import java.util.List;

/** LedgerStoreTest's sample borrower, for tests in other packages. */
public final class LedgerStoreTestAccess {
    public static final LocalDate DATE = LedgerStoreTest.DATE;

    private LedgerStoreTestAccess() {
    }

    public static Account account(String loanId) {
        return LedgerStoreTest.account(loanId);
    }

    public static Stage stage() {
        return new Stage("due-today", 0, List.of(Channel.SMS, Channel.EMAIL), "due-today");
    }
}
