package io.kindly.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A template-mode SMS API (Alibaba Cloud, Tencent Cloud): the request names a template the lender registered with the
 * vendor and carries its variables' values, instead of the text; it is signed with the vendor's own algorithm over the
 * exact request. {@link SmsGateway} uses one in place of a request template when the preset is {@code aliyun} or
 * {@code tencent}.
 */
interface CloudSms {
    ObjectMapper JSON = new ObjectMapper();

    /**
     * One message to send.
     *
     * @param to        E.164, with its +
     * @param reference Kindly's id for the message, which the vendor echoes in receipts
     * @param values    the registered template's variables, in the copy's order
     */
    record Send(String to, String reference, String signName, String templateCode, Map<String, String> values) {
    }

    /** Sets the signed request: body and headers (the route's endpoint is the vendor's URL). */
    void prepare(Message out, Send send) throws GatewayAnswerException;

    /** The vendor's id for the message from its answer, or the refusal in the answer, thrown. */
    String read(String answer) throws GatewayAnswerException;

    /**
     * Whether an HTTP error's body is a template-mode vendor refusing Kindly's credentials (Alibaba answers a wrong
     * signature with HTTP 400 {@code SignatureDoesNotMatch}): a channel-level refusal, not the message's.
     */
    static boolean refusesCredentials(String errorBody) {
        JsonNode json = json(errorBody);
        return startsWithAny(text(json, "/Code"), AliyunSms.CREDENTIALS)
                || startsWithAny(text(json, "/Response/Error/Code"), TencentSms.CREDENTIALS);
    }

    static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    static String text(JsonNode node, String pointer) {
        JsonNode n = node.at(pointer);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JRE", e);
        }
    }

    static String sha256Hex(String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A status that starts with one of these prefixes. */
    static boolean startsWithAny(String status, Set<String> prefixes) {
        return status != null && prefixes.stream().anyMatch(status::startsWith);
    }
}
