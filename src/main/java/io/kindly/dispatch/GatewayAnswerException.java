package io.kindly.dispatch;

/**
 * A gateway answered 2xx, but its answer says it did not take the message (some gateways answer every request with
 * 200 and put the verdict in the body). Thrown by the channel so the send is treated like the HTTP error it stands for.
 */
public final class GatewayAnswerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String status;
    private final boolean retry;
    private final boolean channelRefused;

    /**
     * @param status the status the gateway gave, or null when its answer had none
     * @param retry  true when the status means "not now" (kindly.channel.sms.retry-statuses)
     * @param answer the gateway's answer, for the ledger
     */
    public GatewayAnswerException(String status, boolean retry, String answer) {
        this(status, retry, answer, false);
    }

    /**
     * @param channelRefused true when the status refuses Kindly's credentials or account (a template-mode vendor's
     *                       authentication errors): a refusal of the channel, as an HTTP 401 is
     */
    public GatewayAnswerException(String status, boolean retry, String answer, boolean channelRefused) {
        super("gateway answered " + (status == null ? "without a status" : "status '" + status + "'")
                + (answer == null || answer.isBlank() ? "" : ": " + SendFailure.limit(answer.strip(), 500)), null,
                false, false);
        this.status = status;
        this.retry = retry;
        this.channelRefused = channelRefused;
    }

    public boolean channelRefused() {
        return channelRefused;
    }

    public String status() {
        return status;
    }

    public boolean retry() {
        return retry;
    }
}
