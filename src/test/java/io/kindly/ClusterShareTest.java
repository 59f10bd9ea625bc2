package io.kindly;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.bench.CycleMoment;
import io.kindly.bench.SyntheticLoanBook;
import io.kindly.config.ConfigFiles;
import io.kindly.config.Settings;
import io.kindly.db.Databases;
import io.kindly.domain.Channel;
import io.kindly.plan.Cadence;
import io.kindly.policy.PolicySettings;
import io.kindly.support.DaemonProcess;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.TestDatabases;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster mode shares one cycle's work (issue 10): three daemons in processes of their own on one database server
 * (PostgreSQL, MariaDB) holding the ledger and a loan book of 10,000 accounts; the schedule fires one cycle; one
 * daemon is killed (SIGKILL) while it works a share of it: on PostgreSQL the daemon that fired the cycle (another
 * takes the run over and writes its summary), on MariaDB another one. Every planned message reaches the loopback
 * gateway once (by idempotency key, as a de-duplicating gateway counts), every one is recorded SENT, the cycle ran once
 * and completed, and the shares were worked by more than one daemon, the dead one's taken over by another. And the
 * same three daemons through a restart of the database server (ledger and loan book) in the middle of the cycle.
 */
class ClusterShareTest {
    static final int ACCOUNTS = 10_000;

    @TempDir
    Path dir;

    final List<Process> daemons = new ArrayList<>();
    volatile String lastError = "none";

    /** What happens mid-cycle: the daemon that fired the cycle is killed, another daemon is, or the server restarts. */
    enum Disruption { KILL_FIRING, KILL_OTHER, RESTART }

