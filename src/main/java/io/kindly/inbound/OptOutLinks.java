package io.kindly.inbound;

import io.kindly.shared.WebhookSignature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The link in every message that stops the borrower's reminders on that channel at that address: one click (RFC 8058)
 * from an email client, or a page with a button from a browser.
 *
 * <p>The link carries the message's contact id and a signature over it, so it cannot be guessed or altered to stop
 * someone else's reminders, and it needs no database row of its own.
 */
public final class OptOutLinks {
    static final String PATH = "/optout/";
    private static final int SIGNATURE_CHARS = 32;

    private final String publicUrl;
    private final String secret;

    public OptOutLinks(InboundSettings settings) {
        this.publicUrl = settings.publicUrl();
        this.secret = settings.secret();
    }

    /** The link for one message. */
    public String linkFor(String contactId) {
        return publicUrl + PATH + token(contactId);
    }

    /** Every link starts with this; the policy counts it as an opt-out notice. */
    public String prefix() {
        return publicUrl + PATH;
    }

    String token(String contactId) {
        return contactId + "." + signature(contactId);
    }

    /** The contact id a token was made for, if the token is genuine. */
    Optional<String> contactOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        String contactId = token.substring(0, dot);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = signature(contactId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? Optional.of(contactId) : Optional.empty();
    }

    private String signature(String contactId) {
        String hex = WebhookSignature.sign(secret, ("optout|" + contactId).getBytes(StandardCharsets.UTF_8))
                .substring(WebhookSignature.PREFIX.length());
        return hex.substring(0, SIGNATURE_CHARS);
    }
}
