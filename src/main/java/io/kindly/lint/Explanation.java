package io.kindly.lint;

import java.util.List;

/**
 * What a finding says, so that it explains itself: the words that triggered the rule and the concepts they stand
 * for, why such wording is forbidden and on what legal grounds, and what to write instead.
 */
final class Explanation {
    private Explanation() {
    }

    static String of(ConceptRule.Match m, String source) {
        ConceptRule r = m.rule();
        Sentences.Sentence s = m.sentence();
        String words = source.substring(s.origin(m.first()), s.originEnd(m.last() - 1)).strip()
                .replaceAll("\\s+", " ");
        StringBuilder out = new StringBuilder("'").append(words).append("'");
        List<int[]> spans = m.spans();
        if (spans.size() > 1 || !r.why().isEmpty()) {
            out.append(" (");
            for (int i = 0; i < spans.size(); i++) {
                int[] span = spans.get(i);
                out.append(i == 0 ? "" : " + ").append(source.substring(s.origin(span[0]), s.originEnd(span[1] - 1))
                        .strip().replaceAll("\\s+", " "));
            }
            out.append(")");
        }
        if (!r.why().isEmpty()) {
            out.append(": ").append(r.why());
        }
        if (!r.grounds().isEmpty()) {
            out.append(" [").append(r.grounds()).append("]");
        }
        boolean chinese = words.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        String instead = chinese && !r.insteadZh().isEmpty() ? r.insteadZh() : r.instead();
        if (!instead.isEmpty()) {
            out.append(" Instead: ").append(instead);
        }
        return out.toString();
    }
}
