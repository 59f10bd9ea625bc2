package io.kindly.inbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the account's auth token,
 * over the full URL Twilio called followed by each POST field's name and value, sorted by name. Twilio cannot sign
 * Kindly's way, so its callbacks are checked its own way.
 */
final class TwilioSignature {
    private TwilioSignature() {
    }

    static String of(String authToken, String url, Map<String, String> formFields) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(formFields).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
