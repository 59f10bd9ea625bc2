package io.kindly.lint;

import io.kindly.app.ConfigLookup;
import io.kindly.app.Preflight;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of bad templates in {@code src/test/resources/lint-corpus}: each file replaces one shipped template and
 * breaks one rule (in English, Simplified or Traditional Chinese, often disguised), and says in its first line which
 * findings lint must give. Lint runs exactly as {@code kindly lint} does, on the shipped config and a copy of the
 * shipped templates.
 */
class LintCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/lint-corpus");
    private static final Pattern HEADER = Pattern.compile("^<#-- replaces: (\\S+) \\| expects: ([^|]+) \\| (.*) -->$");

    @TempDir
    Path dir;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.sorted().toList().stream();
        }
    }

    static List<Finding> lint(Path templates) {
        try (ConfigLookup config = ConfigLookup.open(Path.of("config"), Map.of("kindly.templates.dir",
                templates.toString()))) {
            return Preflight.run(config::get, config.files(), Clock.systemUTC()).all();
        }
    }

    @Test
    void theShippedTemplatesRoutesAndConfigPass() {
        List<Finding> findings = lint(Path.of("templates"));
        assertThat(findings).isEmpty();
    }

    @Test
    void theCorpusCoversEveryRuleInEveryLanguage() throws IOException {
        Map<String, List<String>> expectsByFile = new java.util.TreeMap<>();
        for (Path bad : corpus().toList()) {
            Matcher header = HEADER.matcher(Files.readString(bad, StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            assertThat(header.matches()).as("first line of " + bad).isTrue();
            expectsByFile.put(bad.getFileName().toString(), List.of(header.group(2).split(",\\s*")));
        }
        for (String lang : List.of("en-", "zh-", "zh_TW-")) {
            for (String rule : List.of("prohibited/threat-arrest", "prohibited/impersonate-authority",
                    "prohibited/third-party-disclosure", "prohibited/public-shaming", "prohibited/abuse",
                    "prohibited/pressure-to-borrow", "prohibited/invented-fees", "prohibited/false-urgency", "render",
                    "required/lender", "required/amount", "required/due-date", "required/how-to-pay", "required/help",
                    "required/opt-out", "sms-length", "html-escaping", "locked-down")) {
                assertThat(expectsByFile.entrySet()).as(lang + rule).anyMatch(e -> e.getKey().startsWith(lang)
                        && e.getValue().stream().anyMatch(x -> x.endsWith(" " + rule)));
            }
        }
        // disguises: spaces, punctuation, full-width forms, mixed case, invisible characters
        assertThat(expectsByFile.keySet()).anyMatch(n -> n.contains("spaced")).anyMatch(n -> n.contains("dotted"))
                .anyMatch(n -> n.contains("fullwidth")).anyMatch(n -> n.contains("mixed-case"))
                .anyMatch(n -> n.contains("zero-width")).anyMatch(n -> n.contains("punct"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void lintRejectsEachBadTemplateWithTheRightRule(Path bad) throws IOException {
        String source = Files.readString(bad, StandardCharsets.UTF_8);
        Matcher header = HEADER.matcher(source.lines().findFirst().orElseThrow());
        assertThat(header.matches()).as("first line of " + bad).isTrue();
        String target = header.group(1);
        List<String> expected = Stream.of(header.group(2).split(",")).map(String::strip).toList();

        Path templates = TestConfig.copyTree(Path.of("templates"), dir.resolve("templates"));
        assertThat(templates.resolve(target)).as("replaces a shipped template").isRegularFile();
        Files.writeString(templates.resolve(target), source, StandardCharsets.UTF_8);

        List<Finding> findings = lint(templates);

        String file = "templates/" + target;
        List<String> onTarget = findings.stream().filter(f -> f.file().equals(file))
                .map(f -> f.severity().name().toLowerCase() + " " + f.rule()).distinct().toList();
        assertThat(onTarget).as(findings.toString()).containsExactlyInAnyOrderElementsOf(expected);
        // the right rule, and only where it was broken: nothing else is reported anywhere
        assertThat(findings).as("findings elsewhere").allMatch(f -> f.file().equals(file));
        // a finding points at the line of the problem when it is about the source (line 1 is the header)
        findings.stream().filter(f -> f.rule().startsWith("prohibited/") || f.rule().equals("locked-down"))
                .forEach(f -> assertThat(f.line()).as(f.toString()).isGreaterThan(1));
    }
}
