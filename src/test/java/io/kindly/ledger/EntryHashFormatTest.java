package io.kindly.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain hashes are exactly the format README.md publishes ("Verifying the ledger without Kindly"), computed here
 * the way its Python snippet does, independently of {@link EntryHash}'s own encoder: a faster encoder must not change
 * one bit, or every ledger written before it would stop verifying.
 */
class EntryHashFormatTest {

    /** README's {@code canon(kind, fields)}: a string built whole, then encoded and hashed. */
    private static String canon(String kind, String... namesAndValues) throws Exception {
        StringBuilder out = new StringBuilder(kind).append('\n');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            if (value == null) {
                out.append(name).append(":-\n");
            } else {
                out.append(name).append(':').append(value.getBytes(StandardCharsets.UTF_8).length).append(':')
                        .append(value).append('\n');
            }
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static EntryRow row(String body, String bodyHtml, String detail) {
        return new EntryRow(LocalDateTime.of(2026, 11, 30, 9, 5, 7, 123_456_000), "2026-11-30T17:05:07+08:00",
                "Asia/Shanghai", "run-1", "c-1", LocalDate.of(2026, 11, 30), "B-1", "L-1", "due_minus_3", "sms",
                "SENT", null, detail, "+8613800138000", "sms_zh-CN.ftl", "ab".repeat(32), "zh-CN", "", body, bodyHtml,
                "cd".repeat(32), "gw-42", null, "row 7", "CN", null);
    }

    @Test
    void personalAndEntryHashesAreTheReadmeFormat() throws Exception {
        // non-ASCII (3 bytes a character), an empty value, nulls, lengths of one to four digits, a long HTML body
        String body = "您好，您的还款 ¥1,234.00 将于 2026-12-03 到期。回复 退订 可停止提醒。";
        String html = "<p>" + "x".repeat(2_000) + "</p>";
        EntryRow e = row(body, html, "a");
        String salt = "0123456789abcdef0123456789abcdef";

        String personal = EntryHash.personal(salt, e);
        assertThat(personal).isEqualTo(canon("kindly-personal-v1", "salt", salt, "recipient", e.recipient(),
                "subject", "", "body", body, "body_html", html, "detail", "a", "error", null));

        String entry = EntryHash.entry("loan:L-1", 12, EntryHash.GENESIS, e, personal);
        assertThat(entry).isEqualTo(canon("kindly-entry-v1", "chain_id", "loan:L-1", "chain_seq", "12",
                "prev_hash", EntryHash.GENESIS, "recorded_at_utc", "2026-11-30T09:05:07.123456",
                "local_time", e.localTime(), "time_zone", "Asia/Shanghai", "run_id", "run-1", "contact_id", "c-1",
                "business_date", "2026-11-30", "borrower_id", "B-1", "loan_id", "L-1", "stage", "due_minus_3",
                "channel", "sms", "status", "SENT", "reason", null, "template", "sms_zh-CN.ftl",
                "template_hash", e.templateHash(), "locale", "zh-CN", "content_hash", e.contentHash(),
                "gateway_message_id", "gw-42", "source_ref", "row 7", "policy_profile", "CN", "not_before_utc", null,
                "personal_hash", personal));
    }

    @Test
    void everyLengthIsWrittenInDecimal() throws Exception {
        for (int length : new int[] {0, 1, 9, 10, 99, 100, 999, 1_000, 12_345}) {
            String body = "y".repeat(length);
            assertThat(EntryHash.personal("s", row(body, null, null))).as("a body of %d bytes", length)
                    .isEqualTo(canon("kindly-personal-v1", "salt", "s", "recipient", "+8613800138000", "subject", "",
                            "body", body, "body_html", null, "detail", null, "error", null));
        }
    }
}
