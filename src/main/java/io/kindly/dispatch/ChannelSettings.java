package io.kindly.dispatch;

import io.kindly.config.GatewayPreset;
import io.kindly.config.Settings;
import io.kindly.domain.Channel;

import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The three channels as configured in {@code config/channels.properties}. Each channel's route in
 * {@code routes/channels/} reads its endpoint from here, so a lender repoints a channel by editing config only.
 */
public record ChannelSettings(Sms sms, Email email, InApp inapp, Delivery delivery) {

    /**
     * SMS through an HTTP gateway.
     *
     * @param gateway       how to talk to the gateway: request shape, authentication, reading its answer
     * @param optOutKeyword the reply word that stops SMS, quoted in templates as {@code optOut.smsKeyword}
     * @param idempotent    the gateway sends a message once however often the same reference (Idempotency-Key) is
     *                      posted: a send whose outcome is unknown may then be sent again safely
     */
    public record Sms(boolean enabled, URI url, HttpGateway gateway, String senderId, int ratePerSecond,
            String optOutKeyword, boolean idempotent, Breaker breaker, Credentials credentials, String receiptUrl,
            Map<String, String> senderIds, String transport, Smpp smpp, TemplateMode templateMode) {

        /** Without credentials for the request template, no receipt URL, one sender id. */
        public Sms(boolean enabled, URI url, HttpGateway gateway, String senderId, int ratePerSecond,
                String optOutKeyword, boolean idempotent, Breaker breaker) {
            this(enabled, url, gateway, senderId, ratePerSecond, optOutKeyword, idempotent, breaker,
                    Credentials.NONE, "", Map.of(), HTTP_TRANSPORT, null, null);
        }

        /** SMS through an SMSC over SMPP ({@code kindly.channel.sms.transport = smpp}) rather than an HTTP gateway. */
        public boolean smppTransport() {
            return SMPP_TRANSPORT.equals(transport);
        }

        /**
         * The sender id borrowers in this region see ({@code kindly.channel.sms.sender-id.<REGION>}: the lender's
         * registered sender there), else {@code sender-id}.
         */
        public String senderIdFor(String region) {
            return region == null ? senderId : senderIds.getOrDefault(region.toUpperCase(Locale.ROOT), senderId);
        }
    }

    /**
     * A template-mode gateway ({@code preset = aliyun} or {@code tencent}): each message names a template the lender
     * registered with the vendor, by its code, and carries the variables' values.
     *
     * @param vendor        aliyun or tencent
     * @param signName      the registered signature (SignName)
     * @param appId         Tencent's SmsSdkAppId
     * @param region        Alibaba's RegionId, Tencent's X-TC-Region
     * @param templateCodes {@code template-code.<family>[.<language>]}: the registered template's code for the lender's
     *                      copy at {@code templates/<family>/sms_<language>.ftl}
     */
    public record TemplateMode(String vendor, String signName, String appId, String region,
            Map<String, String> templateCodes) {

        /** The code for a copy ({@code upcoming/sms_zh.ftl}): its family and language, else its family alone. */
        public Optional<String> codeFor(String file) {
            int slash = file.lastIndexOf('/');
            String family = slash < 0 ? "" : file.substring(0, slash);
            String language = file.substring(slash + 1).replaceFirst("^sms_", "").replaceFirst("\\.ftl$", "");
            return Optional.ofNullable(templateCodes.getOrDefault(family + "." + language, templateCodes.get(family)));
        }
    }

    /** {@code kindly.channel.sms.transport}: an HTTP gateway (the default) or an SMSC over SMPP. */
    public static final String HTTP_TRANSPORT = "http";
    public static final String SMPP_TRANSPORT = "smpp";

    /**
     * An SMSC over SMPP 3.4 ({@code kindly.channel.sms.transport = smpp}, {@code kindly.channel.sms.url =
     * smpp://host:port}): one transceiver session, bound with {@code username} as the system_id and
     * {@code KINDLY_CHANNEL_SMS_PASSWORD}, carrying the messages, their receipts and the borrowers' replies.
     *
     * @param systemType        the bind's system_type, when the SMSC asks for one
     * @param payload           long messages as one submit_sm with the message_payload option, rather than as parts
     *                          joined by a user data header (UDH, the default: every SMSC takes it)
     * @param window            submit_sm sent and not yet answered, at most: beyond it a send waits its turn
     * @param enquireLinkSeconds how often an idle session is checked (enquire_link), so a dead link is noticed
     * @param reconnectSeconds  the wait before binding again after the session was lost or the bind refused
     * @param responseSeconds   how long an answer (submit_sm_resp, bind_resp) is waited for
     */
    public record Smpp(String host, int port, String systemType, boolean payload, int window,
            int enquireLinkSeconds, int reconnectSeconds, int responseSeconds) {
    }

