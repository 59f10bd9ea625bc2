package io.kindly.dispatch.presets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loopback imitations of Alibaba Cloud's and Tencent Cloud's SendSms that check the request's signature the way the
 * vendor does (written here from the vendors' documentation, apart from Kindly's code), answer as the vendor does, and
 * fill the registered template with the request's values: {@link #delivered} is the text the borrower's phone shows.
 */
final class CloudSmsImitation {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A message the vendor took: its id, the number, Kindly's reference, and the text it sends. */
    record Taken(String id, String phone, String reference, String text) {
    }

    final String keyId;
    final String secret;
    /** Registered templates by code: Alibaba's with ${name} variables, Tencent's with {1}, {2}, ... */
    final Map<String, String> templates;
    final Map<String, Taken> delivered = new ConcurrentHashMap<>();
    final Set<String> nonces = ConcurrentHashMap.newKeySet();
    final AtomicInteger ids = new AtomicInteger();

    CloudSmsImitation(String keyId, String secret, Map<String, String> templates) {
        this.keyId = keyId;
        this.secret = secret;
        this.templates = templates;
    }

    // ------------------------------------------------------------------------------------------------ Alibaba

    /** dysmsapi SendSms: RPC signature (HMAC-SHA1, key secret + "&") over POST&%2F&<encoded canonical query>. */
    Response aliyun(LoopbackHttpServer.Request r) {
        Map<String, String> form = PresetFixture.form(r.bodyText());
        String signature = form.remove("Signature");
        if (!keyId.equals(form.get("AccessKeyId"))) {
            return Response.json(404, "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}");
        }
        String canonical = new TreeMap<>(form).entrySet().stream()
                .map(e -> pct(e.getKey()) + "=" + pct(e.getValue())).collect(Collectors.joining("&"));
        String expected = Base64.getEncoder().encodeToString(mac("HmacSHA1", (secret + "&").getBytes(StandardCharsets.UTF_8),
                "POST&" + pct("/") + "&" + pct(canonical)));
        if (signature == null || !expected.equals(signature)) {
            return Response.json(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched with our calculation.\"}");
        }
        if (!nonces.add(form.get("SignatureNonce"))
                || Math.abs(Instant.parse(form.get("Timestamp")).getEpochSecond() - Instant.now().getEpochSecond()) > 900
                || !"SendSms".equals(form.get("Action")) || !"2017-05-25".equals(form.get("Version"))) {
            return Response.json(400, "{\"Code\":\"SignatureNonceUsed\",\"Message\":\"replayed, stale or not SendSms\"}");
        }
        String template = templates.get(form.get("TemplateCode"));
        if (template == null) {
            return Response.json(200, "{\"Code\":\"isv.SMS_TEMPLATE_ILLEGAL\",\"Message\":\"unknown template\"}");
        }
        JsonNode values = read(form.get("TemplateParam"));
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(template);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            if (!values.has(m.group(1))) {
                return Response.json(200, "{\"Code\":\"isv.TEMPLATE_MISSING_PARAMETERS\",\"Message\":\"" + m.group(1) + "\"}");
            }
            m.appendReplacement(text, Matcher.quoteReplacement(values.get(m.group(1)).asText()));
        }
        m.appendTail(text);
        String id = ids.incrementAndGet() + "^0";
        delivered.put(id, new Taken(id, form.get("PhoneNumbers"), form.get("OutId"), text.toString()));
        return Response.json(200, "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\","
                + "\"BizId\":\"" + id + "\",\"Code\":\"OK\"}");
    }

    static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    // ------------------------------------------------------------------------------------------------ Tencent

    /** SendSms of API 3.0: TC3-HMAC-SHA256 over the canonical request; errors answered 200 with Response.Error. */
    Response tencent(LoopbackHttpServer.Request r) {
        String auth = r.header("Authorization");
        Matcher a = auth == null ? null : Pattern.compile("TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/sms/"
                + "tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})").matcher(auth);
        if (a == null || !a.matches()) {
            return tencentError("AuthFailure.InvalidAuthorization", "Authorization is malformed");
        }
        if (!keyId.equals(a.group(1))) {
            return tencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found");
        }
        long timestamp = Long.parseLong(r.header("X-TC-Timestamp"));
        if (Math.abs(timestamp - Instant.now().getEpochSecond()) > 300) {
            return tencentError("AuthFailure.SignatureExpire", "expired");
        }
        String date = Instant.ofEpochSecond(timestamp).atZone(ZoneOffset.UTC).toLocalDate().toString();
        StringBuilder headers = new StringBuilder();
        for (String name : a.group(3).split(";")) {
            headers.append(name).append(':').append(r.header(name).strip().toLowerCase()).append('\n');
        }
        String canonical = "POST\n/\n\n" + headers + "\n" + a.group(3) + "\n" + sha256(r.body());
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/sms/tc3_request\n"
                + sha256(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] k = mac("HmacSHA256", ("TC3" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = mac("HmacSHA256", k, "sms");
        k = mac("HmacSHA256", k, "tc3_request");
        if (!a.group(2).equals(date) || !HexFormat.of().formatHex(mac("HmacSHA256", k, toSign)).equals(a.group(4))) {
            return tencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated.");
        }
        if (!"SendSms".equals(r.header("X-TC-Action")) || !"2021-01-11".equals(r.header("X-TC-Version"))) {
            return tencentError("InvalidAction", "not SendSms 2021-01-11");
        }
        JsonNode body = read(r.bodyText());
        String template = templates.get(body.path("TemplateId").asText());
        if (template == null) {
            return tencentError("FailedOperation.TemplateIncorrectOrUnapproved", "unknown template");
        }
        List<String> values = new java.util.ArrayList<>();
        body.path("TemplateParamSet").forEach(v -> values.add(v.asText()));
        Matcher m = Pattern.compile("\\{(\\d+)}").matcher(template);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            if (i > values.size()) {
                return tencentError("InvalidParameterValue.TemplateParameterFormatError", "missing {" + i + "}");
            }
            m.appendReplacement(text, Matcher.quoteReplacement(values.get(i - 1)));
        }
        m.appendTail(text);
        String phone = body.path("PhoneNumberSet").path(0).asText();
        String id = "5000:" + (1045710669157053657L + ids.incrementAndGet());
        delivered.put(id, new Taken(id, phone, body.path("SessionContext").asText(), text.toString()));
        return Response.json(200, "{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"" + id + "\",\"PhoneNumber\":\""
                + phone + "\",\"Fee\":1,\"SessionContext\":\"" + body.path("SessionContext").asText()
                + "\",\"Code\":\"Ok\",\"Message\":\"send success\",\"IsoCode\":\"CN\"}],"
                + "\"RequestId\":\"a0aabda6-cf91-4f3e-a81f-9198114a2279\"}}");
    }

    private static Response tencentError(String code, String message) {
        return Response.json(200, "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message
                + "\"},\"RequestId\":\"b5b41468-520d-4192-b42f-595cc34b6c1c\"}}");
    }

    // ------------------------------------------------------------------------------------------------ both

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static byte[] mac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
