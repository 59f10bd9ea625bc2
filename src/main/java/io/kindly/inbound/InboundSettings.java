package io.kindly.inbound;

import io.kindly.config.Settings;
import io.kindly.config.GatewayPreset;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kindly's own HTTP endpoints as borrowers, gateways and the lender's app reach them ({@code config/inbound.properties}).
 *
 * @param publicUrl    where the lender exposes Kindly's HTTP server to the world (behind their proxy), used to build the
 *                     links Kindly puts in messages, such as the one-click unsubscribe link in every email
 * @param secret       signs those links, so a link can only stop the reminders of the message it came in
 * @param sms          how the SMS gateway authenticates its delivery receipts and forwarded replies
 * @param email        how the mail provider authenticates its bounce and complaint events
 * @param inapp        how the lender's app authenticates its events (read, dispute, repayment plan)
 * @param receipt      where the fields of a delivery receipt are in the gateway's request
 * @param reply        where the fields of a forwarded SMS reply are
 * @param keywords     the words of a reply that opt out, ask for help or ask for a repayment plan
 * @param lenderNotice where the lender hears of a repayment-plan request
 */
public record InboundSettings(String publicUrl, String secret, Auth sms, Auth email, Auth inapp, Receipt receipt,
        Reply reply, Keywords keywords, LenderNotice lenderNotice) {

    /** The largest request body an inbound endpoint reads; anything longer is refused with 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The ways a source can prove a request is its own; gateways differ in what they can do. */
    static final java.util.List<String> AUTH_TYPES = java.util.List.of("hmac", "token", "path-token", "basic", "twilio");

    /**
     * How one source proves a request is its own.
     *
     * @param type      {@code hmac}: the header carries {@code sha256=<hex HMAC-SHA256 of the exact body>}, keyed with
     *                  the secret; {@code token}: the header carries the secret itself (for example
     *                  {@code Bearer <secret>}); {@code path-token}: the secret is the last segment of the path
     *                  ({@code /inbound/sms/receipt/<secret>}), for gateways that can put a secret only in the URL;
     *                  {@code basic}: HTTP basic authentication with {@code username} and the secret;
     *                  {@code twilio}: Twilio's {@code X-Twilio-Signature}, keyed with the account's auth token
     * @param header    the request header that carries the signature or the token
     * @param username  the user name of basic authentication
     * @param publicUrl where the sender calls Kindly (a Twilio signature covers the full URL it called)
     */
    public record Auth(String source, String type, String header, String secret, String username, String publicUrl) {
        public Auth(String source, String type, String header, String secret) {
            this(source, type, header, secret, "", "");
        }

        public boolean hmac() {
            return type.equals("hmac");
        }

        /** Whether the credential is in the request's bytes or headers, as opposed to the path. */
        public boolean pathToken() {
            return type.equals("path-token");
        }

        @Override
        public String toString() {
            return "Auth[" + source + ", " + type + "]";
        }
    }

    /**
     * A delivery receipt. Each field is a pointer ({@link #pointer}): a JSON pointer into a JSON body ({@code /status}),
     * for a form body the name of the form field after the slash ({@code /MessageStatus}), for a request without a body
     * the query parameter after the slash; or {@code query:name}, {@code header:Name}, {@code body} (the whole text
     * body).
     *
     * @param messageId   the gateway's id for the message, as it answered the send
     * @param reference   Kindly's own id for the message, where the gateway echoes the reference it was sent
     * @param status      the delivery status
     * @param error       the gateway's error code or text, kept as the receipt's detail
     * @param delivered   statuses that mean delivered to the handset
     * @param undelivered statuses that mean it will not be delivered; any other status is interim and changes nothing
     */
    public record Receipt(String messageId, String reference, String status, String error, Pattern delivered,
            Pattern undelivered) {
    }

    /** A forwarded SMS reply: the number it came from and its text. */
    public record Reply(String from, String text, String defaultRegion) {
    }

    /**
     * What a reply asks for. A reply opts out when its first word, or its whole text, is an opt-out word (any case,
     * punctuation ignored), or when it contains an opt-out phrase anywhere (Chinese has no spaces between words, and a
     * borrower who writes "请不要再发了" means it). Opt-out wins over everything else in the same reply.
     */
    public record Keywords(List<String> optOut, List<String> optOutPhrases, List<String> help, List<String> plan) {
    }

    /**
     * The lender's webhook for repayment-plan requests: a signed JSON POST (header X-Kindly-Signature), sent by the
     * route {@code kindly-lender-notice} in {@code routes/inbound/lender.camel.yaml}.
     *
     * @param url      empty disables the notice (the hold is still placed and recorded)
     * @param holdDays how long the hold placed by the request lasts; 0 keeps it until the lender lifts it
     */
    public record LenderNotice(String url, String secret, int holdDays) {
        public boolean enabled() {
            return !url.isEmpty();
        }
    }

    public static InboundSettings read(Settings s) {
        URI url = s.url("kindly.inbound.public-url", "the address at which borrowers reach Kindly's HTTP server "
                + "(the base of unsubscribe links), e.g. https://reminders.lender.example", Set.of("http", "https"));
        String secret = s.required("kindly.inbound.secret", "the key that signs unsubscribe links "
                + "(set it through the environment variable KINDLY_INBOUND_SECRET)");
        checkSecret(s, "kindly.inbound.secret", secret);
        String base = url == null ? "" : url.toString().replaceAll("/+$", "");

        GatewayPreset.chosen(s);
        Receipt receipt = new Receipt(
                pointer(s, "kindly.inbound.sms.receipt.message-id", "/messageId"),
                pointer(s, "kindly.inbound.sms.receipt.reference", "/reference"),
                pointer(s, "kindly.inbound.sms.receipt.status", "/status"),
                pointer(s, "kindly.inbound.sms.receipt.error", "/error"),
                pattern(s, "kindly.inbound.sms.receipt.delivered", "(?i)delivered|delivrd"),
                pattern(s, "kindly.inbound.sms.receipt.undelivered",
                        "(?i)undelivered|undeliv|failed|expired|rejected|rejectd|deleted"));
        Reply reply = new Reply(pointer(s, "kindly.inbound.sms.reply.from", "/from"),
                pointer(s, "kindly.inbound.sms.reply.text", "/text"),
                s.string("kindly.inbound.sms.reply.default-region", "CN").toUpperCase(Locale.ROOT));
        Keywords keywords = new Keywords(
                upper(s.list("kindly.inbound.sms.opt-out-words", List.of("STOP"))),
                upper(s.list("kindly.inbound.sms.opt-out-phrases", List.of())),
                upper(s.list("kindly.inbound.sms.help-words", List.of("HELP"))),
                upper(s.list("kindly.inbound.sms.plan-words", List.of("PLAN"))));
        String smsWord = s.string("kindly.channel.sms.opt-out-keyword", "STOP").strip().toUpperCase(Locale.ROOT);
        if (!keywords.optOut().contains(smsWord)) {
            s.problem("kindly.inbound.sms.opt-out-words", "does not contain " + smsWord + ", the word the SMS "
                    + "reminders tell borrowers to reply (kindly.channel.sms.opt-out-keyword): such a reply would "
                    + "not opt them out");
        }
        String noticeUrl = s.string("kindly.inbound.lender-notice.url", "").strip();
        if (!noticeUrl.isEmpty() && !noticeUrl.matches("(?i)https?://.+")) {
            s.problem("kindly.inbound.lender-notice.url", "'" + noticeUrl + "' must be an http(s) URL (or empty to "
                    + "send no notice)");
        }
        String noticeSecret = s.string("kindly.inbound.lender-notice.secret", "");
        if (!noticeUrl.isEmpty()) {
            checkSecret(s, "kindly.inbound.lender-notice.secret", noticeSecret);
            if (noticeSecret.isEmpty()) {
                s.problem("kindly.inbound.lender-notice.secret", "missing: the key that signs the notice (set it "
                        + "through KINDLY_INBOUND_LENDER_NOTICE_SECRET)");
            }
        }
        LenderNotice notice = new LenderNotice(noticeUrl, noticeSecret,
                s.integer("kindly.inbound.lender-notice.hold-days", 0, 0, 365));
        return new InboundSettings(base, secret, auth(s, "sms", base), auth(s, "email", base),
                auth(s, "inapp", base), receipt, reply, keywords, notice);
    }

    private static Auth auth(Settings s, String source, String publicUrl) {
        String p = "kindly.inbound." + source + ".";
        String type = (source.equals("sms") ? GatewayPreset.string(s, p + "auth", "hmac") : s.string(p + "auth", "hmac"))
                .strip().toLowerCase(Locale.ROOT);
        // only the SMS routes have the token paths, and only a gateway signs the Twilio way
        List<String> allowed = source.equals("sms") ? AUTH_TYPES : List.of("hmac", "token", "basic");
        if (!allowed.contains(type)) {
            s.problem(p + "auth", "'" + type + "' is not an authentication for " + source + ": use one of " + allowed
                    + "; every inbound request must be authenticated");
        }
        String header = s.string(p + "auth-header", switch (type) {
            case "token", "basic" -> "Authorization";
            case "twilio" -> "X-Twilio-Signature";
            case "path-token" -> "";
            default -> "X-Kindly-Signature";
        }).strip();
        if (header.isEmpty() && !type.equals("path-token")) {
            s.problem(p + "auth-header", "missing: the header that carries the signature or the token");
        }
        String username = s.string(p + "auth-username", "");
        if (type.equals("basic") && username.isEmpty()) {
            s.problem(p + "auth-username", "missing: the user name the sender gives with basic authentication "
                    + "(the password is " + p + "secret)");
        }
        String secret = s.required(p + "secret", "the key the " + source + " requests are authenticated with (set it"
                + " through the environment variable KINDLY_INBOUND_" + source.toUpperCase(Locale.ROOT) + "_SECRET)");
        checkSecret(s, p + "secret", secret);
        if (type.equals("path-token") && !secret.matches("[A-Za-z0-9._~-]*")) {
            s.problem(p + "secret", "a token in the path may hold only letters, digits and . _ ~ -");
        }
        return new Auth(source, type, header, secret, username, publicUrl);
    }

    private static void checkSecret(Settings s, String key, String secret) {
        if (!secret.isEmpty() && secret.length() < 16) {
            s.problem(key, "too short: use at least 16 characters");
        }
    }

    /**
     * Where a field of an inbound request is: {@code /a/b} in the body (a JSON pointer; a form field {@code /name}; in
     * a request without a body, the query parameter {@code /name}), {@code query:name}, {@code header:Name}, or
     * {@code body} for the whole text body (a text/plain reply). Empty: not used.
     */
    static String pointer(Settings s, String key, String defaultValue) {
        String v = GatewayPreset.string(s, key, defaultValue).strip();
        if (!v.isEmpty() && !v.startsWith("/") && !v.equals("body")
                && !(v.matches("(?i)(query|header):.+") && !v.contains(" "))) {
            s.problem(key, "'" + v + "' is not a field pointer: use /field (a JSON pointer, or a form field, or a query "
                    + "parameter of a request without a body), query:name, header:Name, or body");
        }
        return v.regionMatches(true, 0, "query:", 0, 6) ? "query:" + v.substring(6)
                : v.regionMatches(true, 0, "header:", 0, 7) ? "header:" + v.substring(7) : v;
    }

    private static Pattern pattern(Settings s, String key, String defaultValue) {
        String v = GatewayPreset.string(s, key, defaultValue);
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            s.problem(key, "not a regular expression: " + e.getDescription());
            return Pattern.compile(defaultValue);
        }
    }

    private static List<String> upper(List<String> words) {
        return words.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList();
    }
}
