package io.kindly.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SettingsTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Settings over the files in the temp dir, looked up as Camel does: the first file that sets a key wins. */
    private Settings fromFiles() throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String name : ConfigFiles.FILES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> values.putIfAbsent(k, p.getProperty(k)));
            }
        }
        return new Settings(k -> Optional.ofNullable(values.get(k)), ConfigFiles.in(dir));
    }

    private Settings fromMap(Map<String, String> values) {
        return new Settings(k -> Optional.ofNullable(values.get(k)), ConfigFiles.in(dir));
    }

    @Test
    void typedValuesAreRead() throws IOException {
        write("application.properties",
                "kindly.test-only.count = 42",
                "kindly.test-only.flag = Yes",
                "kindly.test-only.zone = Asia/Taipei",
                "kindly.test-only.money = TWD",
                "kindly.test-only.rate = 12.5",
                "kindly.test-only.list = a, b ,, c",
                "kindly.test-only.url = https://pay.example.com/x",
                "kindly.test-only.blank =    ");
        Settings s = fromFiles();

        assertThat(s.integer("kindly.test-only.count", 1, 1, 100)).isEqualTo(42);
        assertThat(s.bool("kindly.test-only.flag", false)).isTrue();
        assertThat(s.zone("kindly.test-only.zone", ZoneId.of("UTC"))).isEqualTo(ZoneId.of("Asia/Taipei"));
        assertThat(s.currency("kindly.test-only.money", Currency.getInstance("CNY"))).isEqualTo(Currency.getInstance("TWD"));
        assertThat(s.decimal("kindly.test-only.rate", BigDecimal.ONE)).isEqualByComparingTo("12.5");
        assertThat(s.list("kindly.test-only.list", List.of())).containsExactly("a", "b", "c");
        assertThat(s.url("kindly.test-only.url", "a page", Set.of("https"))).isEqualTo(URI.create("https://pay.example.com/x"));
        assertThat(s.string("kindly.test-only.blank", "fallback")).isEqualTo("fallback");
        assertThat(s.integer("kindly.test-only.unset", 7, 1, 10)).isEqualTo(7);
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void integerOutOfRangeOrNotANumberIsAProblemWithItsOrigin() throws IOException {
        Path app = write("application.properties",
                "kindly.test-only.low = 0",
                "kindly.test-only.word = ten",
                "kindly.test-only.huge = 99999999999");
        Settings s = fromFiles();

        assertThat(s.integer("kindly.test-only.low", 5, 1, 10)).isEqualTo(5);
        assertThat(s.integer("kindly.test-only.word", 5, 1, 10)).isEqualTo(5);
        assertThat(s.integer("kindly.test-only.huge", 5, 1, 10)).isEqualTo(5);

        assertThat(s.problems()).containsExactly(
                new ConfigProblem(app + ":1", "kindly.test-only.low", "'0' is out of range: use a whole number from 1 to 10"),
                new ConfigProblem(app + ":2", "kindly.test-only.word", "'ten' is not a whole number"),
                new ConfigProblem(app + ":3", "kindly.test-only.huge", "'99999999999' is not a whole number"));
    }

    @Test
    void boolThatIsNotTrueOrFalseIsAProblem() {
        Settings s = fromMap(Map.of("kindly.test-only.flag", "maybe", "kindly.test-only.off", "OFF"));
        assertThat(s.bool("kindly.test-only.flag", true)).isTrue();
        assertThat(s.bool("kindly.test-only.off", true)).isFalse();
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.test-only.flag");
            assertThat(p.problem()).isEqualTo("'maybe' is not true or false");
            // not set in any file: the file it belongs in
            assertThat(p.origin()).isEqualTo(dir.resolve("application.properties").toString());
        });
    }

    @Test
    void unknownTimeZoneCurrencyAndDecimalAreProblems() {
        Settings s = fromMap(Map.of("kindly.test-only.zone", "Mars/Base", "kindly.test-only.money", "RMB",
                "kindly.test-only.rate", "1,5"));
        assertThat(s.zone("kindly.test-only.zone", ZoneId.of("Asia/Shanghai"))).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(s.currency("kindly.test-only.money", Currency.getInstance("CNY"))).isEqualTo(Currency.getInstance("CNY"));
        assertThat(s.decimal("kindly.test-only.rate", BigDecimal.TEN)).isEqualTo(BigDecimal.TEN);
        assertThat(s.problems()).extracting(ConfigProblem::problem).containsExactly(
                "'Mars/Base' is not an IANA time zone (for example Asia/Shanghai or Europe/London)",
                "'RMB' is not an ISO 4217 currency code (for example CNY, TWD, USD)",
                "'1,5' is not a number");
    }

    @Test
    void urlWithWrongSchemeIsAProblemThatDoesNotEchoCredentials() {
        Settings s = fromMap(Map.of(
                "kindly.test-only.wrong-scheme", "ftp://reminders:S3cretPa55@files.example.com/up?token=T0ken123",
                "kindly.test-only.no-scheme", "pay.example.com/x",
                "kindly.test-only.not-a-url", "https://user:Hunter2pw@exa mple.com/"));

        assertThat(s.url("kindly.test-only.wrong-scheme", "a web page", Set.of("https", "http"))).isNull();
        assertThat(s.url("kindly.test-only.no-scheme", "a web page", Set.of("https", "http"))).isNull();
        assertThat(s.url("kindly.test-only.not-a-url", "a web page", Set.of("https", "http"))).isNull();
        assertThat(s.url("kindly.test-only.missing", "a web page", Set.of("https"))).isNull();

        List<ConfigProblem> problems = s.problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("kindly.test-only.wrong-scheme",
                "kindly.test-only.no-scheme", "kindly.test-only.not-a-url", "kindly.test-only.missing");
        assertThat(problems.get(0).problem()).contains("must start with one of [http:, https:]")
                .contains("files.example.com");
        assertThat(problems.get(1).problem()).contains("must start with one of");
        assertThat(problems.get(2).problem()).contains("is not a URL");
        assertThat(problems.get(3).problem()).isEqualTo("missing: a web page");
        for (ConfigProblem p : problems) {
            assertThat(p.toString()).doesNotContain("S3cretPa55").doesNotContain("reminders:")
                    .doesNotContain("T0ken123").doesNotContain("Hunter2pw");
        }
    }

    @Test
    void unknownKindlyKeyIsReportedWithItsLineAndAHint() throws IOException {
        Path app = write("application.properties",
                "# settings",
                "kindly.cycle.time-zone = Asia/Taipei",
                "kindly.cycle.time-zon = UTC",
                "kindly.completely-unrelated-setting = x");
        Settings s = fromFiles();
        s.zone("kindly.cycle.time-zone", ZoneId.of("Asia/Shanghai"));

        List<ConfigProblem> problems = s.problems();

        assertThat(problems).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("kindly.cycle.time-zon", "kindly.completely-unrelated-setting");
        assertThat(problems).filteredOn(p -> p.key().equals("kindly.cycle.time-zon")).singleElement()
                .satisfies(p -> {
                    assertThat(p.origin()).isEqualTo(app + ":3");
                    assertThat(p.problem()).contains("unknown key").contains("(did you mean kindly.cycle.time-zone?)");
                });
        assertThat(problems).filteredOn(p -> p.key().equals("kindly.completely-unrelated-setting")).singleElement()
                .satisfies(p -> {
                    assertThat(p.origin()).isEqualTo(app + ":4");
                    assertThat(p.problem()).contains("unknown key").doesNotContain("did you mean");
                });
    }

    @Test
    void keysOutsideKindlyAreNeverReportedAsUnknown() throws IOException {
        write("application.properties",
                "camel.main.name = kindly",
                "camel.threadpool.config[kindlyCycle].pool-size = 8",
                "some.other.tool = x",
                "kindlyish.not.ours = y");
        write("channels.properties", "camel.component.http.connect-timeout = 5000");
        Settings s = fromFiles();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void keysMarkedAsReadByRoutesAreNotUnknown() throws IOException {
        write("channels.properties", "kindly.channel.sms.test-only = x");
        Settings s = fromFiles();
        assertThat(s.problems()).extracting(ConfigProblem::key).containsExactly("kindly.channel.sms.test-only");
        s.readByRoutes("kindly.channel.sms.test-only");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void checkThrowsEveryProblemAtOnce() throws IOException {
        Path app = write("application.properties",
                "kindly.test-only.count = 500",
                "kindly.test-only.typo = 1");
        Path policy = write("policy.properties", "kindly.policy.test-only.flag = perhaps");
        Settings s = fromFiles();
        s.integer("kindly.test-only.count", 5, 1, 10);
        s.bool("kindly.policy.test-only.flag", false);
        s.required("kindly.test-only.needed", "something Kindly needs");

        ConfigException e = catchThrowableOfType(ConfigException.class, s::check);

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(4);
        String message = e.getMessage();
        assertThat(message).startsWith("4 configuration problems");
        assertThat(message)
                .contains(app + ":1: kindly.test-only.count: '500' is out of range: use a whole number from 1 to 10")
                .contains(policy + ":1: kindly.policy.test-only.flag: 'perhaps' is not true or false")
                .contains(dir.resolve("application.properties") + ": kindly.test-only.needed: missing: something Kindly needs")
                .contains(app + ":2: kindly.test-only.typo: unknown key");
        assertThat(message.lines()).hasSize(5);
    }

    @Test
    void checkWithOneProblemSaysSoAndWithNoneDoesNotThrow() {
        Settings ok = fromMap(Map.of("kindly.test-only.count", "3"));
        ok.integer("kindly.test-only.count", 1, 1, 10);
        ok.check();
        assertThat(ok.problems()).isEmpty();

        Settings one = fromMap(Map.of());
        one.problem("kindly.test-only.thing", "is wrong");
        ConfigException e = catchThrowableOfType(ConfigException.class, one::check);
        assertThat(e.getMessage()).startsWith("1 configuration problem" + System.lineSeparator());
    }

    @Test
    void redactHidesUserInfoAndQuery() {
        assertThat(Settings.redact("smtps://me:pw@smtp.example.com:465?password=x"))
                .isEqualTo("smtps://***@smtp.example.com:465?***");
        assertThat(Settings.redact("https://example.com/path")).isEqualTo("https://example.com/path");
    }
}
