package io.kindly.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * How a ledger entry is sealed into its loan's hash chain (format v1). Written down in README.md ("Verifying the
 * ledger without Kindly") so that anyone can recompute it; never change it, add a v2 beside it.
 *
 * <p>Each field is written as {@code name:-\n} when null, else {@code name:<UTF-8 byte length>:<value>\n}: no escaping,
 * no ambiguity. Times are {@code yyyy-MM-ddTHH:mm:ss.SSSSSS} (UTC), dates {@code yyyy-MM-dd}.
 * <ul>
 *   <li>{@code personal_hash} = SHA-256 of {@code kindly-personal-v1\n} then salt, recipient, subject, body,
 *   body_html, detail, error. The salt (16 random bytes, hex) is erased with those fields, so what is left after
 *   retention cannot be guessed back from a phone number.</li>
 *   <li>{@code entry_hash} = SHA-256 of {@code kindly-entry-v1\n} then chain_id, chain_seq, prev_hash and every other
 *   column of the entry in table order, ending with personal_hash. prev_hash is the entry_hash of the chain's
 *   previous entry, or 64 zeros for its first.</li>
 * </ul>
 * One chain per loan: a loan's entries are written under its chain row's lock (kindly_ledger_chain), which queues the
 * writers of one loan and no one else.
 */
public final class EntryHash {
    public static final String GENESIS = "0".repeat(64);
    public static final String NO_LOAN_CHAIN = "rows-without-loan";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final SecureRandom RANDOM = new SecureRandom();

    private EntryHash() {
    }

    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    public static String personal(String salt, EntryRow e) {
        Canonical c = new Canonical("kindly-personal-v1");
        c.field("salt", salt).field("recipient", e.recipient()).field("subject", e.subject()).field("body", e.body())
                .field("body_html", e.bodyHtml()).field("detail", e.detail()).field("error", e.error());
        return c.sha256();
    }

    public static String entry(String chainId, long seq, String prevHash, EntryRow e, String personalHash) {
        Canonical c = new Canonical("kindly-entry-v1");
        c.field("chain_id", chainId).field("chain_seq", Long.toString(seq)).field("prev_hash", prevHash)
                .field("recorded_at_utc", time(e.recordedAt())).field("local_time", e.localTime())
                .field("time_zone", e.timeZone()).field("run_id", e.runId()).field("contact_id", e.contactId())
                .field("business_date", date(e.businessDate())).field("borrower_id", e.borrowerId())
                .field("loan_id", e.loanId()).field("stage", e.stage()).field("channel", e.channel())
                .field("status", e.status()).field("reason", e.reason()).field("template", e.template())
                .field("template_hash", e.templateHash()).field("locale", e.locale())
                .field("content_hash", e.contentHash()).field("gateway_message_id", e.gatewayMessageId())
                .field("source_ref", e.sourceRef()).field("policy_profile", e.policyProfile())
                .field("not_before_utc", time(e.notBefore())).field("personal_hash", personalHash);
        return c.sha256();
    }

    static String time(LocalDateTime t) {
        return t == null ? null : t.format(TIME);
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The length-prefixed text a hash is taken over, written into a plain byte array: each value is encoded to UTF-8
     * once (its length is that of its bytes), and nothing is synchronised per byte (a ByteArrayOutputStream written
     * byte by byte was most of the hashing's cost in issue 9's profile).
     */
    private static final class Canonical {
        private byte[] text = new byte[1024];
        private int size;

        Canonical(String kind) {
            ascii(kind);
            put((byte) '\n');
        }

        Canonical field(String name, String value) {
            ascii(name);
            put((byte) ':');
            if (value == null) {
                put((byte) '-');
            } else {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                digits(bytes.length);
                put((byte) ':');
                room(bytes.length);
                System.arraycopy(bytes, 0, text, size, bytes.length);
                size += bytes.length;
            }
            put((byte) '\n');
            return this;
        }

        /** Field names and kinds are ASCII: one byte per character. */
        private void ascii(String ascii) {
            room(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                text[size++] = (byte) ascii.charAt(i);
            }
        }

        /** A length in decimal ASCII digits, as Integer.toString writes it. */
        private void digits(int n) {
            int width = 1;
            for (int rest = n / 10; rest > 0; rest /= 10) {
                width++;
            }
            room(width);
            for (int i = size + width - 1; i >= size; i--) {
                text[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += width;
        }

        private void put(byte b) {
            room(1);
            text[size++] = b;
        }

        private void room(int more) {
            if (size + more > text.length) {
                text = java.util.Arrays.copyOf(text, Math.max(text.length * 2, size + more));
            }
        }

        String sha256() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(text, 0, size);
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
