package io.kindly;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.support.DaemonProcess;
import io.kindly.support.LedgerRows;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster mode: daemons in processes of their own on one ledger (PostgreSQL, MariaDB), the cycle scheduled every few
 * seconds. Each scheduled cycle runs once across them, not once per daemon; a daemon killed (SIGKILL) leaves the
 * schedule to the others.
 */
class ClusterScheduleTest {
    /** Every four seconds, so the test sees a handful of firings. */
    static final String EVERY_FOUR_SECONDS = "0/4 * * * * ?";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void eachScheduledCycleRunsOnceAcrossTheDaemonsAndOutlivesAKilledOne(String vendor) throws Exception {
        try (TestDatabases.Scratch ledger = TestDatabases.of(vendor, dir)) {
            Path overrides = overrides(ledger);
            Process first = start("first", overrides);
            Process second = start("second", overrides);
            Process third = start("third", overrides);
            Instant killedAt;
            try (HikariDataSource ds = Databases.pool(ledger.settings(), "cluster-test-wait", true)) {
                // the daemons have fired a couple of cycles between them; then the first one is killed. The first
                // cycle alone takes about 35 s (the demo book's unreachable addresses are tried four times, with
                // backoff, before they are given up), after three cold JVMs have started on two cores: 60 s was
                // too tight on a slow day
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                        scheduledRuns(ds) >= 2);
                assertThat(first.isAlive()).as("still running").isTrue();
                first.destroyForcibly();
                Instant killed = Instant.now();
                killedAt = killed;
                // the others take the schedule over (after Quartz's check-in interval)
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                        scheduledStarts(ds).stream().filter(s -> s.isAfter(killed.plusSeconds(8))).count() >= 2);
                assertThat(second.isAlive()).as(log("second")).isTrue();
                assertThat(third.isAlive()).as(log("third")).isTrue();
                second.destroy(); // SIGTERM: a graceful stop
                third.destroy();
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
                second.destroyForcibly();
                third.destroyForcibly();
            }

            List<Map<String, String>> runs;
            try (HikariDataSource ds = Databases.pool(ledger.settings(), "cluster-test", true)) {
                runs = LedgerRows.query(ds, "select node, started_at_utc, outcome from kindly_cycle_run"
                        + " where trigger_kind = 'schedule' order by started_at_utc");
            }
            List<Instant> starts = new ArrayList<>();
            runs.forEach(r -> starts.add(Timestamp.valueOf(r.get("started_at_utc")).toInstant()));
            // a firing every four seconds: several, and no more than the firings in that time
            // (three daemons each firing would make three times as many). A firing that came while the previous cycle
            // still ran goes as soon as it ends (Quartz's misfire policy), so two may start close together.
            assertThat(runs).as("scheduled cycles: %s", runs).hasSizeGreaterThanOrEqualTo(4);
            long firings = Duration.between(starts.get(0), starts.get(starts.size() - 1)).toSeconds() / 4 + 2;
            assertThat(runs).as("one cycle per firing across the daemons: %s", runs)
                    .hasSizeLessThanOrEqualTo((int) firings);
            // cycles completed before and after the kill; the killed daemon's may stay RUNNING (as a crash leaves it),
            // and one a daemon was running when it was stopped at the end ends FAILED (it takes no new accounts)
            assertThat(runs).filteredOn(r -> r.get("outcome").equals("COMPLETED")).as("cycles: %s", runs)
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(runs).filteredOn(r -> !r.get("outcome").equals("COMPLETED")).as("cycles: %s", runs)
                    .hasSizeLessThanOrEqualTo(3);
            // the schedule went on after the first daemon was killed, fired by the others
            assertThat(starts).as("firings after the kill: %s", runs)
                    .anySatisfy(s -> assertThat(s).isAfter(killedAt.plusSeconds(8)));
        }
    }

    static List<Instant> scheduledStarts(HikariDataSource ds) {
        return LedgerRows.query(ds, "select started_at_utc from kindly_cycle_run where trigger_kind = 'schedule'")
                .stream().map(r -> Timestamp.valueOf(r.get("started_at_utc")).toInstant()).toList();
    }

    static int scheduledRuns(HikariDataSource ds) {
        try {
            return LedgerRows.query(ds, "select run_id from kindly_cycle_run where trigger_kind = 'schedule'").size();
        } catch (RuntimeException notYet) {
            return 0; // the first daemon has not migrated the ledger yet
        }
    }

    Process start(String name, Path overrides) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Duser.timezone=UTC", DaemonProcess.class.getName(), dir.resolve(name).toString(),
                "300", overrides.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path overrides(TestDatabases.Scratch ledger) throws IOException {
        Properties p = new Properties();
        p.put("kindly.ledger.url", ledger.settings().url());
        p.put("kindly.ledger.username", ledger.settings().username());
        p.put("kindly.ledger.password", "");
        p.put("kindly.cluster.enabled", "true");
        // a share of a cycle held by the killed daemon is taken over soon, so the next firings are not held up
        p.put("kindly.cluster.lease-seconds", "6");
        p.put("kindly.cluster.heartbeat-seconds", "2");
        // a few shares: the demo book's unreachable addresses wait for retries, and a share ends with its slowest one
        p.put("kindly.cluster.partitions", "6");
        p.put("kindly.cycle.cron", EVERY_FOUR_SECONDS);
        p.put("kindly.demo.loan-book-size", "60");
        Path file = dir.resolve("overrides.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "cluster test");
        }
        return file;
    }
}
