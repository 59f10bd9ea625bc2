package io.kindly.render;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A rendered part tidied: lines stripped at their end, blank runs made one, line breaks as {@code \R} knows them. */
class TidyTest {

    @Test
    void linesAndBlankRuns() {
        assertThat(TemplateRenderer.tidy("  Hello  \n\n\n\nWorld \r\n  second\r\rthird\n")).isEqualTo(
                "Hello\n\nWorld\n  second\n\nthird");
        assertThat(TemplateRenderer.tidy("")).isEmpty();
        assertThat(TemplateRenderer.tidy("one\u2028two\u0085\u0085three")).isEqualTo("one\ntwo\n\nthree");
    }

    @Test
    void givesWhatSplittingOnTheRegularExpressionGave() {
        Random random = new Random(7);
        String alphabet = "ab \t\n\r\u000B\f\u0085\u2028\u2029\u3000x";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            assertThat(TemplateRenderer.tidy(t)).as("%s", t.chars().boxed().toList()).isEqualTo(byRegex(t));
        }
    }

    /** The implementation before: split on {@code \R}. */
    private static String byRegex(String text) {
        String[] lines = text.strip().split("\\R", -1);
        StringBuilder sb = new StringBuilder();
        boolean blank = false;
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                blank = true;
                continue;
            }
            if (sb.length() > 0) {
                sb.append(blank ? "\n\n" : "\n");
            }
            sb.append(line);
            blank = false;
        }
        return sb.toString();
    }
}
