package io.kindly.dispatch;

import io.kindly.domain.Reason;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * What went wrong with a send, in two forms: the full story for the ledger (it is the evidence, and may quote the
 * gateway's answer), and a short, personal-data-free summary for the application log.
 *
 * @param permanent true when sending the same request again cannot succeed (the gateway refused it)
 */
public record SendFailure(Reason reason, boolean permanent, String forLedger, String forLog) {

    public static SendFailure of(Throwable error) {
        HttpOperationFailedException http = find(error, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            String body = http.getResponseBody() == null ? "" : ": " + limit(http.getResponseBody().strip(), 500);
            boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
            return new SendFailure(refused ? Reason.GATEWAY_REJECTED : Reason.GATEWAY_ERROR, refused,
                    "HTTP " + status + body, "HTTP " + status);
        }
        if (find(error, SocketTimeoutException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, false, "timed out: " + rootMessage(error), "timeout");
        }
        jakarta.mail.MessagingException mail = find(error, jakarta.mail.MessagingException.class);
        if (mail != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, false, "mail: " + rootMessage(error),
                    "mail " + mail.getClass().getSimpleName());
        }
        if (find(error, IOException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, false, rootMessage(error),
                    root(error).getClass().getSimpleName());
        }
        return new SendFailure(Reason.SEND_ERROR, false, rootMessage(error), root(error).getClass().getSimpleName());
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable root(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable error) {
        Throwable r = root(error);
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + limit(r.getMessage(), 500));
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
