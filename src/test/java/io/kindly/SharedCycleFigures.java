package io.kindly;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.bench.CycleMoment;
import io.kindly.bench.SyntheticLoanBook;
import io.kindly.config.Settings;
import io.kindly.db.Databases;
import io.kindly.domain.Channel;
import io.kindly.plan.Cadence;
import io.kindly.policy.PolicySettings;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The figures for BENCHMARKS.md ("Several daemons"): one cycle of N accounts run by 1, 2 and 3 daemons in processes
 * of their own on one PostgreSQL or MariaDB (ledger and loan book), against a loopback SMS gateway, nothing killed. Not a test
 * (it asserts no timing): run it on purpose with
 * {@code mvn test -Dtest=SharedCycleFigures -Dkindly.figures=true [-Dkindly.figures.accounts=20000]}.
 */
class SharedCycleFigures {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"postgresql, 1", "postgresql, 2", "postgresql, 3", "mariadb, 1", "mariadb, 3"})
    void oneCycleOnThisManyDaemons(String vendor, int count) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("kindly.figures"), "figures only when asked: -Dkindly.figures=true");
        int accounts = Integer.getInteger("kindly.figures.accounts", 10_000);
        AtomicInteger n = new AtomicInteger();
        List<Process> daemons = new ArrayList<>();
        try (TestDatabases.Scratch db = TestDatabases.of(vendor, dir);
             TestDatabases.Scratch loanBook = TestDatabases.of(vendor, dir);
             HikariDataSource ds = Databases.pool(db.settings(), "cluster-figures", true);
             LoopbackHttpServer gateway = new LoopbackHttpServer(r ->
                     Response.json(200, "{\"messageId\":\"gw-" + n.incrementAndGet() + "\"}"))) {
            Settings shipped = ClusterShareTest.shippedSettings();
            CycleMoment moment = CycleMoment.next(SyntheticLoanBook.ZONE,
                    PolicySettings.read(shipped).holidays().getOrDefault("CN", Set.of()));
            SyntheticLoanBook.Seeded book = SyntheticLoanBook.seed(loanBook.settings(), accounts,
                    Cadence.read(shipped), EnumSet.of(Channel.SMS), moment.businessDate());
            ZonedDateTime fire = ZonedDateTime.now(shipped.zone("kindly.cycle.time-zone", ZoneId.of("Asia/Shanghai")))
                    .plusSeconds(20L + 10L * count);
            Path overrides = ClusterShareTest.overrides(dir, db, loanBook, gateway, fire,
                    Duration.between(Instant.now(), moment.start()));
            for (int i = 0; i < count; i++) {
                daemons.add(ClusterShareTest.start(dir, "daemon-" + i, overrides));
            }
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> LedgerRows.query(ds, "select outcome from kindly_cycle_run where outcome <> 'RUNNING'"
                            + " and trigger_kind = 'schedule'")
                            .size() == 1);
            Map<String, String> run = LedgerRows.query(ds, "select outcome, started_at_utc, finished_at_utc,"
                    + " accounts_read from kindly_cycle_run where trigger_kind = 'schedule'").get(0);
            assertThat(run.get("outcome")).isEqualTo("COMPLETED");
            Duration took = Duration.between(Timestamp.valueOf(run.get("started_at_utc")).toInstant(),
                    Timestamp.valueOf(run.get("finished_at_utc")).toInstant());
            long sent = LedgerRows.query(ds, "select contact_id from kindly_contact where status = 'SENT'").size();
            List<Map<String, String>> byDaemon = LedgerRows.query(ds, "select done_by, count(*) shares,"
                    + " sum(accounts_read) accounts from kindly_cycle_partition where partition_no >= 0"
                    + " group by done_by");
            System.out.printf("cluster figures: %s, %d daemon(s), %d accounts, %d planned, %d sent, %d requests at the "
                    + "gateway; cycle %.1f s, %.0f messages/s; shares by daemon %s%n", vendor, count, accounts,
                    book.planned().get(Channel.SMS), sent, gateway.requests().size(), took.toMillis() / 1000.0,
                    sent / (took.toMillis() / 1000.0), byDaemon);
        } finally {
            daemons.forEach(Process::destroy);
            for (Process p : daemons) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