    /**
     * The gateway's credentials as the request template sees them ({@code username}, {@code password},
     * {@code account}, {@code apiKey}, {@code apiSecret}): for gateways that want them in the query string or the body
     * rather than in a header. Set through {@code kindly.channel.sms.username}, {@code .account}, {@code .api-key}, and
     * the secrets through the environment ({@code KINDLY_CHANNEL_SMS_PASSWORD}, {@code KINDLY_CHANNEL_SMS_API_SECRET}).
     * Never printed: {@link #toString} names only which are set.
     */
    public record Credentials(String username, String password, String account, String apiKey, String apiSecret) {
        public static final Credentials NONE = new Credentials("", "", "", "", "");

        @Override
        public String toString() {
            return "Credentials[username=" + (username.isEmpty() ? "unset" : "set") + ", password="
                    + (password.isEmpty() ? "unset" : "***") + ", account=" + (account.isEmpty() ? "unset" : "set")
                    + ", apiKey=" + (apiKey.isEmpty() ? "unset" : "set") + ", apiSecret="
                    + (apiSecret.isEmpty() ? "unset" : "***") + "]";
        }
    }

    /**
     * The shape of an HTTP gateway's API, which differs from one provider to the next.
     *
     * @param method           POST (the request template renders the body) or GET (it renders the query string)
     * @param requestTemplate  FreeMarker template under {@code templates/} for the body or the query string
     * @param messageIdPointer JSON pointer to the gateway's message id in its answer, e.g. {@code /messageId}
     * @param messageIdPattern for answers that are not JSON: a regular expression whose first group is the id
     * @param statusPointer    JSON pointer to a status in a 2xx answer, for gateways that answer 200 to a refusal
     * @param statusPattern    the same for answers that are not JSON
     * @param accepted         statuses that mean the gateway took the message; any other is a refusal
     * @param retry            statuses that mean "not now" (throttled, busy): tried again like an HTTP 503
     */
    public record HttpGateway(String method, String contentType, String requestTemplate, Auth auth,
            String messageIdPointer, Pattern messageIdPattern, String statusPointer, Pattern statusPattern,
            Set<String> accepted, Set<String> retry) {

        /** True when the gateway's answer carries a status to read. */
        public boolean mapsStatus() {
            return !statusPointer.isEmpty() || statusPattern != null;
        }
    }

    /**
     * How Kindly proves itself to a gateway.
     *
     * @param type none, header (a header and its value, e.g. {@code Authorization: Bearer ...}), or basic
     */
    public record Auth(String type, String header, String value, String username, String password) {
        @Override
        public String toString() {
            return "Auth[" + type + (header.isEmpty() ? "" : ", " + header) + "]";
        }
    }

