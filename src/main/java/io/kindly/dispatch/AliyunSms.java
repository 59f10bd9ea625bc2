package io.kindly.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud SMS, SendSms (dysmsapi, version 2017-05-25): an RPC-style request, the form POSTed with its
 * AccessKeyId and signed with HMAC-SHA1 keyed with the AccessKey secret followed by {@code &}, over
 * {@code POST&%2F&<the percent-encoded, sorted, percent-encoded parameters>} (Alibaba Cloud's "signature version
 * 1.0"). The answer is JSON: {@code Code} {@code OK} and the message's {@code BizId}, or a refusal code.
 */
final class AliyunSms implements CloudSms {
    /** Refusals of Kindly's credentials or account: the channel's, not the message's. */
    static final Set<String> CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "IncompleteSignature", "Forbidden", "isv.ACCOUNT_NOT_EXISTS", "isv.ACCOUNT_ABNORMAL",
            "isv.SMS_SIGNATURE_ILLEGAL", "isv.SMS_SIGN_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.AMOUNT_NOT_ENOUGH",
            "isv.OUT_OF_SERVICE");
    /** "Not now": flow control and the vendor's own faults. */
    private static final Set<String> LATER = Set.of("isv.BUSINESS_LIMIT_CONTROL", "isp.", "Throttling",
            "ServiceUnavailable", "InternalError");

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String regionId;
    private final Clock clock;

    AliyunSms(String accessKeyId, String accessKeySecret, String regionId, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.regionId = regionId;
        this.clock = clock;
    }

    @Override
    public void prepare(Message out, Send send) throws GatewayAnswerException {
        Map<String, String> p = new TreeMap<>();
        p.put("AccessKeyId", accessKeyId);
        p.put("Action", "SendSms");
        p.put("Format", "JSON");
        p.put("RegionId", regionId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("SignatureVersion", "1.0");
        p.put("Timestamp", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("Version", "2017-05-25");
        // the number with its country code and without the +, as Alibaba takes numbers in and out of mainland China
        p.put("PhoneNumbers", send.to().replace("+", ""));
        p.put("SignName", send.signName());
        p.put("TemplateCode", send.templateCode());
        try {
            p.put("TemplateParam", JSON.writeValueAsString(send.values()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
        p.put("OutId", send.reference());
        String query = p.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        p.put("Signature", signature(accessKeySecret, "POST", query));
        out.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        out.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=UTF-8");
        out.setBody(p.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    /** Alibaba Cloud's RPC signature over the canonical (sorted, percent-encoded) query. */
    static String signature(String secret, String method, String canonicalQuery) {
        String toSign = method + "&" + encode("/") + "&" + encode(canonicalQuery);
        return Base64.getEncoder().encodeToString(CloudSms.hmac("HmacSHA1",
                (secret + "&").getBytes(StandardCharsets.UTF_8), toSign));
    }

    /** RFC 3986 percent-encoding, as Alibaba Cloud signs: space is %20, * is %2A, ~ stays. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    @Override
    public String read(String answer) throws GatewayAnswerException {
        JsonNode json = CloudSms.json(answer);
        String code = CloudSms.text(json, "/Code");
        if ("OK".equals(code)) {
            return CloudSms.text(json, "/BizId");
        }
        throw new GatewayAnswerException(code, CloudSms.startsWithAny(code, LATER), answer,
                CloudSms.startsWithAny(code, CREDENTIALS));
    }
}
