package io.kindly.shared;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The SMS opt-out keyword is found as a word of its own, exactly where the regular expression it replaces finds it. */
class OptOutKeywordTest {

    @Test
    void aWordOfItsOwnInAnyAsciiCase() {
        OptOutKeyword stop = new OptOutKeyword("STOP");
        assertThat(stop.foundIn("Reply STOP to opt out.")).isTrue();
        assertThat(stop.foundIn("reply stop")).isTrue();
        assertThat(stop.foundIn("STOP")).isTrue();
        assertThat(stop.foundIn("(Stop)")).isTrue();
        assertThat(stop.foundIn("回复STOP退订")).isTrue();
        assertThat(stop.foundIn("nonstop payments")).isFalse();
        assertThat(stop.foundIn("STOP1")).isFalse();
        assertThat(stop.foundIn("STO")).isFalse();
        assertThat(stop.foundIn("")).isFalse();
        assertThat(new OptOutKeyword("退订").foundIn("回复 退订 即可")).isTrue();
    }

    @Test
    void findsWhatTheRegularExpressionFinds() {
        Random random = new Random(9);
        String alphabet = "sStToOpPxX1 _-.\n退订éÉ\uD83D\uDE00";
        for (String keyword : List.of("STOP", "stop", "TD", "退订", "Stop-1", "x", "")) {
            Pattern regex = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(keyword) + "(?![A-Za-z0-9])",
                    Pattern.CASE_INSENSITIVE);
            OptOutKeyword written = new OptOutKeyword(keyword);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(14);
                for (int k = 0; k < length; k++) {
                    if (random.nextInt(6) == 0) {
                        text.append(keyword);
                    } else {
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                String t = text.toString();
                assertThat(written.foundIn(t)).as("keyword '%s' in '%s'", keyword, t)
                        .isEqualTo(regex.matcher(t).find());
            }
        }
    }
}
