package io.kindly.lint;

/**
 * The words a borrower could read in a template's source: FreeMarker comments, directives, interpolations and HTML
 * tags become spaces, but the quoted text inside them stays ({@code title="Your repayment"}, {@code label="Pay"}),
 * because a macro argument is shown to the borrower too. The result has the source's length, so an offset in it is an
 * offset in the source, and a finding can name the line.
 */
final class VisibleText {
    private VisibleText() {
    }

    static String of(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("<#--", i)) {
                int end = source.indexOf("-->", i);
                end = end < 0 ? source.length() : end + 3;
                blank(out, i, end, source);
                i = end;
            } else if (source.startsWith("${", i) || source.startsWith("#{", i)) {
                i = markup(source, out, i, '{', '}');
            } else if (source.charAt(i) == '<' && i + 1 < source.length() && isTagStart(source.charAt(i + 1))) {
                i = markup(source, out, i, '<', '>');
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isTagStart(char c) {
        return c == '#' || c == '@' || c == '/' || c == '!' || Character.isLetter(c);
    }

    /** Blanks markup up to its matching close, keeping the text of quoted strings (a nested ${...} in one is blanked). */
    private static int markup(String source, StringBuilder out, int start, char open, char close) {
        int depth = 0;
        char quote = 0;
        int i = start;
        for (; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                    out.setCharAt(i, ' ');
                } else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                    int end = source.indexOf('}', i);
                    end = end < 0 ? source.length() - 1 : end;
                    blank(out, i, end + 1, source);
                    i = end;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                out.setCharAt(i, ' ');
                continue;
            }
            if (c == open || open == '{' && c == '{') {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    out.setCharAt(i, ' ');
                    return i + 1;
                }
            }
            if (c != '\n') {
                out.setCharAt(i, ' ');
            }
        }
        return i;
    }

    private static void blank(StringBuilder out, int from, int to, String source) {
        for (int k = from; k < to && k < out.length(); k++) {
            if (source.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }
}
