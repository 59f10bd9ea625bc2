package io.kindly.dispatch;

import io.kindly.domain.Reason;

/**
 * What went wrong talking to the SMSC, already judged ({@link SmppLink}, {@link SmppChannel}): SMPP answers with a
 * command_status rather than an HTTP status, so the channel says here what the failure means for the message, and
 * {@link SendFailure} takes it as it is. The message never holds the text or the number.
 */
public final class SmppFailure extends Exception {
    private static final long serialVersionUID = 1L;

    // SMPP 3.4 command_status values (section 5.1.3) that Kindly tells apart
    static final int ESME_RINVMSGLEN = 0x01;
    static final int ESME_RSYSERR = 0x08;
    static final int ESME_RBINDFAIL = 0x0D;
    static final int ESME_RINVPASWD = 0x0E;
    static final int ESME_RINVSYSID = 0x0F;
    static final int ESME_RMSGQFUL = 0x14;
    static final int ESME_RINVSYSTYP = 0x53;
    static final int ESME_RTHROTTLED = 0x58;
    static final int ESME_RX_T_APPN = 0x64;

    private final transient SendFailure failure;

    SmppFailure(Reason reason, SendFailure.Kind kind, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.failure = new SendFailure(reason, kind, "SMPP: " + detail, "SMPP " + detail);
    }

    /** The SMSC refused the bind: the channel is refused, not the message (wrong system id or password). */
    static SmppFailure bindRefused(int status, Throwable cause) {
        boolean credentials = status == ESME_RINVPASWD || status == ESME_RINVSYSID || status == ESME_RBINDFAIL
                || status == ESME_RINVSYSTYP;
        return credentials
                ? new SmppFailure(Reason.GATEWAY_CREDENTIALS, SendFailure.Kind.CHANNEL_REFUSED,
                        "bind refused, " + status(status), cause)
                : new SmppFailure(Reason.GATEWAY_ERROR, SendFailure.Kind.TRANSIENT, "bind refused, " + status(status),
                        cause);
    }

    /**
     * The SMSC refused a submit_sm: throttled, queue full or a system error are "not now" (nothing was taken); anything
     * else refuses the message as it is. A refusal of a later part of a long message, whose first parts went, may
     * have reached the borrower in part: that is not a clean failure.
     */
    static SmppFailure submitRefused(int status, boolean partsWent, Throwable cause) {
        boolean later = status == ESME_RTHROTTLED || status == ESME_RMSGQFUL || status == ESME_RSYSERR
                || status == ESME_RX_T_APPN;
        if (partsWent) {
            return new SmppFailure(Reason.GATEWAY_ERROR, SendFailure.Kind.AMBIGUOUS,
                    "a later part refused, " + status(status) + ", after the first parts were taken", cause);
        }
        return later ? new SmppFailure(Reason.GATEWAY_ERROR, SendFailure.Kind.TRANSIENT, "submit_sm " + status(status),
                cause)
                : new SmppFailure(Reason.GATEWAY_REJECTED, SendFailure.Kind.PERMANENT, "submit_sm " + status(status),
                        cause);
    }

    /** No bound session to send on (the SMSC is down or the link is being re-established): nothing went out. */
    static SmppFailure notBound(String why) {
        return new SmppFailure(Reason.GATEWAY_ERROR, SendFailure.Kind.TRANSIENT, "not bound: " + why, null);
    }

    /** The submit_sm left and no answer came (a timeout, the link dropped): the SMSC may have taken it. */
    static SmppFailure unanswered(String what, Throwable cause) {
        return new SmppFailure(Reason.GATEWAY_ERROR, SendFailure.Kind.AMBIGUOUS, what, cause);
    }

    SendFailure failure() {
        return failure;
    }

    static String status(int status) {
        return String.format("command_status 0x%08X", status);
    }
}
