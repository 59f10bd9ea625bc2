package io.kindly.shared;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SMS parts as a phone network counts them (3GPP TS 23.038 alphabet, 23.040 concatenation headers). */
class SmsSegmentsTest {
    @ParameterizedTest(name = "{0} x {1} -> {3} {4}")
    @CsvSource({
        // character, repeated, gsm7, units, segments
        "a, 160, true, 160, 1",
        "a, 161, true, 161, 2",
        "a, 306, true, 306, 2",
        "a, 307, true, 307, 3",
        "€, 80, true, 160, 1", // an extension character costs two septets
        "€, 81, true, 162, 2",
        "é, 160, true, 160, 1", // é is in the GSM alphabet
        "ê, 70, false, 70, 1", // ê is not: the whole text goes as UCS-2
        "ê, 71, false, 71, 2",
        "还, 70, false, 70, 1",
        "还, 71, false, 71, 2",
        "还, 134, false, 134, 2",
        "还, 135, false, 135, 3",
    })
    void countsSegments(String c, int times, boolean gsm7, int units, int segments) {
        SmsSegments s = SmsSegments.of(c.repeat(times));
        assertThat(s.gsm7()).isEqualTo(gsm7);
        assertThat(s.units()).isEqualTo(units);
        assertThat(s.segments()).isEqualTo(segments);
    }

    @org.junit.jupiter.api.Test
    void oneEmojiTurnsAnEnglishTextIntoUcs2() {
        assertThat(SmsSegments.of("a".repeat(100) + "🙂").segments()).isEqualTo(2); // 102 UTF-16 units
        assertThat(SmsSegments.of("a".repeat(100)).segments()).isEqualTo(1);
    }
}