    @ParameterizedTest
    @CsvSource({"postgresql, KILL_FIRING", "mariadb, KILL_OTHER", "postgresql, RESTART", "mariadb, RESTART"})
    void aCycleIsSharedAndADaemonKilledMidCycleLosesNothingAndSendsNothingTwice(String vendor, Disruption disruption)
            throws Exception {
        boolean killFiring = disruption == Disruption.KILL_FIRING;
        try (TestDatabases.Scratch db = TestDatabases.of(vendor, dir);
             TestDatabases.Scratch loanBook = TestDatabases.of(vendor, dir);
             HikariDataSource ds = Databases.pool(db.settings(), "cluster-share-test", false);
             LoopbackHttpServer gateway = new LoopbackHttpServer(countingGateway())) {
            // the lender's loan book on the same server (a schema or database of its own, as a lender keeps it), due
            // on the cycle's business date
            Settings shipped = shippedSettings();
            CycleMoment moment = CycleMoment.next(SyntheticLoanBook.ZONE,
                    PolicySettings.read(shipped).holidays().getOrDefault("CN", Set.of()));
            SyntheticLoanBook.Seeded book = SyntheticLoanBook.seed(loanBook.settings(), ACCOUNTS, Cadence.read(shipped),
                    EnumSet.of(Channel.SMS), moment.businessDate());
            long planned = book.planned().get(Channel.SMS);
            long t0 = System.nanoTime();

            // one firing, some seconds after the daemons have started (one that starts late joins the cycle)
            ZonedDateTime fire = ZonedDateTime.now(shipped.zone("kindly.cycle.time-zone", ZoneId.of("Asia/Shanghai")))
                    .plusSeconds(40);
            Path overrides = overrides(dir, db, loanBook, gateway, fire,
                    Duration.between(Instant.now(), moment.start()));
            for (String name : List.of("first", "second", "third")) {
                daemons.add(start(dir, name, overrides));
            }
            System.out.printf("cluster share %s: the cycle fires at %s; daemons launched%n", vendor, fire);
            try {
                // a daemon (the one that fired the cycle, or another) is killed while it works a share of the cycle,
                // with messages going out
                Process victim;
                try {
                    victim = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                            .until(() -> workingDaemon(ds, gateway, killFiring), Optional::isPresent).get();
                // (on a restart, the daemon found only tells that the cycle is under way on a share)
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("no daemon to kill worked a share with messages going out ("
                            + gateway.requests().size() + " requests; last error: " + lastError + "; daemons "
                            + daemons.stream().map(p -> p.pid() + (p.isAlive() ? "" : " (gone)")).toList()
                            + "; runs " + runs(ds) + "; shares " + LedgerRows.query(ds, "select partition_no,"
                            + " owner_node, lease_until_utc, leases, done_by from kindly_cycle_partition") + "); logs:\n"
                            + logs(), e);
                }
                int atKill = gateway.requests().size();
                double killedAfter = (System.nanoTime() - t0) / 1e9;
                // no daemon is killed on a restart: no pid matches the "killed" one below
                long killedPid = disruption == Disruption.RESTART ? -1 : victim.pid();
                if (disruption == Disruption.RESTART) {
                    // the ledger and the loan book go away together, while the daemons work their shares
                    if (vendor.equals("postgresql")) {
                        DatabaseRestartTest.restartPostgres();
                    } else {
                        DatabaseRestartTest.restartMariadb();
                    }
                } else {
                    victim.destroyForcibly();
                    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }

                // the run ended, and its own row closed: the daemon writes the summary, then closes the row (two
                // steps, so the test waits for both)
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> runs(ds).stream().anyMatch(r -> !r.get("outcome").equals("RUNNING"))
                                && LedgerRows.query(ds, "select done_by from kindly_cycle_partition"
                                + " where partition_no < 0 and done_by is not null").size() == 1);
                List<Map<String, String>> runs = runs(ds);
                double ended = (System.nanoTime() - t0) / 1e9;
                assertThat(runs).as("the schedule fired one cycle across the daemons").hasSize(1);
                assertThat(runs.get(0).get("outcome")).as("the run: %s; logs:%n%s", runs, logs()).isEqualTo("COMPLETED");
                assertThat(Integer.parseInt(runs.get(0).get("accounts_read"))).as("accounts read in all shares")
                        .isGreaterThanOrEqualTo(ACCOUNTS);

                // every planned message reached the gateway, once by its idempotency key; a key seen twice is only
                // a claim the dead daemon left, sent again under the same key (which the gateway drops)
                List<String> keys = gateway.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
                Set<String> distinct = Set.copyOf(keys);
                Set<String> sent = LedgerRows.query(ds, "select contact_id from kindly_contact where channel = 'sms'"
                        + " and status = 'SENT'").stream().map(r -> r.get("contact_id")).collect(Collectors.toSet());
                assertThat(sent).as("every planned message recorded SENT").hasSize((int) planned);
                assertThat(distinct).as("every planned message reached the gateway, and nothing else did")
                        .isEqualTo(sent);
                int resent = LedgerRows.query(ds, "select contact_id from kindly_ledger_entry"
                        + " where reason = 'SEND_INTERRUPTED'").size();
                assertThat(keys.size() - distinct.size()).as("repeats at the gateway, at most the claims settled")
                        .isLessThanOrEqualTo(resent);
                assertThat(LedgerRows.query(ds, "select status, count(*) n from kindly_contact"
                        + " where status <> 'SENT' group by status")).as("nothing failed, unknown or left claimed")
                        .isEmpty();

                // the shares: all done, by more than one daemon; the dead daemon's taken over and done by another
                List<Map<String, String>> shares = LedgerRows.query(ds, "select partition_no, done_by, leases,"
                        + " done_at_utc from kindly_cycle_partition where partition_no >= 0 order by done_at_utc");
                // the run's own row: closed by the daemon that wrote the summary, which the killed one was not
                List<Map<String, String>> run = LedgerRows.query(ds, "select done_by, leases from"
                        + " kindly_cycle_partition where partition_no < 0");
                assertThat(run).hasSize(1);
                assertThat(run.get(0).get("done_by")).as("the run closed by a live daemon: %s", run).isNotNull()
                        .doesNotStartWith(killedPid + "@");
                // the figures, for BENCHMARKS.md (seconds from the daemons' launch)
                System.out.printf("cluster share %s (%s): %d accounts, %d messages planned; cycle %s -> %s; disrupted at "
                        + "%.1f s with %d requests at the gateway; run ended (seen) at %.1f s; %d requests, %d "
                        + "distinct keys, %d claims settled; shares: %s%n", vendor, disruption, ACCOUNTS, planned,
                        runs.get(0).get("started_at_utc"), runs.get(0).get("finished_at_utc"), killedAfter, atKill,
                        ended, keys.size(), distinct.size(), resent, shares);
                assertThat(shares).hasSize(12).allSatisfy(s -> assertThat(s.get("done_by")).isNotNull());
                assertThat(shares.stream().map(s -> s.get("done_by")).distinct().count())
                        .as("shares done by different daemons: %s", shares).isGreaterThanOrEqualTo(2);
                assertThat(shares).as("shares: %s", shares)
                        .noneMatch(s -> s.get("done_by").startsWith(killedPid + "@"));
                if (disruption != Disruption.RESTART) {
                    assertThat(shares).as("the dead daemon's share taken over: %s", shares)
                            .anyMatch(s -> Integer.parseInt(s.get("leases")) >= 2);
                }
            } finally {
                long stopping = System.nanoTime();
                stopAll();
                System.out.printf("cluster share %s: the daemons stopped in %.1f s; their logs:%n%s", vendor,
                        (System.nanoTime() - stopping) / 1e9, logs());
            }
        }
    }

    /** A daemon that holds an unfinished share and fired the cycle (or did not), once the gateway has messages. */
    Optional<Process> workingDaemon(HikariDataSource ds, LoopbackHttpServer gateway, boolean firing) {
        if (gateway.requests().size() < 500) {
            return Optional.empty();
        }
        List<Map<String, String>> runs;
        try {
            runs = runs(ds);
        } catch (RuntimeException notYet) { // the daemons migrate the ledger as they start
            lastError = notYet.toString();
            return Optional.empty();
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        String firingNode = runs.get(0).get("node");
        Set<String> holders = LedgerRows.query(ds, "select owner_node from kindly_cycle_partition"
                + " where done_at_utc is null and owner_node is not null and partition_no >= 0").stream().map(r -> r.get("owner_node"))
                .collect(Collectors.toSet());
        return daemons.stream().filter(Process::isAlive)
                .filter(p -> firingNode.startsWith(p.pid() + "@") == firing)
                .filter(p -> holders.stream().anyMatch(h -> h.startsWith(p.pid() + "@")))
                .findFirst();
    }

    static List<Map<String, String>> runs(HikariDataSource ds) {
        return LedgerRows.query(ds, "select run_id, node, outcome, accounts_read, started_at_utc, finished_at_utc"
                + " from kindly_cycle_run where trigger_kind = 'schedule'");
    }

    /** The SMS gateway: answers each request with an id, a little later (a real gateway takes its time too). */
    static java.util.function.Function<LoopbackHttpServer.Request, Response> countingGateway() {
        AtomicInteger n = new AtomicInteger();
        return r -> Response.json(200, "{\"messageId\":\"gw-" + n.incrementAndGet() + "\"}").after(2);
    }

    static Path overrides(Path dir, TestDatabases.Scratch db, TestDatabases.Scratch loanBook,
            LoopbackHttpServer gateway, ZonedDateTime fire, Duration clockOffset) throws IOException {
        Properties p = new Properties();
        p.put("kindly.ledger.url", db.settings().url());
        p.put("kindly.ledger.username", db.settings().username());
        p.put("kindly.ledger.password", "");
        p.put("kindly.ledger.pool-size", "12");
        p.put("kindly.source.type", "sql");
        p.put("kindly.source.sql.url", loanBook.settings().url());
        p.put("kindly.source.sql.username", loanBook.settings().username());
        p.put("kindly.source.sql.password", "");
        p.put("kindly.demo.enabled", "false");
        p.put("kindly.channel.email.enabled", "false");
        p.put("kindly.channel.inapp.enabled", "false");
        p.put("kindly.channel.sms.url", gateway.url("/sms"));
        p.put("kindly.channel.sms.rate-per-second", "100000");
        p.put("kindly.cluster.enabled", "true");
        p.put("kindly.cluster.partitions", "12");
        // a dead daemon's share is taken over 10 s after its last renewal (30 s in the shipped config)
        p.put("kindly.cluster.lease-seconds", "10");
        p.put("kindly.cluster.heartbeat-seconds", "2");
        // once, at that second (Quartz's cron has a year field), in the cycle's time zone
        p.put("kindly.cycle.cron", String.format("%d %d %d %d %d ? %d", fire.getSecond(), fire.getMinute(),
                fire.getHour(), fire.getDayOfMonth(), fire.getMonthValue(), fire.getYear()));
        p.put(DaemonProcess.CLOCK_OFFSET, String.valueOf(clockOffset.toSeconds()));
        Path file = dir.resolve("overrides.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "cluster share test");
        }
        return file;
    }

    /** The shipped config/ as a daemon reads it: the cadence, the time zone and the holidays the book is made for. */
    static Settings shippedSettings() throws IOException {
        Map<String, String> values = new HashMap<>();
        // the first file that sets a key wins (local.properties first), as for a daemon
        List<String> files = new ArrayList<>(ConfigFiles.FILES);
        java.util.Collections.reverse(files);
        for (String file : files) {
            Path f = Path.of("config", file);
            if (Files.exists(f)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
            }
        }
        return new Settings(k -> Optional.ofNullable(values.get(k)), ConfigFiles.in(Path.of("config")));
    }

    static Process start(Path dir, String name, Path overrides) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "-Duser.timezone=UTC", DaemonProcess.class.getName(),
                dir.resolve(name).toString(), "300", overrides.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    void stopAll() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy(); // SIGTERM: a graceful stop
        }
        for (Process p : daemons) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("first", "second", "third")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
                sb.append("--- ").append(name).append('\n');
                lines.stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("share")
                        || l.contains("daemon started") || l.contains("cycle")).limit(80).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("(no log for ").append(name).append(")\n");
            }
        }
        return sb.toString();
    }
}
