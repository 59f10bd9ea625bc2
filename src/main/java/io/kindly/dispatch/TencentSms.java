package io.kindly.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;

/**
 * Tencent Cloud SMS, SendSms (API 3.0, version 2021-01-11): a JSON POST signed with TC3-HMAC-SHA256 (the canonical
 * request over the content-type and host headers and the body's SHA-256; the key derived from {@code "TC3" + SecretKey}
 * through the UTC date, the service {@code sms} and {@code tc3_request}). The answer is JSON:
 * {@code Response.SendStatusSet[0].Code} {@code Ok} with its {@code SerialNo}, or {@code Response.Error} for a refused
 * request.
 */
final class TencentSms implements CloudSms {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** Refusals of Kindly's credentials or account: the channel's, not the message's. */
    static final Set<String> CREDENTIALS = Set.of("AuthFailure", "UnauthorizedOperation",
            "FailedOperation.SignatureIncorrectOrUnapproved", "FailedOperation.TemplateIncorrectOrUnapproved",
            "FailedOperation.InsufficientBalanceInSmsPackage", "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber");
    /** "Not now": rate limits and the vendor's own faults. */
    private static final Set<String> LATER = Set.of("RequestLimitExceeded", "LimitExceeded.DeliveryFrequencyLimit",
            "LimitExceeded.PhoneNumberThirtySecondLimit", "InternalError", "FailedOperation.ContainSensitiveWord.Retry");

    private final String secretId;
    private final String secretKey;
    private final String appId;
    private final String region;
    private final String host;
    private final Clock clock;

    /** @param url the endpoint, whose host (and port) is signed as the Host header */
    TencentSms(String secretId, String secretKey, String appId, String region, URI url, Clock clock) {
        this.secretId = secretId;
        this.secretKey = secretKey;
        this.appId = appId;
        this.region = region;
        this.host = url == null ? "" : url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.clock = clock;
    }

    @Override
    public void prepare(Message out, Send send) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("PhoneNumberSet").add(send.to());
        body.put("SmsSdkAppId", appId);
        body.put("SignName", send.signName());
        body.put("TemplateId", send.templateCode());
        ArrayNode values = body.putArray("TemplateParamSet");
        send.values().values().forEach(values::add);
        body.put("SessionContext", send.reference());
        String payload;
        try {
            payload = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always JSON", e);
        }
        long timestamp = clock.instant().getEpochSecond();
        out.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        out.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        out.setHeader("X-TC-Action", "SendSms");
        out.setHeader("X-TC-Version", "2021-01-11");
        out.setHeader("X-TC-Region", region);
        out.setHeader("X-TC-Timestamp", String.valueOf(timestamp));
        out.setHeader("Authorization", authorization(secretId, secretKey, host, CONTENT_TYPE, payload, timestamp));
        out.setBody(payload);
    }

    /** The Authorization header of TC3-HMAC-SHA256 for a POST to / with these headers and body. */
    static String authorization(String secretId, String secretKey, String host, String contentType, String payload,
            long timestamp) {
        String date = java.time.Instant.ofEpochSecond(timestamp).atZone(ZoneOffset.UTC).toLocalDate().toString();
        String scope = date + "/sms/tc3_request";
        // header names and values lower-cased and trimmed, as Tencent canonicalises them
        String canonical = "POST\n/\n\ncontent-type:" + contentType.strip().toLowerCase(java.util.Locale.ROOT)
                + "\nhost:" + host.strip().toLowerCase(java.util.Locale.ROOT) + "\n\ncontent-type;host\n"
                + CloudSms.sha256Hex(payload);
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + CloudSms.sha256Hex(canonical);
        byte[] key = CloudSms.hmac("HmacSHA256", ("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = CloudSms.hmac("HmacSHA256", key, "sms");
        key = CloudSms.hmac("HmacSHA256", key, "tc3_request");
        String signature = HexFormat.of().formatHex(CloudSms.hmac("HmacSHA256", key, toSign));
        return "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope + ", SignedHeaders=content-type;host, Signature="
                + signature;
    }

    @Override
    public String read(String answer) throws GatewayAnswerException {
        JsonNode json = CloudSms.json(answer);
        String error = CloudSms.text(json, "/Response/Error/Code");
        String code = error != null ? error : CloudSms.text(json, "/Response/SendStatusSet/0/Code");
        if (error == null && "Ok".equals(code)) {
            return CloudSms.text(json, "/Response/SendStatusSet/0/SerialNo");
        }
        throw new GatewayAnswerException(code, CloudSms.startsWithAny(code, LATER), answer,
                CloudSms.startsWithAny(code, CREDENTIALS));
    }
}
