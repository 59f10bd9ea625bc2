package io.kindly.lint;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentence corpus in {@code src/test/resources/lint-sentences}: sentences a reminder must never contain, in
 * English, Simplified and Traditional Chinese, many written around a word list (paraphrased or disguised), and honest
 * wording a lender uses, which must pass. Each sentence is added to a shipped template, as a lender would add it, and
 * the template is judged by the shipped lists. Prints recall by kind, language and style, every sentence missed and
 * every honest one refused; fails below {@link #MIN_RECALL} recall (overall, per kind, per language) or on any false
 * rejection.
 */
class LintSentencesTest {
    static final double MIN_RECALL = 0.95;
    private static final Path DIR = Path.of("src/test/resources/lint-sentences");
    private static final List<String> LANGS = List.of("en", "zh", "zh_TW");

    record Sentence(String lang, String kind, String style, String text) {
    }

    static TemplateGuard guard;

    @BeforeAll
    static void load() {
        List<Finding> problems = new ArrayList<>();
        PhraseRules rules = PhraseRules.load(LintSettings.DEFAULT_LISTS.stream().map(Path::of).toList(), problems);
        assertThat(problems).isEmpty();
        guard = new TemplateGuard(rules);
    }

    /** The sentence added to the end of a shipped template of its language (SMS or email, in turn). */
    static List<Finding> errors(Sentence s, int n) throws IOException {
        String host = (n % 2 == 0 ? "overdue/sms_" : "repayment-plan/email-text_") + s.lang() + ".ftl";
        String source = Files.readString(Path.of("templates", host), StandardCharsets.UTF_8).stripTrailing()
                + (n % 2 == 0 ? " " : "\n\n") + s.text() + "\n";
        return guard.scan("templates/" + host, source).stream().filter(Finding::isError).toList();
    }

    static List<Sentence> refuse() throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (String lang : LANGS) {
            for (String line : Files.readAllLines(DIR.resolve("refuse-" + lang + ".tsv"), StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t", 3);
                    out.add(new Sentence(lang, f[0], f[1], f[2].strip()));
                }
            }
        }
        return out;
    }

    static List<Sentence> pass() throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("pass.tsv"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t", 2);
                out.add(new Sentence(f[0], "", "", f[1].strip()));
            }
        }
        return out;
    }

    @Test
    void theCorpusIsLargeEnoughAndMostlyWrittenAroundTheLists() throws IOException {
        List<Sentence> refuse = refuse();
        assertThat(refuse).hasSizeGreaterThanOrEqualTo(300);
        assertThat(pass()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(refuse.stream().filter(s -> !s.style().equals("plain")).count()).isGreaterThanOrEqualTo(refuse.size() / 2);
        assertThat(refuse).extracting(Sentence::kind).containsOnly("threat-arrest", "impersonate", "third-party",
                "public-shaming", "abuse", "pressure-to-borrow", "invented-fees");
        for (String lang : LANGS) {
            assertThat(pass()).as("must-pass sentences in " + lang).filteredOn(s -> s.lang().equals(lang)).hasSizeGreaterThanOrEqualTo(25);
        }
    }

    @Test
    void lintRefusesWhatAReminderMustNeverSayAndPassesHonestWording() throws IOException {
        Map<String, int[]> byKind = new TreeMap<>();
        Map<String, int[]> byLang = new TreeMap<>();
        Map<String, int[]> byCell = new TreeMap<>();
        Map<String, int[]> byStyle = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        int n = 0;
        int caught = 0;
        List<Sentence> refuse = refuse();
        for (Sentence s : refuse) {
            boolean refused = !errors(s, n++).isEmpty();
            caught += refused ? 1 : 0;
            for (var e : List.of(Map.entry(byKind, s.kind()), Map.entry(byLang, s.lang()),
                    Map.entry(byCell, s.kind() + " / " + s.lang()), Map.entry(byStyle, s.style()))) {
                int[] c = e.getKey().computeIfAbsent(e.getValue(), k -> new int[2]);
                c[0] += refused ? 1 : 0;
                c[1]++;
            }
            if (!refused) {
                missed.add(s.lang() + " " + s.kind() + " (" + s.style() + "): " + s.text());
            }
        }
        List<String> falseRejections = new ArrayList<>();
        List<Sentence> pass = pass();
        for (Sentence s : pass) {
            List<Finding> errors = errors(s, n++);
            if (!errors.isEmpty()) {
                falseRejections.add(s.lang() + ": " + s.text() + "\n      " + errors.get(0));
            }
        }

        StringBuilder report = new StringBuilder("\nLint sentence corpus: refused " + caught + " of " + refuse.size()
                + " (" + pct(caught, refuse.size()) + "); honest sentences refused: " + falseRejections.size() + " of "
                + pass.size() + "\n");
        section(report, "by kind", byKind);
        section(report, "by language", byLang);
        section(report, "by style", byStyle);
        section(report, "by kind and language", byCell);
        report.append("missed:\n");
        missed.forEach(m -> report.append("  ").append(m).append('\n'));
        report.append("false rejections:\n");
        falseRejections.forEach(m -> report.append("  ").append(m).append('\n'));
        System.out.println(report);

        assertThat(falseRejections).as(report.toString()).isEmpty();
        assertThat((double) caught / refuse.size()).as(report.toString()).isGreaterThanOrEqualTo(MIN_RECALL);
        for (Map<String, int[]> m : List.of(byKind, byLang)) {
            m.forEach((k, c) -> assertThat((double) c[0] / c[1]).as("recall for " + k + report)
                    .isGreaterThanOrEqualTo(MIN_RECALL));
        }
    }

    private static void section(StringBuilder out, String title, Map<String, int[]> counts) {
        out.append(title).append(":\n");
        counts.forEach((k, c) -> out.append(String.format("  %-36s %3d/%-3d %s%n", k, c[0], c[1], pct(c[0], c[1]))));
    }

    private static String pct(int a, int b) {
        return String.format("%.1f%%", 100.0 * a / b);
    }
}
