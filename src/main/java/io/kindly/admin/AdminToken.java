package io.kindly.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin API's credential: {@code kindly.admin.token} (from the environment, {@code KINDLY_ADMIN_TOKEN}), written
 * {@code name:secret}; the name says who made each change (holds record it as {@code admin:<name>}), the secret, at
 * least 32 characters, is the bearer token. Not set: the API is off and every call is answered 404.
 */
public record AdminToken(String name, String secret) {
    public static final int MIN_SECRET = 32;

    /** @return empty when the API is off; throws IllegalArgumentException when the setting is malformed */
    public static Optional<AdminToken> parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return Optional.empty();
        }
        int colon = setting.indexOf(':');
        if (colon <= 0 || !setting.substring(0, colon).matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("write it name:secret, the name in letters, digits, '.', '_' or '-'"
                    + " (it says who made a change)");
        }
        String secret = setting.substring(colon + 1);
        if (secret.length() < MIN_SECRET) {
            throw new IllegalArgumentException("the secret after the name is too short: use at least " + MIN_SECRET
                    + " characters");
        }
        return Optional.of(new AdminToken(setting.substring(0, colon), secret));
    }

    /** Compares in constant time. */
    boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[" + name + "]"; // never the secret
    }
}
