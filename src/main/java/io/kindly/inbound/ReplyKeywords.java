package io.kindly.inbound;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a borrower's SMS reply asks for: to stop (opt out), for help, or for a repayment plan.
 *
 * <p>Matching is generous where the borrower asks to stop: US rules treat STOP, QUIT, END, REVOKE, OPT OUT, CANCEL and
 * UNSUBSCRIBE as revocation even when the message did not name them, and a reasonable reading of other wording too
 * (FCC 24-24; contact-rules.md). So an opt-out word counts as the whole reply or its first word ("Stop.", "stop
 * please"), an opt-out phrase counts anywhere in it ("不要再发", "请帮我退订"), and a reply that asks to stop and for
 * something else is an opt-out. Help and plan words count as the whole reply or its first word only: a help text sent
 * to "Help me understand why I owe this" is still right, a hold placed on a stray word is not.
 */
final class ReplyKeywords {
    /** What a reply asks for, and the word that said so (kept as the evidence). */
    record Intent(Kind kind, String word) {
        static final Intent NONE = new Intent(Kind.NONE, "");
    }

    enum Kind { OPT_OUT, HELP, PLAN, NONE }

    private final InboundSettings.Keywords keywords;

    ReplyKeywords(InboundSettings.Keywords keywords) {
        this.keywords = keywords;
    }

    Intent classify(String text) {
        String normalized = normalize(text);
        if (normalized.isEmpty()) {
            return Intent.NONE;
        }
        String first = normalized.split(" ", 2)[0];
        Optional<String> stop = leading(normalized, first, keywords.optOut());
        if (stop.isEmpty()) {
            // written without spaces ("请退订", "OPT-OUT" normalized to "OPT OUT"): a phrase or a non-Latin word inside
            String squeezed = normalized.replace(" ", "");
            stop = keywords.optOutPhrases().stream().filter(p -> squeezed.contains(normalize(p).replace(" ", "")))
                    .findFirst();
            if (stop.isEmpty()) {
                stop = keywords.optOut().stream().filter(ReplyKeywords::hasNonLatin)
                        .filter(w -> squeezed.contains(normalize(w).replace(" ", ""))).findFirst();
            }
        }
        if (stop.isPresent()) {
            return new Intent(Kind.OPT_OUT, stop.get());
        }
        Optional<String> plan = leading(normalized, first, keywords.plan());
        if (plan.isPresent()) {
            return new Intent(Kind.PLAN, plan.get());
        }
        Optional<String> help = leading(normalized, first, keywords.help());
        return help.map(w -> new Intent(Kind.HELP, w)).orElse(Intent.NONE);
    }

    /**
     * A keyword that is the whole reply, its first word, or (for a keyword of two words, "OPT OUT") its first two;
     * for a keyword in a script without spaces (退订), the start of the reply.
     */
    private static Optional<String> leading(String normalized, String first, List<String> words) {
        for (String w : words) {
            String word = normalize(w);
            if (word.isEmpty()) {
                continue;
            }
            if (normalized.equals(word) || first.equals(word) || normalized.startsWith(word + " ")
                    || hasNonLatin(word) && normalized.startsWith(word)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    /**
     * Upper case, with punctuation and symbols turned into spaces and runs of space collapsed: "Stop!!", " stop. "
     * and "STOP" read the same; "opt-out" reads "OPT OUT". Letters and digits of every script are kept.
     */
    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        text.strip().toUpperCase(Locale.ROOT).codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                sb.appendCodePoint(cp);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                sb.append(' ');
            }
        });
        return sb.toString().strip();
    }

    /** True for a word in a script written without spaces between words (Chinese, Japanese). */
    static boolean hasNonLatin(String word) {
        return word.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA);
    }

    /**
     * The language to answer a reply in when Kindly has sent nothing to that number to go by: Chinese when it is
     * written in Chinese (traditional when it uses a traditional form of a common character), else English.
     */
    static Locale languageOf(String text) {
        if (text == null || !hasNonLatin(text)) {
            return Locale.ENGLISH;
        }
        return text.codePoints().anyMatch(cp -> TRADITIONAL.indexOf(cp) >= 0) ? Locale.TRADITIONAL_CHINESE
                : Locale.SIMPLIFIED_CHINESE;
    }

    /** Traditional forms of characters common in replies about reminders, absent from simplified text. */
    private static final String TRADITIONAL = "訂幫協還計畫劃發請款與們這個說話問題謝銷記錄門單據";
}
