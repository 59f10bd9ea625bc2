package io.kindly.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a word list: English words to be found one after another ({@code take you away}; a trailing
 * {@code *} lets the last letters vary: {@code arrest*}), or Chinese, which must start and end where the segmenter
 * puts word boundaries (so 抓 is not found inside 抓紧). A term is normalised as text is, so it may be written in
 * Traditional or Simplified characters, in any case.
 */
record Term(String written, List<Part> parts) {
    record Part(String text, boolean latin, boolean prefix) {
    }

    /** The term, or null when nothing of it is left after normalising (only punctuation). */
    static Term parse(String written) {
        List<Part> parts = new ArrayList<>();
        for (String word : written.strip().split("\\s+")) {
            boolean prefix = word.endsWith("*");
            String body = prefix ? word.substring(0, word.length() - 1) : word;
            String norm = NormalText.of(body).text();
            // a word may mix scripts (hr部门): each run of one script is a part
            int i = 0;
            while (i < norm.length()) {
                char c = norm.charAt(i);
                boolean han = NormalText.isHan(c);
                if (!han && !NormalText.isLatin(c) && !Character.isDigit(c) && c != '\'') {
                    i++;
                    continue;
                }
                int j = i;
                while (j < norm.length() && (han ? NormalText.isHan(norm.charAt(j))
                        : NormalText.isLatin(norm.charAt(j)) || Character.isDigit(norm.charAt(j)) || norm.charAt(j) == '\'')) {
                    j++;
                }
                parts.add(new Part(norm.substring(i, j), !han, false));
                i = j;
            }
            if (prefix && !parts.isEmpty()) {
                Part last = parts.remove(parts.size() - 1);
                parts.add(new Part(last.text(), last.latin(), true));
            }
        }
        return parts.isEmpty() ? null : new Term(written.strip(), List.copyOf(parts));
    }

    /** The index after the last token this term covers when it starts at token {@code at}, or -1. */
    int matchAt(List<Sentences.Token> tokens, int at) {
        int pos = at;
        for (Part p : parts) {
            if (pos >= tokens.size()) {
                return -1;
            }
            if (p.latin()) {
                Sentences.Token t = tokens.get(pos);
                if (!t.latin() || !(p.prefix() ? t.text().startsWith(p.text()) : t.text().equals(p.text()))) {
                    return -1;
                }
                pos++;
            } else {
                StringBuilder acc = new StringBuilder();
                while (pos < tokens.size() && !tokens.get(pos).latin() && acc.length() < p.text().length()) {
                    acc.append(tokens.get(pos).text());
                    pos++;
                }
                boolean ok = p.prefix() ? acc.toString().startsWith(p.text()) : acc.toString().equals(p.text());
                if (!ok) {
                    return -1;
                }
            }
        }
        return pos;
    }

    /** The Chinese words of this term, for the segmenter to keep whole. */
    List<String> chineseWords() {
        return parts.stream().filter(p -> !p.latin()).map(Part::text).toList();
    }
}
