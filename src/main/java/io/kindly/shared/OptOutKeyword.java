package io.kindly.shared;

/**
 * The SMS opt-out keyword (STOP, say) as a word of its own in a message: "nonstop" is not an instruction to reply STOP.
 *
 * <p>What it finds is what the regular expression {@code (?<![A-Za-z0-9])KEYWORD(?![A-Za-z0-9])}, case-insensitive
 * for ASCII letters only, finds ({@code OptOutKeywordTest} compares the two). It is written out because it runs on
 * every SMS, and the expression's look-behind at every position of the message was 3% of Kindly's CPU per message in
 * the profile of issue 9.
 */
public final class OptOutKeyword {
    private final String keyword;

    public OptOutKeyword(String keyword) {
        this.keyword = keyword;
    }

    /** Whether the text has the keyword as a word of its own (the lint of templates asks the same). */
    public boolean foundIn(String text) {
        int last = text.length() - keyword.length();
        for (int i = 0; i <= last; i++) {
            // like the expression, never from the middle of a character written as two (an emoji)
            if (i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i))
                    && Character.isHighSurrogate(text.charAt(i - 1))) {
                continue;
            }
            if (sameAt(text, i) && (i == 0 || !wordChar(text.charAt(i - 1)))
                    && (i == last || !wordChar(text.charAt(i + keyword.length())))) {
                return true;
            }
        }
        return false;
    }

    private boolean sameAt(String text, int from) {
        for (int k = 0; k < keyword.length(); k++) {
            char a = text.charAt(from + k);
            char b = keyword.charAt(k);
            if (a != b && !(asciiLetter(a) && asciiLetter(b) && (a | 0x20) == (b | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean wordChar(char c) {
        return asciiLetter(c) || (c >= '0' && c <= '9');
    }
}
