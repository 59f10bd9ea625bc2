package io.kindly.config;


import java.util.Map;
import java.util.Optional;

/**
 * A known SMS gateway's settings, chosen with {@code kindly.channel.sms.preset}: how Kindly sends to it
 * ({@code kindly.channel.sms.*}) and how it reads what the gateway sends back ({@code kindly.inbound.sms.*}). A preset
 * only supplies defaults: any key the lender sets wins. README.md, "Gateway presets", lists every value and the settings
 * to make on the gateway's side.
 */
public final class GatewayPreset {
    /** The key that chooses a preset. */
    public static final String KEY = "kindly.channel.sms.preset";

    private static final Map<String, Map<String, String>> PRESETS = Map.of(
            // Kannel's sendsms interface: GET with the credentials in the query, answered "0: Accepted for delivery"
            // (202) with no id, so receipts find the message by Kindly's reference in the dlr-url; delivery reports
            // and replies come back as GETs with the fields in the query string, authenticated by a token in the path
            // (Kannel can put a secret only in the URL)
            "kannel", Map.ofEntries(
                    Map.entry("kindly.channel.sms.method", "GET"),
                    Map.entry("kindly.channel.sms.request-template", "_gateway/kannel-sendsms.ftl"),
                    Map.entry("kindly.channel.sms.auth", "none"),
                    Map.entry("kindly.channel.sms.message-id-pointer", ""),
                    Map.entry("kindly.channel.sms.status-pattern", "^\\s*(\\d+):"),
                    // 0: Accepted for delivery; 3: Queued for later delivery (the SMSC is down, Kannel keeps it)
                    Map.entry("kindly.channel.sms.accepted-statuses", "0, 3"),
                    Map.entry("kindly.inbound.sms.auth", "path-token"),
                    Map.entry("kindly.inbound.sms.receipt.message-id", ""),
                    Map.entry("kindly.inbound.sms.receipt.reference", "query:ref"),
                    // %d: 1 delivered to the phone, 2 delivery failure, 4 buffered, 8 accepted by the SMSC, 16 rejected
                    Map.entry("kindly.inbound.sms.receipt.status", "query:status"),
                    Map.entry("kindly.inbound.sms.receipt.error", "query:answer"),
                    Map.entry("kindly.inbound.sms.receipt.delivered", "1"),
                    Map.entry("kindly.inbound.sms.receipt.undelivered", "2|16"),
                    Map.entry("kindly.inbound.sms.reply.from", "query:from"),
                    Map.entry("kindly.inbound.sms.reply.text", "query:text")),
            // Twilio's Messages API: a form POST with basic authentication (account SID, auth token), answered with
            // JSON (sid); status callbacks and incoming messages are form POSTs signed with X-Twilio-Signature
            "twilio", Map.ofEntries(
                    Map.entry("kindly.channel.sms.method", "POST"),
                    Map.entry("kindly.channel.sms.content-type", "application/x-www-form-urlencoded"),
                    Map.entry("kindly.channel.sms.request-template", "_gateway/twilio-messages.ftl"),
                    Map.entry("kindly.channel.sms.auth", "basic"),
                    Map.entry("kindly.channel.sms.message-id-pointer", "/sid"),
                    Map.entry("kindly.inbound.sms.auth", "twilio"),
                    Map.entry("kindly.inbound.sms.receipt.message-id", "/MessageSid"),
                    Map.entry("kindly.inbound.sms.receipt.reference", "query:ref"),
                    Map.entry("kindly.inbound.sms.receipt.status", "/MessageStatus"),
                    Map.entry("kindly.inbound.sms.receipt.error", "/ErrorCode"),
                    Map.entry("kindly.inbound.sms.receipt.delivered", "delivered"),
                    Map.entry("kindly.inbound.sms.receipt.undelivered", "undelivered|failed"),
                    Map.entry("kindly.inbound.sms.reply.from", "/From"),
                    Map.entry("kindly.inbound.sms.reply.text", "/Body")),
            // Vonage's SMS API: a form POST with api_key and api_secret in the body, answered with JSON whose
            // messages[0].status is "0" when accepted; delivery receipts and inbound messages by GET (or POST) to
            // webhooks, authenticated by a token in the path
            "vonage", Map.ofEntries(
                    Map.entry("kindly.channel.sms.method", "POST"),
                    Map.entry("kindly.channel.sms.content-type", "application/x-www-form-urlencoded"),
                    Map.entry("kindly.channel.sms.request-template", "_gateway/vonage-sms.ftl"),
                    Map.entry("kindly.channel.sms.auth", "none"),
                    Map.entry("kindly.channel.sms.message-id-pointer", "/messages/0/message-id"),
                    Map.entry("kindly.channel.sms.status-pointer", "/messages/0/status"),
                    Map.entry("kindly.channel.sms.accepted-statuses", "0"),
                    // 1: throttled
                    Map.entry("kindly.channel.sms.retry-statuses", "1"),
                    Map.entry("kindly.inbound.sms.auth", "path-token"),
                    Map.entry("kindly.inbound.sms.receipt.message-id", "/messageId"),
                    Map.entry("kindly.inbound.sms.receipt.reference", "/client-ref"),
                    Map.entry("kindly.inbound.sms.receipt.status", "/status"),
                    Map.entry("kindly.inbound.sms.receipt.error", "/err-code"),
                    Map.entry("kindly.inbound.sms.receipt.delivered", "delivered"),
                    Map.entry("kindly.inbound.sms.receipt.undelivered", "failed|rejected|expired"),
                    Map.entry("kindly.inbound.sms.reply.from", "/msisdn"),
                    Map.entry("kindly.inbound.sms.reply.text", "/text")),
            // Alibaba Cloud SMS (template mode): SendSms, a signed form POST naming a registered template, its
            // values in TemplateParam (io.kindly.dispatch.AliyunSms builds, signs and reads it); receipts (SmsReport)
            // and replies (SmsUp) are pushed as JSON arrays to the token paths
            "aliyun", Map.ofEntries(
                    Map.entry("kindly.channel.sms.method", "POST"),
                    Map.entry("kindly.channel.sms.content-type", "application/x-www-form-urlencoded"),
                    Map.entry("kindly.channel.sms.auth", "none"),
                    Map.entry("kindly.inbound.sms.auth", "path-token"),
                    Map.entry("kindly.inbound.sms.receipt.message-id", "/biz_id"),
                    Map.entry("kindly.inbound.sms.receipt.reference", "/out_id"),
                    Map.entry("kindly.inbound.sms.receipt.status", "/err_code"),
                    Map.entry("kindly.inbound.sms.receipt.error", "/err_msg"),
                    Map.entry("kindly.inbound.sms.receipt.delivered", "DELIVERED"),
                    Map.entry("kindly.inbound.sms.receipt.undelivered", "(?!DELIVERED$).+"),
                    Map.entry("kindly.inbound.sms.reply.from", "/phone_number"),
                    Map.entry("kindly.inbound.sms.reply.text", "/content")),
            // Tencent Cloud SMS (template mode): SendSms of API 3.0, a JSON POST signed with TC3-HMAC-SHA256, naming a
            // registered template, its values in TemplateParamSet (io.kindly.dispatch.TencentSms); status reports and
            // replies are pushed as JSON arrays to the token paths
            "tencent", Map.ofEntries(
                    Map.entry("kindly.channel.sms.method", "POST"),
                    Map.entry("kindly.channel.sms.content-type", "application/json; charset=utf-8"),
                    Map.entry("kindly.channel.sms.auth", "none"),
                    Map.entry("kindly.inbound.sms.auth", "path-token"),
                    Map.entry("kindly.inbound.sms.receipt.message-id", "/sid"),
                    Map.entry("kindly.inbound.sms.receipt.reference", ""),
                    Map.entry("kindly.inbound.sms.receipt.status", "/report_status"),
                    Map.entry("kindly.inbound.sms.receipt.error", "/errmsg"),
                    Map.entry("kindly.inbound.sms.receipt.delivered", "SUCCESS"),
                    Map.entry("kindly.inbound.sms.receipt.undelivered", "FAIL"),
                    Map.entry("kindly.inbound.sms.reply.from", "/mobile"),
                    Map.entry("kindly.inbound.sms.reply.text", "/text")));

