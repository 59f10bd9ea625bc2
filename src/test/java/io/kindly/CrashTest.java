package io.kindly;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.support.CycleProcess;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kindly killed with SIGKILL at random points mid-cycle, several times, then run to the end: every message the ledger
 * calls SENT reached the loopback gateway exactly once, nothing is left CLAIMED, and the gateway delivered nothing the
 * ledger does not know about.
 *
 * <p>The gateway here behaves like a real one that honours idempotency keys: a repeated key is answered with the first
 * answer and not delivered again. Kills fall both before the gateway takes a request and after it has taken one but
 * before Kindly hears the answer: the two cases a crash can leave. Set {@code -Dkindly.crash.seed=N} to replay a run;
 * the seed is printed.
 */
class CrashTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final String TEN_AM_SHANGHAI = "2026-11-23T02:00:00Z";
    static final int KILLS = 3;

    @TempDir
    Path dir;

    /** Deliveries by idempotency key, as the gateway saw them. */
    final Map<String, String> delivered = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<Process> running = new AtomicReference<>();
    volatile int killAt = Integer.MAX_VALUE;
    volatile boolean killAfterTaking;

    Response gateway(LoopbackHttpServer.Request r) {
        int n = requests.incrementAndGet();
        String key = r.header("Idempotency-Key");
        if (n == killAt && !killAfterTaking) {
            kill(); // dies before the gateway takes the message
            return Response.json(503, "{}");
        }
        String id = delivered.computeIfAbsent(key, k -> "gw-" + k.substring(3, 15));
        if (n == killAt) {
            kill(); // the gateway took it; Kindly never hears back
        }
        return Response.json(200, "{\"messageId\":\"" + id + "\",\"id\":\"" + id + "\"}");
    }

    void kill() {
        Process p = running.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    Process start(Path data, Path overrides, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Duser.timezone=UTC", "-Dsun.net.httpserver.nodelay=true", CycleProcess.class.getName(),
                data.toString(), DATE.toString(), TEN_AM_SHANGHAI, overrides.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("run-" + run + ".log").toFile());
        Process p = pb.start();
        running.set(p);
        return p;
    }

    Path overrides(TestDatabases.Scratch ledger, LoopbackHttpServer server) throws IOException {
        Properties p = new Properties();
        p.put("kindly.ledger.url", ledger.settings().url());
        p.put("kindly.ledger.username", ledger.settings().username());
        p.put("kindly.demo.loan-book-size", "150");
        p.put("kindly.channel.sms.url", server.url("/sms"));
        p.put("kindly.channel.inapp.url", server.url("/inapp"));
        p.put("kindly.channel.email.enabled", "false");
        p.put("kindly.delivery.first-retry-ms", "20");
        p.put("kindly.delivery.max-retry-ms", "100");
        Path overrides = dir.resolve("overrides.properties");
        try (Writer w = Files.newBufferedWriter(overrides, StandardCharsets.UTF_8)) {
            p.store(w, "CrashTest");
        }
        return overrides;
    }

    /**
     * SIGTERM (not a kill) mid-cycle while the gateway is slow: Kindly finishes the sends in hand and records them, and
     * leaves no claim behind for the next start to settle; the next run sends the rest, each message once.
     */
    @Test
    void stoppedBySigtermMidCycleItFinishesTheSendsInHandAndTheNextRunTheRest() throws Exception {
        Path data = dir.resolve("data");
        AtomicInteger slow = new AtomicInteger();
        try (TestDatabases.Scratch ledger = TestDatabases.of("h2", data);
                LoopbackHttpServer server = new LoopbackHttpServer(r -> {
                    Response answer = gateway(r);
                    // slow enough that several sends are in flight when the signal comes
                    return slow.get() == 1 ? answer.after(400) : answer;
                })) {
            Path overrides = overrides(ledger, server);
            slow.set(1);
            Process process = start(data, overrides, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= 30);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within the shutdown timeout").isTrue();
            String log = Files.readString(dir.resolve("run-1.log"));
            int takenBeforeStop = delivered.size();

            try (HikariDataSource ds = Databases.pool(ledger.settings(), "stop-check", false)) {
                List<Map<String, String>> contacts = LedgerRows.query(ds, "select contact_id, status from kindly_contact");
                assertThat(contacts).as(log).noneMatch(c -> c.get("status").equals("CLAIMED"));
                assertThat(contacts).noneMatch(c -> c.get("status").equals("UNKNOWN") || c.get("status").equals("FAILED"));
                Set<String> sent = contacts.stream().filter(c -> c.get("status").equals("SENT"))
                        .map(c -> c.get("contact_id")).collect(Collectors.toSet());
                // every message the gateway took is recorded as sent: none was cut off mid-send
                assertThat(sent).containsExactlyInAnyOrderElementsOf(delivered.keySet());
                assertThat(LedgerRows.query(ds, "select outcome from kindly_cycle_run")).singleElement()
                        .satisfies(r -> assertThat(r.get("outcome")).isEqualTo("FAILED"));
            }

            slow.set(0);
            Process last = start(data, overrides, 2);
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(dir.resolve("run-2.log"))).isZero();
            try (HikariDataSource ds = Databases.pool(ledger.settings(), "stop-check", false)) {
                Set<String> sent = LedgerRows.query(ds, "select contact_id from kindly_contact where status = 'SENT'")
                        .stream().map(c -> c.get("contact_id")).collect(Collectors.toSet());
                assertThat(sent).hasSizeGreaterThan(takenBeforeStop);
                assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(sent);
                // no request was repeated: nothing in hand was left to be settled by a resend
                assertThat(requests.get()).isEqualTo(sent.size());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void killedAtRandomPointsAndRunAgainEveryMessageReachesTheGatewayExactlyOnce(String kind) throws Exception {
        long seed = Long.getLong("kindly.crash.seed", System.nanoTime());
        System.out.println("CrashTest seed " + seed + " (" + kind + ")");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        try (TestDatabases.Scratch ledger = TestDatabases.of(kind, data);
                LoopbackHttpServer server = new LoopbackHttpServer(this::gateway)) {
            Path overrides = overrides(ledger, server);

            int run = 0;
            for (int k = 0; k < KILLS; k++) {
                killAfterTaking = random.nextBoolean();
                killAt = requests.get() + 1 + random.nextInt(40);
                Process process = start(data, overrides, ++run);
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("run %d ends", run).isTrue();
                System.out.println("run " + run + ": exit " + process.exitValue() + " after request " + requests.get()
                        + (killAfterTaking ? " (killed after the gateway took it)" : " (killed before)"));
            }
            killAt = Integer.MAX_VALUE;
            Process last = start(data, overrides, ++run);
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(dir.resolve("run-" + run + ".log"))).isZero();

            try (HikariDataSource ds = Databases.pool(ledger.settings(), "crash-check", false)) {
                List<Map<String, String>> contacts = LedgerRows.query(ds, "select contact_id, status from kindly_contact");
                assertThat(contacts).noneMatch(c -> c.get("status").equals("CLAIMED"));
                assertThat(contacts).noneMatch(c -> c.get("status").equals("UNKNOWN") || c.get("status").equals("FAILED"));
                Set<String> sent = contacts.stream().filter(c -> c.get("status").equals("SENT"))
                        .map(c -> c.get("contact_id")).collect(Collectors.toSet());
                assertThat(sent).hasSizeGreaterThan(100);
                // delivered once each (the gateway's map holds one delivery per key), and exactly the ones the
                // ledger calls SENT: none lost, none unknown to the ledger
                assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(sent);
                // the kills really interrupted sends that had to be settled
                long settled = Long.parseLong(LedgerRows.query(ds, "select count(*) n from kindly_ledger_entry"
                        + " where reason = 'SEND_INTERRUPTED'").get(0).get("n"));
                System.out.println("CrashTest " + kind + ": " + sent.size() + " sent, " + requests.get()
                        + " requests, " + settled + " interrupted sends settled");
                assertThat(requests.get()).isGreaterThanOrEqualTo(sent.size());
            }
        }
    }
}
