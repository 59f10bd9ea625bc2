package io.kindly.lint;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Text as a rule reads it, with the disguises a collector uses against a word list taken off: full-width forms, case,
 * accents, look-alike Cyrillic and Greek letters, digits for letters ({@code arr3st}, {@code p0lice}), invisible
 * characters, letters spread out ({@code a r r e s t}, {@code P.O.L.I.C.E}), symbols between Chinese characters
 * ({@code 逮．捕}), and Traditional characters (read as Simplified). Each character remembers where in the source it
 * came from, so a finding still names the line.
 */
record NormalText(String text, int[] origins) {
    /** Cyrillic and Greek letters that look like Latin ones. */
    private static final Map<Character, Character> HOMOGLYPHS = Map.ofEntries(
            Map.entry('а', 'a'), Map.entry('в', 'b'), Map.entry('е', 'e'), Map.entry('ё', 'e'), Map.entry('к', 'k'),
            Map.entry('м', 'm'), Map.entry('н', 'h'), Map.entry('о', 'o'), Map.entry('р', 'p'), Map.entry('с', 'c'),
            Map.entry('т', 't'), Map.entry('у', 'y'), Map.entry('х', 'x'), Map.entry('і', 'i'), Map.entry('ј', 'j'),
            Map.entry('ѕ', 's'), Map.entry('ԁ', 'd'), Map.entry('ɡ', 'g'), Map.entry('α', 'a'), Map.entry('β', 'b'),
            Map.entry('ε', 'e'), Map.entry('η', 'n'), Map.entry('ι', 'i'), Map.entry('κ', 'k'), Map.entry('ν', 'v'),
            Map.entry('ο', 'o'), Map.entry('ρ', 'p'), Map.entry('τ', 't'), Map.entry('υ', 'u'), Map.entry('χ', 'x'),
            Map.entry('ı', 'i'), Map.entry('ℓ', 'l'));
    /** Digits and symbols written for letters, read as letters only inside a word that has letters. */
    private static final Map<Character, Character> LEET = Map.of('0', 'o', '1', 'i', '3', 'e', '4', 'a', '5', 's',
            '7', 't', '@', 'a', '$', 's');

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{Mn}+");

    static NormalText of(String visible) {
        NormalText t = fold(visible);
        t = t.leet();
        t = t.joinSpreadLetters();
        t = t.joinChinese();
        return t.simplified();
    }

    // ------------------------------------------------------------------------------------------- character folding

