package io.kindly.source;

/** Kindly is shutting down: the cycle stops reading accounts and is recorded as not completed. */
public class CycleStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CycleStoppedException() {
        super("Kindly is stopping: the cycle takes no new accounts; the next run of this date continues it", null,
                false, false);
    }
}