    /**
     * Email through SMTP.
     *
     * @param uri             the Camel mail endpoint, e.g. {@code smtp://127.0.0.1:2525} or {@code smtps://host:465?...}
     * @param messageIdDomain the right-hand side of the Message-ID header Kindly sets, so replies and bounces can be
     *                        matched to the ledger
     * @param connections     SMTP connections kept open to the server, each sending many messages ({@link SmtpConnections})
     * @param idleSeconds     a connection unused this long is closed
     */
    public record Email(boolean enabled, String uri, String from, String replyTo, String messageIdDomain,
            int ratePerSecond, Breaker breaker, int connections, int idleSeconds, Map<String, String> fromByLanguage,
            String unsubscribeMailto) {

        public static final int DEFAULT_CONNECTIONS = 4;
        public static final int DEFAULT_IDLE_SECONDS = 30;

        /** With the default connections and idle time. */
        public Email(boolean enabled, String uri, String from, String replyTo, String messageIdDomain,
                int ratePerSecond, Breaker breaker) {
            this(enabled, uri, from, replyTo, messageIdDomain, ratePerSecond, breaker, DEFAULT_CONNECTIONS,
                    DEFAULT_IDLE_SECONDS);
        }

        /** One sender for every language, no mailto unsubscribe. */
        public Email(boolean enabled, String uri, String from, String replyTo, String messageIdDomain,
                int ratePerSecond, Breaker breaker, int connections, int idleSeconds) {
            this(enabled, uri, from, replyTo, messageIdDomain, ratePerSecond, breaker, connections, idleSeconds,
                    Map.of(), "");
        }

        /**
         * The sender as the message's language names it ({@code kindly.channel.email.from.zh-TW}, then
         * {@code .zh}), else {@code from}: Chinese mail comes from the lender's Chinese name.
         */
        public String fromFor(Locale language) {
            if (language == null) {
                return from;
            }
            String exact = fromByLanguage.get(language.toLanguageTag());
            return exact != null ? exact : fromByLanguage.getOrDefault(language.getLanguage(), from);
        }
    }

    /**
     * In-app messages through the lender's webhook.
     *
     * @param secret     shared secret for the HMAC-SHA256 signature header
     * @param idempotent the app drops a repeated Idempotency-Key (Kindly's webhook contract asks it to)
     */
    public record InApp(boolean enabled, URI url, String secret, String signatureHeader, String messageIdPointer,
            int ratePerSecond, boolean idempotent, Breaker breaker) {
    }

    /**
     * A channel's circuit breaker (Resilience4j, in the channel's route): after enough failed calls it opens, and the
     * messages meanwhile wait instead of hammering a gateway that is down.
     */
    public record Breaker(int failureRatePercent, int minimumCalls, int window, int openSeconds,
            int slowCallSeconds) {
    }

    /**
     * Retries after a failed send: exponential backoff with jitter, bounded, and only inside the contact window.
     *
     * @param maxAttempts       tries per message before it is FAILED (the first send included)
     * @param claimLeaseSeconds a claim older than this with no outcome belongs to a process that stopped
     */
    public record Delivery(int maxAttempts, long firstRetryMillis, long maxRetryMillis, double jitter,
            int claimLeaseSeconds) {

        /** The longest the wait before attempt {@code n + 1} can be, jitter included (n = failed attempts so far). */
        public long longestWaitAfter(int n) {
            double base = firstRetryMillis * Math.pow(2, Math.max(0, n - 1));
            return (long) (Math.min(base, maxRetryMillis) * (1 + jitter));
        }
    }

    private static final Set<String> HTTP = Set.of("http", "https");
    private static final Set<String> SMPP = Set.of("smpp");

