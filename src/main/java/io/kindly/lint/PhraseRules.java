package io.kindly.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Language a reminder must never use (threats, impersonation, telling third parties, shaming, abuse, pressure to
 * borrow, invented fees, false urgency), read from the lists in {@code config/lint/}, which a lender's compliance team
 * can extend.
 *
 * <p>Matching is meant to survive disguise: text is compared after Unicode compatibility folding (full-width
 * {@code ＡＲＲＥＳＴ} reads as {@code arrest}) and case folding, and any run of spaces, punctuation or symbols may stand
 * between two letters of a phrase ({@code a r r e s t}, {@code a.r.r.e.s.t}, {@code 逮 捕}, {@code 逮．捕}). Latin
 * phrases must start and end at a word boundary, so {@code jail} does not match {@code jailbreak}; a trailing
 * {@code *} lets a phrase match the start of a word ({@code garnish*}). Alternatives are written
 * {@code (tell|call) your (boss|family)}; a group followed by {@code ?} may be left out.
 *
 * <p>List format: {@code ## rule-id | block|review | legal grounds} starts a rule; each following line is a phrase;
 * {@code #} starts a comment. {@code block} findings are errors, {@code review} findings warnings (legal only if
 * true and intended).
 */
public final class PhraseRules {
    private static final Pattern GROUP = Pattern.compile("\\(([^()]*)\\)(\\?)?");

    /**
     * @param letters the phrase's letters and digits, folded: what must appear in the text's letters and digits
     * @param latin   whole words only: the match must not start (or, unless {@code prefix}, end) inside a word
     */
    record Rule(String id, boolean block, String grounds, String phrase, String letters, boolean latin,
            boolean prefix) {
    }

    private final List<Rule> rules;

    private PhraseRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads the lists; a malformed list is reported as findings in {@code problems}. */
    public static PhraseRules load(List<Path> files, List<Finding> problems) {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(new Finding(Finding.Severity.ERROR, file.toString(), 0, "phrase-list",
                        "cannot be read: " + e.getMessage()));
                continue;
            }
            String id = null;
            boolean block = true;
            String grounds = "";
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("##")) {
                    String[] parts = line.substring(2).split("\\|", 3);
                    if (parts.length < 2 || !parts[1].strip().matches("block|review")) {
                        problems.add(new Finding(Finding.Severity.ERROR, file.toString(), i + 1, "phrase-list",
                                "a rule starts with '## rule-id | block|review | grounds'"));
                        id = null;
                        continue;
                    }
                    id = parts[0].strip();
                    block = parts[1].strip().equals("block");
                    grounds = parts.length > 2 ? parts[2].strip() : "";
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    if (id == null) {
                        problems.add(new Finding(Finding.Severity.ERROR, file.toString(), i + 1, "phrase-list",
                                "phrase '" + line + "' comes before any '## rule-id | block|review | grounds' line"));
                        continue;
                    }
                    for (String alternative : expand(line)) {
                        rules.add(rule(id, block, grounds, line, fold(alternative)));
                    }
                }
            }
        }
        return new PhraseRules(rules);
    }

    public int size() {
        return rules.size();
    }

    /**
     * Every rule the text breaks, at most once per rule and line. FreeMarker comments are not scanned: a note to
     * other authors ("never threaten arrest") is not a message. Words matched by a longer phrase are not reported
     * again by a shorter one ({@code 律师函} is impersonation; the {@code 律师} inside it is not also reported), and
     * the same category from several languages' lists is one rule.
     */
    public List<Finding> scan(String file, String source) {
        String text = blankComments(source);
        Folded folded = Folded.of(text);
        Letters letters = Letters.of(folded.text());
        record Hit(Rule rule, int start, int end) {
            boolean within(Hit other) {
                return other != this && other.start <= start && end <= other.end
                        && (other.end - other.start > end - start || other.rule.block() && !rule.block());
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.letters().isEmpty()) {
                continue;
            }
            for (int at = letters.text().indexOf(rule.letters()); at >= 0;
                    at = letters.text().indexOf(rule.letters(), at + 1)) {
                int start = letters.origin(at);
                int last = letters.origin(at + rule.letters().length() - 1);
                if (rule.latin() && (isWordChar(folded.text(), start - 1)
                        || !rule.prefix() && isWordChar(folded.text(), last + 1))) {
                    continue;
                }
                hits.add(new Hit(rule, folded.origin(start), folded.origin(last) + 1));
            }
        }
        List<Finding> found = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Hit hit : hits) {
            if (hits.stream().anyMatch(hit::within)) {
                continue;
            }
            Rule rule = hit.rule();
            int line = lineOf(text, hit.start());
            if (seen.add(rule.id() + "@" + line)) {
                found.add(new Finding(rule.block() ? Finding.Severity.ERROR : Finding.Severity.WARNING, file, line,
                        "prohibited/" + rule.id(), "'" + text.substring(hit.start(), hit.end()).strip()
                        + "' matches '" + rule.phrase() + "'" + (rule.grounds().isEmpty() ? "" : " (" + rule.grounds() + ")")));
            }
        }
        return found;
    }

    /** {@code (a|b) x (c|d)?} into {@code a x c}, {@code a x d}, {@code a x}, ... */
    static List<String> expand(String phrase) {
        Matcher m = GROUP.matcher(phrase);
        if (!m.find()) {
            return List.of(phrase.replaceAll("\\s+", " ").strip());
        }
        List<String> options = new ArrayList<>(List.of(m.group(1).split("\\|", -1)));
        if (m.group(2) != null) {
            options.add("");
        }
        List<String> out = new ArrayList<>();
        for (String option : options) {
            out.addAll(expand(phrase.substring(0, m.start()) + option + phrase.substring(m.end())));
        }
        return out;
    }

    private static Rule rule(String id, boolean block, String grounds, String phrase, String folded) {
        boolean prefix = folded.endsWith("*");
        String body = prefix ? folded.substring(0, folded.length() - 1) : folded;
        String letters = Letters.of(body).text();
        boolean latin = !letters.isEmpty()
                && Character.UnicodeScript.of(letters.codePointAt(0)) == Character.UnicodeScript.LATIN;
        return new Rule(id, block, grounds, phrase, letters, latin, prefix);
    }

    private static boolean isWordChar(String s, int index) {
        return index >= 0 && index < s.length() && Character.isLetterOrDigit(s.codePointAt(index));
    }

    /**
     * Only the letters and digits of a text, remembering where each came from. Anything else (spaces, punctuation,
     * symbols, invisible characters) may be put between the letters of a phrase to disguise it, so it is not looked at.
     */
    private record Letters(String text, int[] origins) {
        static Letters of(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            int[] origins = new int[s.length()];
            int n = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    sb.appendCodePoint(cp);
                    for (int k = 0; k < Character.charCount(cp); k++) {
                        origins[n++] = i + k;
                    }
                }
                i += Character.charCount(cp);
            }
            return new Letters(sb.toString(), java.util.Arrays.copyOf(origins, n));
        }

        int origin(int index) {
            return origins[index];
        }
    }

    /** Compatibility (full-width) and case folding of a phrase. */
    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Text folded character by character, remembering where each folded character came from. */
    private record Folded(String text, int[] origins) {
        static Folded of(String original) {
            StringBuilder sb = new StringBuilder(original.length());
            int[] origins = new int[original.length() * 3 + 1];
            int n = 0;
            for (int i = 0; i < original.length(); ) {
                int cp = original.codePointAt(i);
                String folded = fold(new String(Character.toChars(cp)));
                for (int k = 0; k < folded.length(); k++) {
                    if (n == origins.length) {
                        origins = java.util.Arrays.copyOf(origins, origins.length * 2);
                    }
                    origins[n++] = i;
                }
                sb.append(folded);
                i += Character.charCount(cp);
            }
            return new Folded(sb.toString(), java.util.Arrays.copyOf(origins, n));
        }

        int origin(int foldedIndex) {
            return origins[Math.min(foldedIndex, origins.length - 1)];
        }
    }

    private static String blankComments(String source) {
        StringBuilder sb = new StringBuilder(source);
        Matcher m = Pattern.compile("<#--.*?-->", Pattern.DOTALL).matcher(source);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
        }
        return sb.toString();
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
}
