package io.kindly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.Kindly;
import io.kindly.ledger.LedgerExport;
import io.kindly.support.Console;
import io.kindly.support.TestConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo, through the real command line: {@code once} on the demo loan book with the demo's own local
 * sinks, then {@code ledger export}. Only the ports and data folder differ from a newcomer's run (local.properties).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineTest {
    @TempDir
    static Path dir;

    Path config;
    Console.Result once;

    @BeforeAll
    void runOnce() {
        config = TestConfig.copyOfShipped(dir.resolve("config"));
        TestConfig.localDemo(config, dir.resolve("data"));
        once = Console.capture(() -> Kindly.commandLine()
                .execute("once", "--date", "2026-11-23", "--config", config.toString()));
    }

    Console.Result kindly(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return Console.capture(() -> Kindly.commandLine().execute(all));
    }

    @Test
    void onceRunsACycleOnTheDemoAndPrintsASummary() {
        assertThat(once.exitCode()).as(once.err()).isZero();
        assertThat(once.out()).contains("Kindly reminder cycle for 2026-11-23")
                .containsPattern("Accounts read: \\d{4}")
                .containsPattern("sms\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+0")
                .containsPattern("email\\s+[1-9]\\d*")
                .containsPattern("inapp\\s+[1-9]\\d*")
                .contains("SKIPPED MOBILE_INVALID", "SKIPPED ROW_INVALID (whole row)")
                .contains("Ledger: jdbc:h2:file:").contains("ledger export --format csv --run ");
    }

    /**
     * The demo loan book exercises the contact policy. These reasons do not depend on the hour the test runs (the
     * contact window does: OUTSIDE_WINDOW shows or not with the time of day, which the fixed-clock tests cover).
     */
    @Test
    void onceShowsDeferralsAndSuppressionsWithTheirReasons() throws Exception {
        List<String> reasons = List.of("SUPPRESSED HOLD_DISPUTE", "SUPPRESSED HOLD_CEASE_CONTACT",
                "SUPPRESSED HOLD_HARDSHIP", "SUPPRESSED HOLD_REPAYMENT_PLAN", "SUPPRESSED HOLD_PROMISE_TO_PAY",
                "SUPPRESSED HOLD_DECEASED", "SUPPRESSED HOLD_BANKRUPTCY", "SUPPRESSED HOLD_PAID",
                "SUPPRESSED OPTED_OUT", "SUPPRESSED NO_CONSENT", "SUPPRESSED WORK_EMAIL", "DEFERRED HOLIDAY",
                "DEFERRED NO_CONTACT_DAY");
        assertThat(once.out()).contains(reasons);
        assertThat(once.out()).containsPattern("total\\s+\\d+\\s+[1-9]\\d*\\s+[1-9]\\d*");

        Console.Result csv = kindly("ledger", "export", "--format", "csv");
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.out()))) {
            List<CSVRecord> rows = parser.getRecords();
            assertThat(rows).extracting(r -> r.get("status") + " " + r.get("reason")).contains(reasons.toArray(String[]::new));
            assertThat(rows).filteredOn(r -> r.get("status").equals("DEFERRED")).allSatisfy(r -> {
                assertThat(r.get("not_before_utc")).isNotBlank();
                assertThat(r.get("detail")).contains("waits until");
                assertThat(r.get("policy_profile")).isNotBlank();
            });
            assertThat(rows).filteredOn(r -> r.get("status").equals("SUPPRESSED")).allSatisfy(r ->
                    assertThat(r.get("detail")).isNotBlank());
        }
    }

    @Test
    void theDemoSinksHoldWhatABorrowerWouldHaveReceived() throws Exception {
        Path outbox = dir.resolve("data/outbox");
        File[] sms = Objects.requireNonNull(outbox.resolve("sms").toFile().listFiles());
        File[] email = Objects.requireNonNull(outbox.resolve("email").toFile().listFiles());
        File[] inapp = Objects.requireNonNull(outbox.resolve("inapp").toFile().listFiles());
        assertThat(sms).isNotEmpty();
        assertThat(email).isNotEmpty();
        assertThat(inapp).isNotEmpty();
        assertThat(once.out()).contains("[sms " + sms.length + " files, email " + email.length + ", inapp "
                + inapp.length + "]");
        String anEmail = Files.readString(email[0].toPath(), StandardCharsets.ISO_8859_1);
        assertThat(anEmail).contains("multipart/alternative").contains("Message-ID: <k1-");
        JsonNode anSms = new ObjectMapper().readTree(sms[0]);
        assertThat(anSms.get("to").asText()).startsWith("+");
    }

    @Test
    void theLedgerExportsAsCsvWithEveryDecision() throws Exception {
        Console.Result csv = kindly("ledger", "export", "--format", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.out()))) {
            assertThat(parser.getHeaderNames()).containsAll(List.of("status", "reason", "channel", "local_time",
                    "recorded_at_utc", "recipient", "template", "template_hash", "body"))
                    .isEqualTo(LedgerExport.headers());
            List<CSVRecord> rows = parser.getRecords();
            assertThat(rows).extracting(r -> r.get("status")).contains("SENT", "SKIPPED");
            assertThat(rows).filteredOn(r -> r.get("status").equals("SKIPPED"))
                    .extracting(r -> r.get("reason")).contains("ROW_INVALID", "NO_MOBILE", "LOCALE_INVALID");
            int sentInSummary = Integer.parseInt(once.out().lines().filter(l -> l.startsWith("total")).findFirst()
                    .orElseThrow().trim().split("\\s+")[1]);
            assertThat(rows).filteredOn(r -> r.get("status").equals("SENT")).hasSize(sentInSummary);
        }
    }

    @Test
    void theLedgerExportsOneLoanAsJson() throws Exception {
        Console.Result json = kindly("ledger", "export", "--format", "json", "--loan", "L2000001");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode entries = new ObjectMapper().readTree(json.out());
        assertThat(entries.isArray()).isTrue();
        assertThat(entries.size()).isPositive();
        entries.forEach(e -> assertThat(e.get("loan_id").asText()).isEqualTo("L2000001"));
        assertThat(entries.get(0).has("local_time")).isTrue();
    }

    @Test
    void theDemoLedgerVerifiesAgainstTheCheckpointOnceWrote() {
        Console.Result verify = kindly("ledger", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).containsPattern("Ledger intact: \\d+ entries in \\d+ chains; checked against"
                + " checkpoint checkpoint-\\d{8}T");
    }

    @Test
    void exportingWithoutALedgerSaysSoPlainly() {
        Path empty = TestConfig.copyOfShipped(dir.resolve("empty-config"));
        TestConfig.local(empty, java.util.Map.of("kindly.ledger.url",
                "jdbc:h2:file:" + dir.resolve("nothing-here/ledger").toAbsolutePath()));
        Console.Result r = Console.capture(() -> Kindly.commandLine()
                .execute("ledger", "export", "--format", "csv", "--config", empty.toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("there is no ledger yet");
    }

    @Test
    void previewShowsTheNextDayInEveryFormatAndChangesNothing() throws Exception {
        long entries = kindly("ledger", "export", "--format", "csv").out().lines().count();
        long outboxFiles;
        try (var files = Files.walk(dir.resolve("data/outbox"))) {
            outboxFiles = files.filter(Files::isRegularFile).count();
        }

        Console.Result table = kindly("preview", "--date", "2026-11-24", "--at", "10:00");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("Kindly preview of the cycle for 2026-11-24, as at 2026-11-24 10:00 "
                + "Asia/Shanghai").contains("History read (read-only)", "By channel", "SEND");

        Console.Result csv = kindly("preview", "--date", "2026-11-24", "--at", "10:00", "--format", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.out()))) {
            assertThat(parser.getRecords()).extracting(r -> r.get("decision")).contains("SEND", "SUPPRESS", "SKIP");
        }

        Path page = dir.resolve("preview.html");
        Console.Result html = kindly("preview", "--date", "2026-11-24", "--format", "html", "--out", page.toString());
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.err()).contains("planned messages written to " + page);
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("<caption>By channel</caption>");

        assertThat(kindly("ledger", "export", "--format", "csv").out().lines().count()).isEqualTo(entries);
        try (var files = Files.walk(dir.resolve("data/outbox"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(outboxFiles);
        }
    }
}