    /** Template mode's keys, read (and so known) whatever the gateway; checked only for aliyun and tencent. */
    private static TemplateMode templateMode(Settings s, String p, Credentials credentials) {
        String vendor = GatewayPreset.chosen(s).orElse("");
        boolean on = vendor.equals("aliyun") || vendor.equals("tencent");
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith(p + "template-code.")) {
                codes.put(key.substring((p + "template-code.").length()), s.string(key, ""));
            }
        }
        TemplateMode mode = new TemplateMode(vendor, s.string(p + "sign-name", ""), s.string(p + "app-id", ""),
                s.string(p + "region", vendor.equals("tencent") ? "ap-guangzhou" : "cn-hangzhou"), Map.copyOf(codes));
        if (!on) {
            return null;
        }
        if (mode.signName().isEmpty()) {
            s.problem(p + "sign-name", "missing: the signature (SignName) registered with " + vendor);
        }
        if (vendor.equals("tencent") && mode.appId().isEmpty()) {
            s.problem(p + "app-id", "missing: the SMS application's SmsSdkAppId");
        }
        if (credentials.apiKey().isEmpty() || credentials.apiSecret().isEmpty()) {
            s.problem(p + "api-key", "missing: the " + (vendor.equals("aliyun") ? "AccessKeyId" : "SecretId")
                    + " in kindly.channel.sms.api-key, and its secret in the environment variable "
                    + "KINDLY_CHANNEL_SMS_API_SECRET");
        }
        if (codes.isEmpty()) {
            s.problem(p + "template-code.<family>", "missing: the code of the template registered with " + vendor
                    + " for each SMS template family (kindly.channel.sms.template-code.upcoming.zh = ..., in a config "
                    + "file)");
        }
        return mode;
    }

    /** The SMPP keys, read (and so known) whatever the transport; checked only when it is smpp. */
    private static Smpp smpp(Settings s, String p, URI url, Credentials credentials) {
        String longMessages = s.string(p + "long-messages", "udh").toLowerCase(Locale.ROOT);
        Smpp smpp = new Smpp(url == null ? "" : url.getHost(), url == null ? -1 : url.getPort(),
                s.string(p + "system-type", ""), longMessages.equals("payload"),
                s.integer(p + "window", 10, 1, 1_000),
                s.integer(p + "enquire-link-seconds", 30, 1, 3_600),
                s.integer(p + "reconnect-seconds", 5, 1, 3_600),
                s.integer(p + "response-seconds", 10, 1, 600));
        if (url == null) {
            return smpp;
        }
        if (!longMessages.equals("udh") && !longMessages.equals("payload")) {
            s.problem(p + "long-messages", "'" + longMessages + "' is not a way to send a long message: use udh "
                    + "(parts joined by a user data header) or payload (one submit_sm with message_payload)");
        }
        if (smpp.host() == null || smpp.host().isEmpty() || smpp.port() <= 0) {
            s.problem("kindly.channel.sms.url", "'" + url + "' names no host and port, for example "
                    + "smpp://smsc.example:2775");
        }
        if (credentials.username().isEmpty() || credentials.password().isEmpty()) {
            s.problem("kindly.channel.sms.username", "an SMSC binds with a system id and a password: set "
                    + "kindly.channel.sms.username, and the password through the environment variable "
                    + "KINDLY_CHANNEL_SMS_PASSWORD");
        }
        return smpp;
    }

    public static ChannelSettings read(Settings s) {
        String p = "kindly.channel.sms.";
        GatewayPreset.chosen(s);
        Credentials credentials = new Credentials(s.string(p + "username", ""), s.string(p + "password", ""),
                s.string(p + "account", ""), s.string(p + "api-key", ""), s.string(p + "api-secret", ""));
        String transport = s.string(p + "transport", HTTP_TRANSPORT).toLowerCase(Locale.ROOT);
        if (!transport.equals(HTTP_TRANSPORT) && !transport.equals(SMPP_TRANSPORT)) {
            s.problem(p + "transport", "'" + transport + "' is not a transport: use http (a gateway's HTTP API) or "
                    + "smpp (an SMSC)");
        }
        boolean smpp = transport.equals(SMPP_TRANSPORT);
        if (smpp && s.optional(GatewayPreset.KEY).isPresent()) {
            s.problem(GatewayPreset.KEY, "a preset describes an HTTP gateway; with kindly.channel.sms.transport = smpp "
                    + "leave it unset");
        }
        URI url = s.url(p + "url", smpp ? "the SMSC's address, for example smpp://smsc.example:2775"
                : "the SMS gateway's URL", smpp ? SMPP : HTTP);
        Sms sms = new Sms(s.bool(p + "enabled", true),
                url,
                gateway(s, p, credentials),
                s.string(p + "sender-id", ""),
                s.integer(p + "rate-per-second", 20, 1, 100_000),
                s.string(p + "opt-out-keyword", "STOP"),
                // an SMSC and the template-mode vendors take no idempotency key: a send that may have gone is never
                // repeated on them, whatever the HTTP setting says
                s.bool(p + "idempotent", false) && !smpp
                        && !GatewayPreset.chosen(s).filter(v -> v.equals("aliyun") || v.equals("tencent")).isPresent(),
                breaker(s, p),
                credentials,
                receiptUrl(s),
                byRegion(s, p + "sender-id."),
                transport,
                smpp(s, p + "smpp.", smpp ? url : null, credentials),
                templateMode(s, p, credentials));

        p = "kindly.channel.email.";
        Email email = new Email(s.bool(p + "enabled", true),
                s.required(p + "uri", "the SMTP endpoint, for example smtp://127.0.0.1:2525"),
                s.required(p + "from", "the sender address, for example Lender <reminders@lender.example>"),
                s.string(p + "reply-to", ""),
                s.string(p + "message-id-domain", "kindly.invalid"),
                s.integer(p + "rate-per-second", 10, 1, 100_000),
                breaker(s, p),
                s.integer(p + "connections", Email.DEFAULT_CONNECTIONS, 1, 64),
                s.integer(p + "idle-seconds", Email.DEFAULT_IDLE_SECONDS, 1, 3_600),
                byLanguage(s, p + "from."),
                s.string(p + "unsubscribe-mailto", ""));
        if (!email.unsubscribeMailto().isEmpty()
                && !email.unsubscribeMailto().matches("[^@\\s<>?]+@[^@\\s<>?]+\\.[^@\\s<>?]+")) {
            s.problem(p + "unsubscribe-mailto", "'" + email.unsubscribeMailto() + "' is not a plain address such as "
                    + "unsubscribe@lender.example");
        }
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
                s.integer(p + "rate-per-second", 50, 1, 100_000),
                s.bool(p + "idempotent", true),
                breaker(s, p));
        if (!inapp.secret().isEmpty() && inapp.secret().length() < 16) {
            s.problem(p + "secret", "too short: use at least 16 characters");
        }
        pointer(s, p + "message-id-pointer", inapp.messageIdPointer());
        return new ChannelSettings(sms, email, inapp, delivery(s));
    }

    /**
     * Where the gateway should send its delivery receipt for a message (a template adds Kindly's reference to it):
     * {@code kindly.channel.sms.receipt-url}, by default Kindly's own receipt endpoint at its public address, with the
     * token in the path when the gateway authenticates that way ({@code kindly.inbound.sms.auth = path-token}).
     */
    private static String receiptUrl(Settings s) {
        Optional<String> own = s.optional("kindly.channel.sms.receipt-url");
        if (own.isPresent()) {
            return own.get();
        }
        String base = s.string("kindly.inbound.public-url", "").replaceAll("/+$", "");
        if (base.isEmpty()) {
            return "";
        }
        String auth = GatewayPreset.string(s, "kindly.inbound.sms.auth", "hmac");
        return base + "/inbound/sms/receipt" + (auth.equalsIgnoreCase("path-token")
                ? "/" + java.net.URLEncoder.encode(s.string("kindly.inbound.sms.secret", ""),
                        java.nio.charset.StandardCharsets.UTF_8) : "");
    }

    private static HttpGateway gateway(Settings s, String p, Credentials credentials) {
        String method = GatewayPreset.string(s, p + "method", "POST").toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            s.problem(p + "method", "'" + method + "' is not supported: use POST or GET");
        }
        String header = s.string(p + "auth-header", "");
        String type = GatewayPreset.string(s, p + "auth", header.isEmpty() ? "none" : "header");
        // basic authentication with the gateway's named credentials unless auth-username/-password say otherwise
        Auth auth = new Auth(type, header, s.string(p + "auth-value", ""),
                s.string(p + "auth-username", credentials.username()),
                s.string(p + "auth-password", credentials.password()));
        switch (type) {
            case "none" -> { }
            case "header" -> {
                if (auth.header().isEmpty()) {
                    s.problem(p + "auth-header", "missing: the header that carries the credential, e.g. Authorization");
                }
                if (auth.value().isEmpty()) {
                    s.problem(p + "auth-value", "missing: the value of the " + auth.header() + " header (set it "
                            + "through the environment variable KINDLY_CHANNEL_SMS_AUTH_VALUE)");
                }
            }
            case "basic" -> {
                if (auth.username().isEmpty() || auth.password().isEmpty()) {
                    s.problem(p + "auth-username", "basic authentication needs a user name and a password "
                            + "(kindly.channel.sms.username, and the password through the environment variable "
                            + "KINDLY_CHANNEL_SMS_PASSWORD; or auth-username and KINDLY_CHANNEL_SMS_AUTH_PASSWORD)");
                }
            }
            default -> s.problem(p + "auth", "'" + type + "' is not an authentication: use none, header or basic");
        }
        HttpGateway gateway = new HttpGateway(method,
                GatewayPreset.string(s, p + "content-type", "application/json; charset=UTF-8"),
                GatewayPreset.string(s, p + "request-template", "_gateway/sms-json.ftl"),
                auth,
                GatewayPreset.string(s, p + "message-id-pointer", "/messageId"),
                regex(s, p + "message-id-pattern"),
                GatewayPreset.string(s, p + "status-pointer", ""),
                regex(s, p + "status-pattern"),
                new LinkedHashSet<>(GatewayPreset.list(s, p + "accepted-statuses", List.of())),
                new LinkedHashSet<>(GatewayPreset.list(s, p + "retry-statuses", List.of())));
        pointer(s, p + "message-id-pointer", gateway.messageIdPointer());
        pointer(s, p + "status-pointer", gateway.statusPointer());
        if (gateway.mapsStatus() && gateway.accepted().isEmpty()) {
            s.problem(p + "accepted-statuses", "missing: with a status to read, say which statuses mean the gateway "
                    + "took the message, e.g. 0, OK, queued");
        }
        return gateway;
    }

    /** {@code <prefix><REGION>} keys: a value per ISO 3166 region. */
    private static Map<String, String> byRegion(Settings s, String prefix) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith(prefix)) {
                String region = key.substring(prefix.length()).toUpperCase(Locale.ROOT);
                if (!region.matches("[A-Z]{2}")) {
                    s.problem(key, "'" + region + "' is not a region: use an ISO 3166 code such as TW or GB");
                }
                values.put(region, s.string(key, ""));
            }
        }
        return values;
    }

    /** {@code <prefix><language tag>} keys: a value per language ({@code zh}, {@code zh-TW}). */
    private static Map<String, String> byLanguage(Settings s, String prefix) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith(prefix)) {
                String tag = Locale.forLanguageTag(key.substring(prefix.length())).toLanguageTag();
                if (tag.equals("und")) {
                    s.problem(key, "'" + key.substring(prefix.length()) + "' is not a language tag such as zh or zh-TW");
                }
                values.put(tag, s.string(key, ""));
            }
        }
        return values;
    }

    private static Pattern regex(Settings s, String key) {
        String value = GatewayPreset.string(s, key, "");
        if (value.isEmpty()) {
            return null;
        }
        try {
            Pattern pattern = Pattern.compile(value);
            if (pattern.matcher("").groupCount() < 1) {
                s.problem(key, "'" + value + "' has no group: put the part to read in ( )");
            }
            return pattern;
        } catch (PatternSyntaxException e) {
            s.problem(key, "'" + value + "' is not a regular expression: " + e.getDescription());
            return null;
        }
    }

    private static Breaker breaker(Settings s, String p) {
        p = p + "breaker.";
        return new Breaker(s.integer(p + "failure-rate", 50, 1, 100), s.integer(p + "minimum-calls", 10, 1, 10_000),
                s.integer(p + "window", 20, 1, 10_000), s.integer(p + "open-seconds", 30, 1, 86_400),
                s.integer(p + "slow-call-seconds", 10, 1, 3_600));
    }

    private static Delivery delivery(Settings s) {
        String p = "kindly.delivery.";
        int first = s.integer(p + "first-retry-ms", 2000, 1, 3_600_000);
        int max = s.integer(p + "max-retry-ms", 60_000, 1, 3_600_000);
        if (max < first) {
            s.problem(p + "max-retry-ms", max + " is below kindly.delivery.first-retry-ms (" + first + ")");
        }
        double jitter = s.decimal(p + "jitter", new java.math.BigDecimal("0.25")).doubleValue();
        if (jitter < 0 || jitter > 1) {
            s.problem(p + "jitter", jitter + " is not a fraction between 0 and 1 (0.25 randomises each wait by 25%)");
        }
        return new Delivery(s.integer(p + "max-attempts", 4, 1, 20), first, max, jitter,
                s.integer(p + "claim-lease-seconds", 600, 10, 86_400));
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

    /** Whether a send on this channel whose outcome is unknown may be sent again with the same idempotency key. */
    public boolean idempotent(Channel channel) {
        return switch (channel) {
            case SMS -> sms.idempotent();
            case INAPP -> inapp.idempotent();
            case EMAIL -> false; // SMTP has no idempotency key
        };
    }

    public Breaker breaker(Channel channel) {
        return switch (channel) {
            case SMS -> sms.breaker();
            case EMAIL -> email.breaker();
            case INAPP -> inapp.breaker();
        };
    }
}
