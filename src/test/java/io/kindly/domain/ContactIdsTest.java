package io.kindly.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Contact ids are keyed: stable under one secret, unrelated under another, and not the plain hash they used to be. */
class ContactIdsTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    @Test
    void theSameBusinessKeyGetsTheSameIdUnderOneSecretAndAnotherUnderAnother() {
        ContactIds lender = new ContactIds("lender-secret-0123456789");
        String id = lender.idFor("L2000123", "before-3", Channel.EMAIL, DATE);
        assertThat(id).matches("k1-[0-9a-f]{32}")
                .isEqualTo(new ContactIds("lender-secret-0123456789").idFor("L2000123", "before-3", Channel.EMAIL, DATE))
                .isNotEqualTo(new ContactIds("another-secret-0123456789").idFor("L2000123", "before-3", Channel.EMAIL,
                        DATE))
                .isNotEqualTo(lender.idFor("L2000124", "before-3", Channel.EMAIL, DATE));
    }

    /** What the issue measured: the old id was SHA-256 of the business key, so it could be guessed back. */
    @Test
    void theIdIsNotThePlainHashOfTheBusinessKey() throws Exception {
        String key = "L2000123\u001fbefore-3\u001femail\u001f" + DATE;
        String plain = "k1-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
        assertThat(new ContactIds("lender-secret-0123456789").idFor("L2000123", "before-3", Channel.EMAIL, DATE))
                .isNotEqualTo(plain);
        assertThat(Contact.idFor("L2000123", "before-3", Channel.EMAIL, DATE)).isNotEqualTo(plain);
    }
}
