package io.kindly.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a contact's id is made from its business key (loan, stage, channel, business date): HMAC-SHA256 under
 * {@code kindly.contact-id-secret}, the first 16 bytes in hex after {@code k1-}. The id is the message's idempotency key
 * and goes outside in the email's Message-ID, the gateway's reference and the unsubscribe link, so it must say
 * nothing about the loan: a plain hash of the business key could be guessed back from a Message-ID and its Date in a
 * few thousand tries. Keyed, it stays the same on every node, retry and restart that shares the secret, which is all
 * the claims, the recovery and the gateways' de-duplication need.
 *
 * <p>The key is set once at start-up ({@link #useSecret}), before anything plans a contact: every part of Kindly
 * that makes a contact (the planner, the deferred release, the preview, lint) must make the same id for the same
 * business key, so it is held here rather than handed to each. A contact read back from the ledger keeps the id
 * stored there ({@link Contact#resumed}), so ids made under an earlier key stay valid.
 */
public final class ContactIds {
    /** Used until start-up sets the configured secret: by unit tests, and by lint's sample contacts. */
    private static volatile ContactIds current = new ContactIds("kindly-contact-ids-unconfigured");

    private final SecretKeySpec key;

    public ContactIds(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Start-up: contacts planned from now on get ids keyed with this secret. */
    public static void useSecret(String secret) {
        current = new ContactIds(secret);
    }

    public static String of(String loanId, String stage, Channel channel, LocalDate businessDate) {
        return current.idFor(loanId, stage, channel, businessDate);
    }

    public String idFor(String loanId, String stage, Channel channel, LocalDate businessDate) {
        String businessKey = loanId + '\u001f' + stage + '\u001f' + channel.id() + '\u001f' + businessDate;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(businessKey.getBytes(StandardCharsets.UTF_8));
            return "k1-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
