package io.kindly.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Language a reminder must never use (threats, impersonation, telling third parties, shaming, abuse, pressure to
 * borrow, invented fees) and language to review (legal action, fees, urgency), read from the lists in
 * {@code config/lint/}, which a lender's compliance team extends. The format is described in {@link RuleLists}.
 *
 * <p>Rules match meaning rather than strings: text is normalised ({@link NormalText}), cut into sentences and words
 * ({@link Sentences}, Chinese through a segmenter), and a rule fires when its concepts meet in a sentence and are not
 * under a negation ({@link Negation}): "we will never contact your family" is a promise, not a threat.
 */
public final class PhraseRules {
    private final List<ConceptRule> rules;
    private final Negation negation;

    PhraseRules(List<ConceptRule> rules, Negation negation) {
        this.rules = List.copyOf(rules);
        this.negation = negation;
    }

    /** Reads the lists; a malformed list is reported as findings in {@code problems}, naming file, line and problem. */
    public static PhraseRules load(List<java.nio.file.Path> files, List<Finding> problems) {
        return RuleLists.read(files, problems);
    }

    public int size() {
        return rules.size();
    }

    /**
     * Every rule the text breaks, at most once per rule and line. FreeMarker comments and markup are not read: a note
     * to other authors ("never threaten arrest") is not a message. A warning is not given on words an error already
     * covers, so 律师函 (impersonating a lawyer) is not also a mere mention of a lawyer.
     */
    public List<Finding> scan(String file, String source) {
        String visible = VisibleText.of(source);
        NormalText normal = NormalText.of(visible);
        List<ConceptRule.Match> matches = new ArrayList<>();
        for (Sentences.Sentence raw : Sentences.of(normal)) {
            Negation.Scope scope = negation.of(raw);
            List<ConceptRule.Match> here = new ArrayList<>();
            for (ConceptRule rule : rules) {
                ConceptRule.Match m = rule.find(scope);
                if (m != null) {
                    here.add(m);
                }
            }
            here.removeIf(m -> !m.rule().block() && here.stream().anyMatch(b -> b.rule().block()
                    && b.first() < m.last() && m.first() < b.last()));
            matches.addAll(here);
        }
        List<Finding> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConceptRule.Match m : matches) {
            int line = lineOf(source, m.sentence().origin(m.first()));
            if (seen.add(m.rule().id() + "@" + line)) {
                found.add(new Finding(m.rule().block() ? Finding.Severity.ERROR : Finding.Severity.WARNING, file, line,
                        "prohibited/" + m.rule().id(), Explanation.of(m, source)));
            }
        }
        return found;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The Chinese words of every list, for the segmenter to keep whole. */
    static Set<String> chineseWords(Map<String, List<Term>> classes, List<ConceptRule> rules) {
        Set<String> words = new HashSet<>();
        classes.values().forEach(ts -> ts.forEach(t -> words.addAll(t.chineseWords())));
        for (ConceptRule r : rules) {
            r.whens().forEach(w -> w.forEach(c -> c.terms().forEach(t -> words.addAll(t.chineseWords()))));
        }
        return words;
    }
}
