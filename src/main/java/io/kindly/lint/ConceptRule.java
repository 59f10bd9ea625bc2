package io.kindly.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule of the lists: what a reminder must not say, as concepts that must meet in one sentence ("who" + "does
 * what" + "to whom"), each concept a word class or a single term. For example {@code when: @tell + @third-party}
 * catches "your manager will be informed" and "我们会通知您的紧急联系人", whatever the exact wording.
 *
 * @param id        the rule, as findings name it ({@code prohibited/<id>})
 * @param block     an error (never lawful) or a warning for review (lawful only if true and intended)
 * @param grounds   the legal grounds, with the section of contact-rules.md
 * @param why       why it is forbidden, in a sentence
 * @param instead   a suggested rewording, English and Chinese
 * @param negatable whether "we will never ..." turns it into a promise (not so for insults)
 * @param whens     alternatives; each a list of concepts that must all be found, on different words
 * @param unless    concepts that, anywhere in the sentence, show it is not this (a borrower's own choice)
 * @param except    terms that are not the concept where they overlap it ("contact us" is not telling a third party)
 */
record ConceptRule(String id, boolean block, String grounds, String why, String instead, String insteadZh,
        boolean negatable, List<List<Concept>> whens, List<Concept> unless, List<Concept> except) {

    /** A word class ({@code @police}) or one literal term, as written in the list; indexed by first letter. */
    record Concept(String name, List<Term> terms, boolean stubborn, java.util.Map<Character, List<Term>> byFirst) {
        /** @param stubborn not excused by a negation ("nobody likes a deadbeat" is still name-calling) */
        Concept(String name, List<Term> terms, boolean stubborn) {
            this(name, terms, stubborn, index(terms));
        }

        Concept(String name, List<Term> terms) {
            this(name, terms, false);
        }

        private static java.util.Map<Character, List<Term>> index(List<Term> terms) {
            java.util.Map<Character, List<Term>> m = new java.util.HashMap<>();
            for (Term t : terms) {
                m.computeIfAbsent(t.parts().get(0).text().charAt(0), c -> new ArrayList<>()).add(t);
            }
            return m;
        }

        /** The end of the longest of these terms starting at token {@code k}, or -1. */
        int endAt(List<Sentences.Token> tokens, int k) {
            return ConceptRule.endAt(byFirst.getOrDefault(tokens.get(k).text().charAt(0), List.of()), tokens, k);
        }
    }

    /** Where a rule matched: the tokens of each concept, in sentence order. */
    record Match(ConceptRule rule, Sentences.Sentence sentence, List<int[]> spans) {
        int first() {
            return spans.stream().mapToInt(s -> s[0]).min().orElse(0);
        }

        int last() {
            return spans.stream().mapToInt(s -> s[1]).max().orElse(0);
        }
    }

    Match find(Negation.Scope scope) {
        List<Sentences.Token> tokens = scope.sentence().tokens();
        for (Concept u : unless) {
            for (int k = 0; k < tokens.size(); k++) {
                if (u.endAt(tokens, k) > 0) {
                    return null;
                }
            }
        }
        boolean[] excluded = new boolean[tokens.size()];
        for (Concept e : except) {
            for (int k = 0; k < tokens.size(); k++) {
                int end = e.endAt(tokens, k);
                for (int m = k; m < end; m++) {
                    excluded[m] = true;
                }
            }
        }
        for (List<Concept> when : whens) {
            List<List<int[]>> found = new ArrayList<>();
            for (Concept c : when) {
                List<int[]> spans = new ArrayList<>();
                for (int k = 0; k < tokens.size(); k++) {
                    int end = c.endAt(tokens, k);
                    if (end > 0 && !covered(excluded, k, end)
                            && (!negatable || c.stubborn() || scope.conditional() || !scope.negated()[k])) {
                        spans.add(new int[] {k, end});
                    }
                }
                found.add(spans);
            }
            List<int[]> chosen = disjoint(found, 0, new ArrayList<>());
            if (chosen != null) {
                return new Match(this, scope.sentence(), chosen);
            }
        }
        return null;
    }

    /** One span per concept, none overlapping another: "emergency contact" is not also the verb "contact". */
    private static List<int[]> disjoint(List<List<int[]>> found, int at, List<int[]> chosen) {
        if (at == found.size()) {
            return new ArrayList<>(chosen);
        }
        for (int[] span : found.get(at)) {
            if (chosen.stream().noneMatch(c -> c[0] < span[1] && span[0] < c[1])) {
                chosen.add(span);
                List<int[]> all = disjoint(found, at + 1, chosen);
                chosen.remove(chosen.size() - 1);
                if (all != null) {
                    return all;
                }
            }
        }
        return null;
    }

    private static boolean covered(boolean[] excluded, int from, int to) {
        for (int k = from; k < to; k++) {
            if (excluded[k]) {
                return true;
            }
        }
        return false;
    }

    /** The end of the longest of these terms starting at token {@code k}, or -1. */
    static int endAt(List<Term> terms, List<Sentences.Token> tokens, int k) {
        int best = -1;
        for (Term t : terms) {
            best = Math.max(best, t.matchAt(tokens, k));
        }
        return best;
    }
}
