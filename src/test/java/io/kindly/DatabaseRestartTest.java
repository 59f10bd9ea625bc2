package io.kindly;

import io.kindly.cycle.CycleSummary;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger's database server restarted in the middle of a cycle (PostgreSQL, MariaDB: the real servers on this
 * machine, restarted for real): the cycle waits for it, goes on, and ends with exactly the messages an undisturbed run
 * of the same loan book sends, each reaching the gateway once, and nothing recorded as failed for the outage.
 *
 * <p>These tests stop the shared database servers for a few seconds; they run in CI's single test JVM, one test at a
 * time, and start the server again whatever happens.
 */
class DatabaseRestartTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** The ledger and the loan book on the same server, as many lenders run them: both go away at once. */
    @Test
    void postgresqlRestartedMidCycle() throws Exception {
        try (TestDatabases.Scratch ledger = TestDatabases.postgres();
             TestDatabases.Scratch loanBook = TestDatabases.postgres()) {
            restartMidCycle(ledger, loanBook, DatabaseRestartTest::restartPostgres);
        }
    }

    /** The ledger on MariaDB (the demo's loan book is written for H2 and PostgreSQL, so it stays embedded here). */
    @Test
    void mariadbRestartedMidCycle() throws Exception {
        try (TestDatabases.Scratch ledger = TestDatabases.mariadb()) {
            restartMidCycle(ledger, null, DatabaseRestartTest::restartMariadb);
        }
    }

    interface Restart {
        void run() throws Exception;
    }

    KindlyTestApp start(Path data, LoopbackHttpServer gateway, TestDatabases.Scratch ledger,
            TestDatabases.Scratch loanBook) {
        KindlyTestApp.Builder app = KindlyTestApp.in(data).clock(CLOCK)
                .property("kindly.demo.seed-date", DATE.toString())
                .property("kindly.demo.loan-book-size", "2400")
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.channel.sms.rate-per-second", "2000")
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                .property("kindly.database.outage-tolerance", "2m");
        if (ledger != null) {
            app.property("kindly.ledger.url", ledger.settings().url())
                    .property("kindly.ledger.username", ledger.settings().username())
                    .property("kindly.ledger.password", "");
        }
        if (loanBook != null) {
            app.property("kindly.source.sql.url", loanBook.settings().url())
                    .property("kindly.source.sql.username", loanBook.settings().username())
                    .property("kindly.source.sql.password", "");
        }
        return app.start();
    }

    void restartMidCycle(TestDatabases.Scratch ledger, TestDatabases.Scratch loanBook, Restart restart)
            throws Exception {
        // what the cycle decides when nothing goes wrong (the same demo book, an embedded ledger)
        Set<String> planned;
        Map<String, Long> sentPerBorrower;
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> Response.json(200, "{\"messageId\":\"gw\"}"));
             KindlyTestApp control = start(dir.resolve("control"), gateway, null, null)) {
            control.runCycle(DATE);
            planned = contacts(control);
            sentPerBorrower = sentPerBorrower(control);
        }
        assertThat(sentPerBorrower.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(200);

        AtomicInteger seen = new AtomicInteger();
        CompletableFuture<Integer> restarted = new CompletableFuture<>();
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> {
            if (seen.incrementAndGet() == 60) {
                // a fifth of the way in, the server goes away and comes back, while the cycle goes on
                CompletableFuture.runAsync(() -> {
                    try {
                        restart.run();
                        restarted.complete(seen.get());
                    } catch (Exception e) {
                        restarted.completeExceptionally(e);
                    }
                });
            }
            return Response.json(200, "{\"messageId\":\"gw-" + seen.get() + "\"}").after(2);
        });
             KindlyTestApp app = start(dir.resolve("restarted"), gateway, ledger, loanBook)) {
            CycleSummary summary = app.runCycle(DATE);
            int sentWhenBack = restarted.get(120, TimeUnit.SECONDS);

            assertThat(sentWhenBack).as("the restart was over before the cycle ended")
                    .isLessThan(gateway.requests().size());
            List<String> keys = gateway.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
            assertThat(keys).as("each message reached the gateway once").doesNotHaveDuplicates();
            Set<String> recorded = sentSms(app);
            List<Map<String, String>> unrecorded = keys.stream().filter(k -> !recorded.contains(k))
                    .flatMap(k -> LedgerRows.query(app.ledgerDataSource(), "select contact_id, status, reason, claimed_by"
                            + " from kindly_contact where contact_id = ?", k).stream()).toList();
            assertThat(recorded).as("what went out is what is recorded SENT; in the ledger, the others: %s", unrecorded)
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertThat(contacts(app)).as("every planned message decided, none lost")
                    .containsExactlyInAnyOrderElementsOf(planned);
            // as many reminders per borrower as an undisturbed run (for a borrower with several loans, the caps may
            // let a different loan's message go first when the order of work changes; never more, never fewer)
            assertThat(sentPerBorrower(app)).isEqualTo(sentPerBorrower);
            assertThat(LedgerRows.query(app.ledgerDataSource(), "select status, reason, count(*) n from kindly_contact"
                    + " where status in ('CLAIMED', 'FAILED', 'UNKNOWN') group by status, reason"))
                    .as("nothing failed, unknown or left claimed because of the outage").isEmpty();
            assertThat(summary.databaseOutages()).as("the cycle saw the database go away").isPositive();
            assertThat(summary.render()).contains("A database went away");

            // and nothing is left for a second run of the same date
            int before = gateway.requests().size();
            app.runCycle(DATE);
            assertThat(gateway.requests()).hasSize(before);
        } finally {
            if (seen.get() >= 60) {
                restarted.get(120, TimeUnit.SECONDS); // the server is up again before the next test
            }
        }
    }

    static Set<String> sentSms(KindlyTestApp app) {
        return LedgerRows.query(app.ledgerDataSource(), "select contact_id from kindly_contact where channel = 'sms'"
                + " and status = 'SENT'").stream().map(r -> r.get("contact_id")).collect(Collectors.toSet());
    }

    static Set<String> contacts(KindlyTestApp app) {
        return LedgerRows.query(app.ledgerDataSource(), "select contact_id from kindly_contact where channel = 'sms'")
                .stream().map(r -> r.get("contact_id")).collect(Collectors.toSet());
    }

    static Map<String, Long> sentPerBorrower(KindlyTestApp app) {
        return LedgerRows.query(app.ledgerDataSource(), "select borrower_id from kindly_contact where channel = 'sms'"
                + " and status = 'SENT'").stream().collect(Collectors.groupingBy(r -> r.get("borrower_id"),
                Collectors.counting()));
    }

    static void restartPostgres() throws Exception {
        String version = new String(new ProcessBuilder("ls", "/etc/postgresql").start().getInputStream()
                .readAllBytes()).strip();
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart");
        awaitReachable(TestDatabases.PG_URL, TestDatabases.PG_USER);
    }

    static void restartMariadb() throws Exception {
        long pid = Long.parseLong(new String(new ProcessBuilder("pidof", "mariadbd").start().getInputStream()
                .readAllBytes()).strip().split("\\s+")[0]);
        try {
            run("mariadb-admin", "-h", "127.0.0.1", "-u", "root", "shutdown");
            // the old server must be gone before a new one is started, or start-stop-daemon sees it and does nothing
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        } finally {
            run("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd");
            awaitReachable(TestDatabases.MARIADB_URL, TestDatabases.MARIADB_USER);
        }
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void awaitReachable(String url, String user) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            try (Connection c = DriverManager.getConnection(url, user, "")) {
                return c.isValid(2);
            }
        });
    }
}
