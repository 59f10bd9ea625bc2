package io.kindly.db;

/**
 * The ledger could not be written or read. A cycle that cannot record must not send, so this stops the message (and,
 * for the run record, the cycle) rather than being logged and ignored.
 */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
