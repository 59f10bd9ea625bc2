package io.kindly.shared;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsEncodingTest {
    @Test
    void gsm7IsOneSeptetPerOctetWithTheExtensionTableBehindAnEscape() {
        assertThat(SmsEncoding.encode("@A€")).containsExactly(0x00, 0x41, 0x1B, 0x65);
        assertThat(SmsEncoding.decode(SmsEncoding.encode("Pay £5 [now] ~ é"), 0)).isEqualTo("Pay £5 [now] ~ é");
    }

    @Test
    void ucs2IsUtf16BigEndian() {
        assertThat(SmsEncoding.encode("退订")).containsExactly(0x90, 0x00, 0x8B, 0xA2);
        assertThat(SmsEncoding.decode(SmsEncoding.encode("退订"), 8)).isEqualTo("退订");
    }

    @Test
    void partsAreAsManyAsCountedAndNeverCutAnEscapeOrASurrogatePair() {
        String gsm = "x".repeat(152) + "€" + "y".repeat(200);
        List<byte[]> parts = SmsEncoding.parts(gsm);
        assertThat(parts).hasSize(SmsSegments.of(gsm).segments());
        assertThat(parts.get(0)).hasSize(152); // the escape and the € go together into part 2
        assertThat(SmsEncoding.decode(join(parts), 0)).isEqualTo(gsm);

        String ucs2 = "还".repeat(66) + "😀" + "款".repeat(80);
        List<byte[]> uparts = SmsEncoding.parts(ucs2);
        assertThat(uparts).hasSize(SmsSegments.of(ucs2).segments());
        assertThat(uparts.get(0)).hasSize(66 * 2);
        assertThat(SmsEncoding.decode(join(uparts), 8)).isEqualTo(ucs2);
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(p -> out.write(p, 0, p.length));
        return out.toByteArray();
    }
}
