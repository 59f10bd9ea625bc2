package io.kindly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.domain.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code kindly bench} on a small book (H2, in this JVM, the stubs in a child process started from the test
 * classpath): every planned message reaches its stub exactly once, the table has every figure, and the child is gone
 * afterwards. No timing is asserted: the figures are whatever this machine gives.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSmallBenchWarmsUpThenSendsEveryPlannedMessageOnceAndPrintsEveryFigure() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchCommand bench = new BenchCommand(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Path json = dir.resolve("figures.json");

        int exit = new CommandLine(bench).execute("--accounts", "300", "--warmup", "50", "--threads", "8",
                "--bare-requests", "500", "--max-seconds", "300", "--json", json.toString());

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        BenchReport report = bench.report();
        // 300 accounts round the shipped cadence's eight stages: 2.5 messages each over the three channels
        assertThat(report.seeded.plannedTotal()).isEqualTo(750);
        assertThat(report.sent()).as(text).isEqualTo(750);
        assertThat(report.stoppedAtMaxSeconds).isFalse();
        // the warm-up ran on its own book and ledger, sent its messages once, and the stub counts below exclude them
        assertThat(report.warmup.accounts()).isEqualTo(50);
        assertThat(report.warmup.sent()).isEqualTo(report.warmup.planned()).isPositive();
        assertThat(report.warmup.stubRequests()).isEqualTo(report.warmup.sent());
        assertThat(report.warmup.duplicates()).isZero();
        assertThat(report.stub.duplicates()).isZero();
        for (Channel c : Channel.values()) {
            StubCounts.Tally seen = report.stub.of(c);
            assertThat(seen.requests()).as("%s requests", c).isEqualTo(report.sent(c))
                    .isEqualTo(report.seeded.planned().get(c));
            assertThat(seen.distinctKeys()).as("%s distinct keys", c).isEqualTo(report.sent(c));
            assertThat(seen.unkeyed()).as("%s requests without a key", c).isZero();
        }
        assertThat(report.ledgerFigures.count("SENT")).isEqualTo(750);
        assertThat(report.ledgerFigures.claimToSentMicros()).hasSize(750);
        assertThat(report.bare.requests()).isEqualTo(500);
        // the other floor: every bare claim inserted and updated on the bench's own ledger, its table gone afterwards
        assertThat(report.bareLedger.messages()).isEqualTo(500);
        assertThat(report.bareLedger.batch()).isEqualTo(50);
        assertThat(report.bareRecordCpu()).isPositive();
        assertThat(report.machineCeiling()).isPositive(); // the embedded H2: its CPU is this JVM's
        assertThat(report.groupCommit).containsOnlyKeys("status reads", "policy reads", "decisions", "claims",
                "outcomes");
        assertThat(report.groupCommit.values()).allSatisfy(g -> assertThat(g.requests()).isGreaterThanOrEqualTo(
                g.batches()));
        // every contact is claimed and its outcome recorded; the synthetic book has no decision not to send
        assertThat(report.groupCommit.get("claims").requests()).isEqualTo(750);
        assertThat(report.groupCommit.get("outcomes").requests()).isPositive();

        assertThat(text).contains("machine", "accounts", "messages sent", "total 750", "other outcomes",
                "messages/s", "claim to outcome p50", "p99", "peak heap used", "live heap after GC", "peak RSS",
                "Kindly CPU per message", "transactions per message", "stub requests",
                "every SENT message reached the stub exactly once", "duplicate keys             none",
                "bare HTTP client", "Kindly / bare", "bare ledger", "per bare record", "machine ceiling", "kindly.channel.sms.rate-per-second = 100000",
                "camel.threadpool.config[kindlyCycle].pool-size = 8", "Warm-up ran: 50 accounts",
                "its figures are not counted", "JIT compilation", "ms during the cycle", "group commit",
                "  status reads", "  policy reads", "  decisions", "  claims", "  outcomes", "per batch");
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("sent").get("total").asLong()).isEqualTo(750);
        assertThat(figures.get("duplicateKeys").asLong()).isZero();
        assertThat(figures.has("messagesPerSecond")).isTrue();
        assertThat(figures.has("claimToOutcomeP99Ms")).isTrue();
        assertThat(figures.get("warmup").get("accounts").asLong()).isEqualTo(50);
        assertThat(figures.get("warmup").get("seconds").asDouble()).isPositive();
        assertThat(figures.has("jitCompileMs")).isTrue();
        assertThat(figures.has("jitCompileMsPerMessage")).isTrue();
        assertThat(figures.has("jitCompilerThreadsCpuMs")).isTrue();
        assertThat(figures.has("databaseServerCpuMs")).isTrue(); // null: the ledger is H2
        assertThat(figures.get("groupCommit").get("claims").get("requests").asLong()).isEqualTo(750);
        assertThat(figures.get("bareLedger").get("messages").asLong()).isEqualTo(500);
        assertThat(figures.get("machineCeilingMessagesPerSecond").asDouble()).isPositive();
        assertThat(figures.get("groupCommit").get("outcomes").has("meanBatch")).isTrue();

        assertThat(report.stubGone).isTrue();
        Optional<ProcessHandle> child = ProcessHandle.of(report.stubPid);
        assertThat(child.map(ProcessHandle::isAlive).orElse(false)).as("stub process %d", report.stubPid).isFalse();
    }

    @Test
    void theSmtpSinkTakesManyMessagesOnOneConnectionAndSpotsARepeatedMessageId() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            say(out, "EHLO bench");
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            for (String id : new String[] {"<k1-a@lender.example>", "<k1-b@lender.example>", "<k1-a@lender.example>"}) {
                say(out, "MAIL FROM:<reminders@lender.example>");
                assertThat(in.readLine()).startsWith("250");
                say(out, "RCPT TO:<borrower@example.com>");
                assertThat(in.readLine()).startsWith("250");
                say(out, "DATA");
                assertThat(in.readLine()).startsWith("354");
                // a body line starting with a dot arrives dot-stuffed, and must not end the message
                say(out, "Message-ID: " + id + "\r\nSubject: x\r\n\r\n..not the end\r\n.");
                assertThat(in.readLine()).startsWith("250");
            }
            say(out, "RSET");
            assertThat(in.readLine()).startsWith("250");
            say(out, "QUIT");
            assertThat(in.readLine()).startsWith("221");
            await().until(() -> (long) sink.mails.snapshot().get("requests") == 3);
            assertThat(sink.mails.snapshot()).containsEntry("distinctKeys", 2L).containsEntry("duplicates", 1L);
            assertThat(sink.connections.sum()).isEqualTo(1);
        }
    }

    @Test
    void theBenchUsesOnlyItsOwnSchemaOrDatabaseAndANewH2File() throws Exception {
        assertThat(BenchDatabases.inBenchSchema("jdbc:postgresql://127.0.0.1:5432/test"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=kindly_bench");
        assertThat(BenchDatabases.inBenchSchema("jdbc:postgresql://h/test?currentSchema=public&ssl=false"))
                .isEqualTo("jdbc:postgresql://h/test?ssl=false&currentSchema=kindly_bench");
        assertThat(BenchDatabases.inBenchDatabase("jdbc:mariadb://127.0.0.1:3306/test?useSsl=false"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/kindly_bench?useSsl=false");
        assertThat(BenchDatabases.inBenchDatabase("jdbc:mysql://db:3306")).isEqualTo("jdbc:mysql://db:3306/kindly_bench");
        assertThat(BenchDatabases.inBenchSchema("jdbc:postgresql://127.0.0.1:5432/test", BenchDatabases.WARMUP_NAME))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=kindly_bench_warmup");
        assertThat(BenchDatabases.inBenchDatabase("jdbc:mariadb://127.0.0.1:3306/test", BenchDatabases.WARMUP_NAME))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/kindly_bench_warmup");
        // the database server's CPU is read from /proc only when it runs on this machine
        assertThat(PostgresServerCpu.host("jdbc:postgresql://127.0.0.1:5432/test")).isEqualTo("127.0.0.1");
        assertThat(PostgresServerCpu.host("jdbc:postgresql://LocalHost/test?ssl=false")).isEqualTo("localhost");
        assertThat(PostgresServerCpu.host("jdbc:postgresql://[::1]:5432/test")).isEqualTo("[::1]");
        assertThat(PostgresServerCpu.host("jdbc:postgresql:test")).isEqualTo("localhost");
        assertThat(PostgresServerCpu.host("jdbc:postgresql://db.example.com:5432/test")).isEqualTo("db.example.com");
        assertThat(PostgresServerCpu.host("jdbc:h2:file:/tmp/x")).isNull();

        Files.writeString(dir.resolve("old.mv.db"), "an earlier run's ledger");
        assertThatThrownBy(() -> new BenchDatabases().prepare("kindly.ledger",
                "jdbc:h2:file:" + dir.resolve("old"), null, null, dir.resolve("unused")))
                .hasMessageContaining("needs a new H2 file");
    }

    private static void say(OutputStream out, String text) throws Exception {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
