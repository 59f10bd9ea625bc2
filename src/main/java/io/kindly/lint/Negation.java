package io.kindly.lint;

import java.util.List;

/**
 * Whether a sentence promises or threatens. "We will never contact your employer" is what a lender should say;
 * "if you do not pay, we will contact your employer" is a threat, though it has a "not" in it. A negation word
 * ({@code @negation}: never, will not, 不会, 绝不) covers the words after it up to the end of its clause, at most
 * {@link #REACH} words (and the {@link #BACK} before it, for a passive: "your employer will not
 * be contacted"), and stops early at a word of {@code @scope-end}, a new subject ("we", 我们), or of
 * {@code @paying} right after it ("do not pay", 不还款), which shows the negation was the borrower's condition, not
 * the lender's promise ("we will never ask you to pay by gift card or borrow" stays a promise). Words of
 * {@code @negation-void} look negative but threaten ("won't hesitate", 不得不, 不排除), so they negate nothing; words of
 * {@code @clause-break} (but, or, otherwise, 否则, 就) start a new clause; and a promise made on condition of payment
 * ({@code @if-paid}: "unless you pay", 只要按时还款) is still a threat, so in such a sentence no negation counts. Only
 * the negations of {@code @negation-back} (will never, 不会) also cover a subject before them; and paying named as a
 * purpose ({@code @purpose}: 为了还款) does not end a negation. All are word classes in the lists, for a compliance team to extend.
 */
final class Negation {
    static final int REACH = 12;
    static final int BACK = 4;
    /** Paying this close after a negation is what the borrower does not do: "do not pay", 不及时还款. */
    static final int PAYING_NEAR = 3;

    /** A sentence's clauses, which of its words a negation covers, and whether its promises are conditional. */
    record Scope(Sentences.Sentence sentence, boolean[] negated, boolean conditional) {
    }

    private final ConceptRule.Concept negators;
    private final ConceptRule.Concept voids;
    private final ConceptRule.Concept breaks;
    private final ConceptRule.Concept ends;
    private final ConceptRule.Concept ifPaid;
    private final ConceptRule.Concept back;
    private final ConceptRule.Concept purpose;
    private final ConceptRule.Concept paying;

    Negation(ConceptRule.Concept negators, ConceptRule.Concept voids, ConceptRule.Concept breaks,
            ConceptRule.Concept ends, ConceptRule.Concept ifPaid, ConceptRule.Concept back, ConceptRule.Concept purpose,
            ConceptRule.Concept paying) {
        this.negators = negators;
        this.voids = voids;
        this.breaks = breaks;
        this.ends = ends;
        this.ifPaid = ifPaid;
        this.back = back;
        this.purpose = purpose;
        this.paying = paying;
    }

    Scope of(Sentences.Sentence raw) {
        int n = raw.tokens().size();
        boolean[] breakAt = new boolean[n];
        for (int k = 0; k < n; k++) {
            breakAt[k] = breaks.endAt(raw.tokens(), k) > 0;
        }
        Sentences.Sentence s = Sentences.breakClauses(raw, breakAt);
        List<Sentences.Token> tokens = s.tokens();
        boolean[] voided = new boolean[n];
        for (int k = 0; k < n; k++) {
            int end = voids.endAt(tokens, k);
            for (int m = k; m < end; m++) {
                voided[m] = true;
            }
        }
        boolean[] ofPurpose = new boolean[n];
        for (int k = 0; k < n; k++) {
            int end = purpose.endAt(tokens, k);
            for (int m = k; m < end; m++) {
                ofPurpose[m] = true;
            }
        }
        boolean[] negated = new boolean[n];
        for (int k = 0; k < n; k++) {
            int end = voided[k] ? -1 : negators.endAt(tokens, k);
            if (end < 0) {
                continue;
            }
            int clause = tokens.get(k).clause();
            for (int m = end; m < n && m < end + REACH && tokens.get(m).clause() == clause; m++) {
                boolean condition = m - end < PAYING_NEAR && !ofPurpose[m] && paying.endAt(tokens, m) > 0;
                if (condition || ends.endAt(tokens, m) > 0) {
                    break;
                }
                negated[m] = true;
            }
            // a passive puts the concept first: "your employer will never be contacted", "警察不会上门"; but a
            // subject before "is not" stays asserted: "坐牢不是开玩笑的" (jail is no joke) still threatens
            for (int m = k - 1; back.endAt(tokens, k) > 0 && m >= 0 && m >= k - BACK && tokens.get(m).clause() == clause; m--) {
                if (ends.endAt(tokens, m) > 0) {
                    break;
                }
                negated[m] = true;
            }
        }
        boolean conditional = false;
        for (int k = 0; k < n && !conditional; k++) {
            conditional = ifPaid.endAt(tokens, k) > 0;
        }
        return new Scope(s, negated, conditional);
    }
}
