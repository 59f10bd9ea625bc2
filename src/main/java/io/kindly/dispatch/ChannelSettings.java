package io.kindly.dispatch;

import io.kindly.app.config.Settings;
import io.kindly.domain.Channel;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * The three channels as configured in {@code config/channels.properties}. Each channel's route in
 * {@code routes/channels/} reads its endpoint from here, so a lender repoints a channel by editing config only.
 */
public record ChannelSettings(Sms sms, Email email, InApp inapp) {

    /**
     * SMS through an HTTP gateway.
     *
     * @param requestTemplate  FreeMarker template under {@code templates/} that renders the gateway's request body
     * @param messageIdPointer JSON pointer to the gateway's message id in its response, e.g. {@code /messageId}
     * @param optOutKeyword    the reply word that stops SMS, quoted in templates as {@code optOut.smsKeyword}
     */
    public record Sms(boolean enabled, URI url, String contentType, String authHeader, String authValue,
            String requestTemplate, String messageIdPointer, String senderId, int ratePerSecond, String optOutKeyword) {
    }

    /**
     * Email through SMTP.
     *
     * @param uri             the Camel mail endpoint, e.g. {@code smtp://127.0.0.1:2525} or {@code smtps://host:465?...}
     * @param messageIdDomain the right-hand side of the Message-ID header Kindly sets, so replies and bounces can be
     *                        matched to the ledger
     */
    public record Email(boolean enabled, String uri, String from, String replyTo, String messageIdDomain,
            int ratePerSecond) {
    }

    /**
     * In-app messages through the lender's webhook.
     *
     * @param secret shared secret for the HMAC-SHA256 signature header
     */
    public record InApp(boolean enabled, URI url, String secret, String signatureHeader, String messageIdPointer,
            int ratePerSecond) {
    }

    private static final Set<String> HTTP = Set.of("http", "https");

    public static ChannelSettings read(Settings s) {
        String p = "kindly.channel.sms.";
        boolean smsOn = s.bool(p + "enabled", true);
        Sms sms = new Sms(smsOn,
                s.url(p + "url", "the SMS gateway's URL", HTTP),
                s.string(p + "content-type", "application/json; charset=UTF-8"),
                s.string(p + "auth-header", ""),
                s.string(p + "auth-value", ""),
                s.string(p + "request-template", "_gateway/sms-json.ftl"),
                s.string(p + "message-id-pointer", "/messageId"),
                s.string(p + "sender-id", ""),
                s.integer(p + "rate-per-second", 20, 1, 100_000),
                s.string(p + "opt-out-keyword", "STOP"));
        if (!sms.authHeader().isEmpty() && sms.authValue().isEmpty()) {
            s.problem(p + "auth-value", "missing: the value of the " + sms.authHeader()
                    + " header (set it through the environment variable KINDLY_CHANNEL_SMS_AUTH_VALUE)");
        }
        pointer(s, p + "message-id-pointer", sms.messageIdPointer());

        p = "kindly.channel.email.";
        Email email = new Email(s.bool(p + "enabled", true),
                s.required(p + "uri", "the SMTP endpoint, for example smtp://127.0.0.1:2525"),
                s.required(p + "from", "the sender address, for example Lender <reminders@lender.example>"),
                s.string(p + "reply-to", ""),
                s.string(p + "message-id-domain", "kindly.invalid"),
                s.integer(p + "rate-per-second", 10, 1, 100_000));
        if (!email.uri().isEmpty() && !email.uri().startsWith("smtp://") && !email.uri().startsWith("smtps://")) {
            s.problem(p + "uri", "must start with smtp:// or smtps://");
        }

        p = "kindly.channel.inapp.";
        InApp inapp = new InApp(s.bool(p + "enabled", true),
                s.url(p + "url", "the lender's in-app webhook URL", HTTP),
                s.required(p + "secret", "the shared secret that signs webhook requests "
                        + "(set it through the environment variable KINDLY_CHANNEL_INAPP_SECRET)"),
                s.string(p + "signature-header", "X-Kindly-Signature"),
                s.string(p + "message-id-pointer", "/id"),
                s.integer(p + "rate-per-second", 50, 1, 100_000));
        if (!inapp.secret().isEmpty() && inapp.secret().length() < 16) {
            s.problem(p + "secret", "too short: use at least 16 characters");
        }
        pointer(s, p + "message-id-pointer", inapp.messageIdPointer());
        return new ChannelSettings(sms, email, inapp);
    }

    private static void pointer(Settings s, String key, String value) {
        if (!value.isEmpty() && !value.startsWith("/")) {
            s.problem(key, "'" + value + "' is not a JSON pointer: it starts with /, e.g. /messageId or /data/id");
        }
    }

    public Set<Channel> enabled() {
        Set<Channel> on = EnumSet.noneOf(Channel.class);
        if (sms.enabled()) {
            on.add(Channel.SMS);
        }
        if (email.enabled()) {
            on.add(Channel.EMAIL);
        }
        if (inapp.enabled()) {
            on.add(Channel.INAPP);
        }
        return on;
    }
}
