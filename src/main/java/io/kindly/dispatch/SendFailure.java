package io.kindly.dispatch;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.kindly.domain.Reason;
import io.kindly.render.TemplateProblem;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * What went wrong with a send, and what it means for the message: whether trying again is safe, in two forms: the
 * full story for the ledger (it is the evidence, and may quote the gateway's answer), and a short,
 * personal-data-free summary for the application log.
 *
 * @param kind what a retry would risk; see {@link Kind}
 */
public record SendFailure(Reason reason, Kind kind, String forLedger, String forLog) {

    /** The failure classes: what is known about whether the message reached the gateway. */
    public enum Kind {
        /** The gateway did not take the message, for now (HTTP 5xx, 429, 408; SMTP 4xx; nothing reachable). */
        TRANSIENT,
        /**
         * The request left but no answer came (a read timeout, a dropped connection): the gateway may have taken it.
         * A retry is safe only where the channel de-duplicates by idempotency key.
         */
        AMBIGUOUS,
        /** The gateway refused the message as it is (HTTP 4xx, SMTP 5xx, a bad request template): retrying is futile. */
        PERMANENT,
        /** The channel's circuit breaker is open: nothing was sent. */
        UNAVAILABLE,
        /**
         * The gateway refused the channel, not the message (HTTP 401, 403, 404; SMTP authentication failed): wrong
         * credentials or address, so every message would be refused alike until the lender fixes the channel.
         */
        CHANNEL_REFUSED
    }

    /**
     * When a gateway that answered 429 or 503 asked to be tried again (its {@code Retry-After} header: seconds, or an
     * HTTP date), if it did.
     */
    public static Optional<Instant> retryAfter(Throwable error, Instant now) {
        HttpOperationFailedException http = find(error, HttpOperationFailedException.class);
        if (http == null || http.getResponseHeaders() == null
                || http.getStatusCode() != 429 && http.getStatusCode() != 503) {
            return Optional.empty();
        }
        return http.getResponseHeaders().entrySet().stream()
                .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After") && h.getValue() != null)
                .map(h -> h.getValue().strip()).findFirst().flatMap(v -> {
                    try {
                        return Optional.of(now.plusSeconds(Math.max(0, Long.parseLong(v))));
                    } catch (NumberFormatException notSeconds) {
                        try {
                            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                        } catch (DateTimeParseException notADate) {
                            return Optional.empty();
                        }
                    }
                });
    }

    /** True when sending the same request again cannot succeed (the gateway refused it). */
    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    public static SendFailure of(Throwable error) {
        if (find(error, CallNotPermittedException.class) != null) {
            return new SendFailure(Reason.GATEWAY_UNAVAILABLE, Kind.UNAVAILABLE, "circuit breaker open: "
                    + rootMessage(error), "circuit open");
        }
        SmppFailure smpp = find(error, SmppFailure.class);
        if (smpp != null) {
            return smpp.failure();
        }
        GatewayAnswerException answer = find(error, GatewayAnswerException.class);
        if (answer != null && answer.channelRefused()) {
            return new SendFailure(Reason.GATEWAY_CREDENTIALS, Kind.CHANNEL_REFUSED, answer.getMessage(),
                    "status " + answer.status());
        }
        if (answer != null) {
            return new SendFailure(answer.retry() ? Reason.GATEWAY_ERROR : Reason.GATEWAY_REJECTED,
                    answer.retry() ? Kind.TRANSIENT : Kind.PERMANENT, answer.getMessage(),
                    "status " + answer.status());
        }
        HttpOperationFailedException http = find(error, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            String body = http.getResponseBody() == null ? "" : ": " + limit(http.getResponseBody().strip(), 500);
            if (status == 401 || status == 403 || status == 404
                    || status == 400 && CloudSms.refusesCredentials(http.getResponseBody())) {
                return new SendFailure(Reason.GATEWAY_CREDENTIALS, Kind.CHANNEL_REFUSED, "HTTP " + status + body,
                        "HTTP " + status);
            }
            boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
            return new SendFailure(refused ? Reason.GATEWAY_REJECTED : Reason.GATEWAY_ERROR,
                    refused ? Kind.PERMANENT : Kind.TRANSIENT, "HTTP " + status + body, "HTTP " + status);
        }
        SendFailure mail = mail(error);
        if (mail != null) {
            return mail;
        }
        if (find(error, TemplateProblem.class) != null) {
            return new SendFailure(Reason.SEND_ERROR, Kind.PERMANENT, rootMessage(error), "request template");
        }
        // never connected: the gateway cannot have the message
        if (find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null
                || find(error, NoRouteToHostException.class) != null
                || find(error, org.apache.hc.client5.http.ConnectTimeoutException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, Kind.TRANSIENT, "not reachable: " + rootMessage(error),
                    "not reachable");
        }
        if (find(error, SocketTimeoutException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, Kind.AMBIGUOUS, "timed out: " + rootMessage(error), "timeout");
        }
        if (find(error, IOException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, Kind.AMBIGUOUS, rootMessage(error),
                    root(error).getClass().getSimpleName());
        }
        return new SendFailure(Reason.SEND_ERROR, Kind.PERMANENT, rootMessage(error),
                root(error).getClass().getSimpleName());
    }

    /** SMTP: a 4xx reply is "not now", a 5xx reply is "never"; no connection is "not now". */
    private static SendFailure mail(Throwable error) {
        if (find(error, jakarta.mail.AuthenticationFailedException.class) != null) {
            return new SendFailure(Reason.GATEWAY_CREDENTIALS, Kind.CHANNEL_REFUSED, "SMTP authentication failed: "
                    + rootMessage(error), "SMTP authentication failed");
        }
        SMTPSendFailedException sendFailed = find(error, SMTPSendFailedException.class);
        SMTPAddressFailedException addressFailed = find(error, SMTPAddressFailedException.class);
        int code = sendFailed != null ? sendFailed.getReturnCode()
                : addressFailed != null ? addressFailed.getReturnCode() : -1;
        if (code >= 400) {
            boolean later = code < 500;
            return new SendFailure(later ? Reason.GATEWAY_ERROR : Reason.GATEWAY_REJECTED,
                    later ? Kind.TRANSIENT : Kind.PERMANENT, "SMTP " + code + ": " + rootMessage(error), "SMTP " + code);
        }
        if (find(error, MailConnectException.class) != null) {
            return new SendFailure(Reason.GATEWAY_ERROR, Kind.TRANSIENT, "mail server not reachable: "
                    + rootMessage(error), "SMTP not reachable");
        }
        jakarta.mail.MessagingException other = find(error, jakarta.mail.MessagingException.class);
        if (other != null) {
            // the conversation broke off somewhere: the server may have accepted the message
            return new SendFailure(Reason.GATEWAY_ERROR, Kind.AMBIGUOUS, "mail: " + rootMessage(error),
                    "mail " + other.getClass().getSimpleName());
        }
        return null;
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

    static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