    private static NormalText fold(String s) {
        Builder b = new Builder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (isInWordDot(s, i, b)) {
                // "ch.arge", "pri_son": a mark inside a word is a disguise; "paid.Thank you" keeps its full stop
            } else if (cp < 0x80) {
                b.add(Character.toLowerCase((char) cp), i);
            } else if (Character.getType(cp) != Character.FORMAT) { // zero-width spaces, soft hyphens: invisible
                String f = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)
                        .toLowerCase(Locale.ROOT);
                f = MARKS.matcher(Normalizer.normalize(f, Normalizer.Form.NFD)).replaceAll("");
                for (int k = 0; k < f.length(); k++) {
                    char c = f.charAt(k);
                    c = c == '\u2019' || c == '\u2018' || c == '\u02bc' || c == '`' ? '\'' : c;
                    b.add(HOMOGLYPHS.getOrDefault(c, c), i);
                }
            }
            i += n;
        }
        return b.build();
    }

    private static boolean isInWordDot(String s, int i, Builder folded) {
        char c = s.charAt(i);
        return ".·•*_".indexOf(c) >= 0 && folded.length() > 0 && isLatin(folded.charAt(folded.length() - 1))
                && i + 1 < s.length() && s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z';
    }

    private NormalText leet() {
        char[] c = text.toCharArray();
        int i = 0;
        while (i < c.length) {
            if (!isWordish(c[i])) {
                i++;
                continue;
            }
            int j = i;
            boolean letter = false;
            boolean digit = false;
            while (j < c.length && isWordish(c[j])) {
                letter |= c[j] >= 'a' && c[j] <= 'z';
                digit |= LEET.containsKey(c[j]);
                j++;
            }
            // "$15" and "24" stay numbers; "arr3st" and "p0l1ce" are words
            if (letter && digit && j - i >= 3) {
                for (int k = i; k < j; k++) {
                    c[k] = LEET.getOrDefault(c[k], c[k]);
                }
            }
            i = j;
        }
        return new NormalText(new String(c), origins);
    }

    private static boolean isWordish(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '@' || c == '$';
    }

    /** Three or more single letters with only spaces or symbols between them are one word: a r r e s t. */
    private NormalText joinSpreadLetters() {
        Builder b = new Builder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = spreadRun(i);
            if (end > 0) {
                for (int k = i; k < end; k++) {
                    if (isLatin(text.charAt(k))) {
                        b.add(text.charAt(k), origins[k]);
                    }
                }
                i = end;
            } else {
                b.add(text.charAt(i), origins[i]);
                i++;
            }
        }
        return b.build();
    }

    /** The end of a run of spread-out letters starting at {@code i}, or -1. */
    private int spreadRun(int i) {
        if (!isolatedLetter(i)) {
            return -1;
        }
        int count = 1;
        int last = i;
        int k = i + 1;
        while (k < text.length()) {
            int next = k;
            while (next < text.length() && next - last <= 3 && isSpreader(text.charAt(next))) {
                next++;
            }
            if (next == k || next >= text.length() || !isolatedLetter(next)) {
                break;
            }
            last = next;
            count++;
            k = next + 1;
        }
        return count >= 3 ? last + 1 : -1;
    }

    private boolean isolatedLetter(int i) {
        return isLatin(text.charAt(i)) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                && (i + 1 >= text.length() || !Character.isLetterOrDigit(text.charAt(i + 1)));
    }

    private static boolean isSpreader(char c) {
        return c != '\n' && !Character.isLetterOrDigit(c);
    }

    /** Spaces or symbols between two Chinese characters are a disguise (逮 捕, 逮．捕), except clause punctuation. */
    private NormalText joinChinese() {
        Builder b = new Builder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isHan(c) && !Character.isLetterOrDigit(c) && !isClausePunctuation(c) && c != '\n') {
                int prev = b.length() - 1;
                int next = i;
                while (next < text.length() && next - i < 3 && !isHan(text.charAt(next))
                        && !Character.isLetterOrDigit(text.charAt(next)) && !isClausePunctuation(text.charAt(next))
                        && text.charAt(next) != '\n') {
                    next++;
                }
                if (prev >= 0 && isHan(b.charAt(prev)) && next < text.length() && isHan(text.charAt(next))) {
                    i = next - 1;
                    continue;
                }
            }
            b.add(c, origins[i]);
        }
        return b.build();
    }

    private NormalText simplified() {
        Builder b = new Builder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (!isHan(text.charAt(i))) {
                b.add(text.charAt(i), origins[i]);
                i++;
                continue;
            }
            int j = i;
            while (j < text.length() && isHan(text.charAt(j))) {
                j++;
            }
            String run = ChineseWords.simplified(text.substring(i, j));
            for (int k = 0; k < run.length(); k++) {
                b.add(run.charAt(k), origins[Math.min(i + k, j - 1)]);
            }
            i = j;
        }
        return b.build();
    }

    static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    static boolean isLatin(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isClausePunctuation(char c) {
        return ",，;；:：!！?？。…()（）\"“”「」『』【】—".indexOf(c) >= 0;
    }

    private static final class Builder {
        private final StringBuilder sb;
        private int[] origins;

        Builder(int capacity) {
            sb = new StringBuilder(capacity);
            origins = new int[Math.max(16, capacity)];
        }

        void add(char c, int origin) {
            if (sb.length() == origins.length) {
                origins = Arrays.copyOf(origins, origins.length * 2);
            }
            origins[sb.length()] = origin;
            sb.append(c);
        }

        int length() {
            return sb.length();
        }

        char charAt(int i) {
            return sb.charAt(i);
        }

        NormalText build() {
            return new NormalText(sb.toString(), Arrays.copyOf(origins, sb.length()));
        }
    }
}
