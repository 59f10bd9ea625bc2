package io.kindly.source;

import io.kindly.domain.Reason;

/**
 * An account row that cannot be used at all (no loan id, a due date that is not a date, ...). The row is recorded in
 * the ledger as SKIPPED with this reason and detail, and the cycle carries on with the next row.
 *
 * <p>The message deliberately holds only field names and short reasons, never the row's personal data, because
 * exceptions end up in logs; the full detail goes to the ledger only.
 */
public class RowRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final String detail;
    private final String loanId;
    private final String borrowerId;
    private final String sourceRef;

    public RowRejectedException(Reason reason, String detail, String loanId, String borrowerId, String sourceRef) {
        super("account row rejected (" + sourceRef + "): " + reason, null, false, false);
        this.reason = reason;
        this.detail = detail;
        this.loanId = loanId;
        this.borrowerId = borrowerId;
        this.sourceRef = sourceRef;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    public String loanId() {
        return loanId;
    }

    public String borrowerId() {
        return borrowerId;
    }

    public String sourceRef() {
        return sourceRef;
    }
}