    private GatewayPreset() {
    }

    /** The names of the shipped presets. */
    public static java.util.Set<String> names() {
        return PRESETS.keySet();
    }

    /** The preset chosen, or none; an unknown name is a configuration problem. */
    public static Optional<String> chosen(Settings s) {
        Optional<String> name = s.optional(KEY).map(v -> v.toLowerCase(java.util.Locale.ROOT));
        if (name.isPresent() && !PRESETS.containsKey(name.get())) {
            s.problem(KEY, "'" + name.get() + "' is not a preset: use one of " + new java.util.TreeSet<>(PRESETS.keySet())
                    + ", or leave it unset and describe the gateway with kindly.channel.sms.*");
            return Optional.empty();
        }
        return name;
    }

    /**
     * A setting's value: the lender's, else the chosen preset's, else {@code fallback}. A preset's empty value means
     * "not used by this gateway" and overrides the fallback.
     */
    public static String string(Settings s, String key, String fallback) {
        Optional<String> own = s.optional(key);
        if (own.isPresent()) {
            return own.get();
        }
        Map<String, String> preset = s.optional(KEY).map(v -> PRESETS.get(v.toLowerCase(java.util.Locale.ROOT)))
                .orElse(null);
        return preset != null && preset.containsKey(key) ? preset.get(key) : fallback;
    }

    /** A list setting (comma-separated), the lender's, else the preset's, else {@code fallback}. */
    public static java.util.List<String> list(Settings s, String key, java.util.List<String> fallback) {
        String v = string(s, key, null);
        return v == null ? fallback : java.util.Arrays.stream(v.split(",")).map(String::strip)
                .filter(x -> !x.isEmpty()).toList();
    }
}
