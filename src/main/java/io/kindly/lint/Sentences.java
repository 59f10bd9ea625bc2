package io.kindly.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalised text cut into sentences, and sentences into words: English at spaces and punctuation, Chinese by the
 * segmenter. A rule's words must meet in one sentence; a negation reaches only to the end of its clause.
 */
final class Sentences {
    /** One word; {@code clause} counts the clauses of its sentence (a comma, colon, or a word like "but" starts one). */
    record Token(String text, int start, int end, boolean latin, int clause) {
    }

    record Sentence(List<Token> tokens, NormalText source) {
        /** The source offset of a token's first character. */
        int origin(int token) {
            return source.origins()[tokens.get(token).start()];
        }

        int originEnd(int token) {
            return source.origins()[tokens.get(token).end() - 1] + 1;
        }
    }

    private Sentences() {
    }

    static List<Sentence> of(NormalText normal) {
        String t = normal.text();
        List<Sentence> sentences = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int clause = 0;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (NormalText.isLatin(c) || Character.isDigit(c)) {
                int j = i;
                while (j < t.length() && (NormalText.isLatin(t.charAt(j)) || Character.isDigit(t.charAt(j))
                        || t.charAt(j) == '\'' && j + 1 < t.length() && NormalText.isLatin(t.charAt(j + 1)))) {
                    j++;
                }
                String word = t.substring(i, j);
                // "the district attorney's office": the possessive is the same word
                tokens.add(new Token(word.endsWith("'s") && word.length() > 3 ? word.substring(0, word.length() - 2)
                        : word, i, j, true, clause));
                i = j;
            } else if (NormalText.isHan(c)) {
                int j = i;
                while (j < t.length() && NormalText.isHan(t.charAt(j))) {
                    j++;
                }
                int from = i;
                for (int end : ChineseWords.wordEnds(t.substring(i, j))) {
                    tokens.add(new Token(t.substring(from, i + end), from, i + end, false, clause));
                    from = i + end;
                }
                i = j;
            } else {
                if (endsSentence(t, i)) {
                    flush(sentences, tokens, normal);
                    tokens = new ArrayList<>();
                    clause = 0;
                } else if (NormalText.isClausePunctuation(c)) {
                    clause++;
                }
                i++;
            }
        }
        flush(sentences, tokens, normal);
        return sentences;
    }

    private static boolean endsSentence(String t, int i) {
        char c = t.charAt(i);
        if (c == '.') { // not in 15.00
            return !(i > 0 && Character.isDigit(t.charAt(i - 1)) && i + 1 < t.length() && Character.isDigit(t.charAt(i + 1)));
        }
        return "!?;。！？；".indexOf(c) >= 0 || c == '\n' && i + 1 < t.length() && t.charAt(i + 1) == '\n';
    }

    private static void flush(List<Sentence> sentences, List<Token> tokens, NormalText normal) {
        if (!tokens.isEmpty()) {
            sentences.add(new Sentence(List.copyOf(tokens), normal));
        }
    }

    /** The same sentence with a clause started at each of these tokens (words like "but", "否则"). */
    static Sentence breakClauses(Sentence s, boolean[] startsClause) {
        List<Token> out = new ArrayList<>(s.tokens().size());
        int extra = 0;
        for (int k = 0; k < s.tokens().size(); k++) {
            Token tok = s.tokens().get(k);
            if (startsClause[k]) {
                extra++;
            }
            out.add(new Token(tok.text(), tok.start(), tok.end(), tok.latin(), tok.clause() + extra));
        }
        return new Sentence(out, s.source());
    }
}
