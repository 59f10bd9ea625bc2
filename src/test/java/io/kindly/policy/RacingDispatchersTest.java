package io.kindly.policy;

import io.kindly.cycle.CycleSummary;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.TestDatabases;
import io.kindly.support.TestLoanBook;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Kindly dispatchers share one ledger database and race through the same loan book at the same moment. Every
 * borrower has several loans due today, so each dispatcher wants to send each borrower more than the cn profile
 * allows (one SMS and one in-app message a day, three contacts a day). The caps hold anyway: both dispatchers decide
 * a borrower's contacts one after the other, under the borrower's lock in the database.
 */
class RacingDispatchersTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final Clock TEN_AM_SHANGHAI = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
    static final int BORROWERS = 20;
    static final int LOANS_EACH = 4;

    @TempDir
    Path dir;

    KindlyTestApp dispatcher(String name, TestDatabases.Scratch ledger, TestLoanBook book, LoopbackHttpServer sms,
            LoopbackHttpServer inapp) {
        return KindlyTestApp.in(dir.resolve(name)).clock(TEN_AM_SHANGHAI)
                .property("camel.main.name", "kindly-" + name)
                .property("kindly.demo.enabled", "false")
                .property("kindly.ledger.url", ledger.settings().url())
                .property("kindly.ledger.username", ledger.settings().username())
                .property("kindly.ledger.password", ledger.settings().password())
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.sms.url", sms.url("/sms"))
                .property("kindly.channel.sms.rate-per-second", "5000")
                .property("kindly.channel.inapp.url", inapp.url("/inapp"))
                .property("kindly.channel.inapp.rate-per-second", "5000")
                .property("kindly.channel.email.enabled", "false")
                .start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void twoDispatchersNeverBreakACap(String database) throws Exception {
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        for (int b = 0; b < BORROWERS; b++) {
            for (int l = 0; l < LOANS_EACH; l++) {
                book.add(loan("B" + b, "L" + b + "-" + l, TODAY));
            }
        }
        try (TestDatabases.Scratch ledger = TestDatabases.of(database, dir.resolve("ledger"));
                LoopbackHttpServer sms = new LoopbackHttpServer(r -> Response.json(200, "{\"messageId\":\"m\"}"));
                LoopbackHttpServer inapp = new LoopbackHttpServer(r -> Response.json(200, "{\"id\":\"i\"}"));
                KindlyTestApp a = dispatcher("a", ledger, book, sms, inapp);
                KindlyTestApp b = dispatcher("b", ledger, book, sms, inapp)) {

            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<CycleSummary> runA = CompletableFuture.supplyAsync(() -> race(a, together));
            CompletableFuture<CycleSummary> runB = CompletableFuture.supplyAsync(() -> race(b, together));
            CycleSummary sa = runA.get(120, TimeUnit.SECONDS);
            CycleSummary sb = runB.get(120, TimeUnit.SECONDS);

            // both really worked: each read every account and made decisions
            assertThat(sa.accountsRead()).isEqualTo(BORROWERS * LOANS_EACH);
            assertThat(sb.accountsRead()).isEqualTo(BORROWERS * LOANS_EACH);

            List<Map<String, String>> perBorrower = LedgerRows.query(a.ledgerDataSource(),
                    "select borrower_id, channel, count(*) n from kindly_contact where sent_at_utc is not null"
                            + " group by borrower_id, channel");
            // one SMS and one in-app message per borrower: exactly the cap, never more
            assertThat(perBorrower).hasSize(BORROWERS * 2).allSatisfy(r ->
                    assertThat(r.get("n")).as("%s on %s", r.get("borrower_id"), r.get("channel")).isEqualTo("1"));
            // the gateways saw exactly those sends, each business key once
            assertThat(sms.requests()).hasSize(BORROWERS);
            assertThat(inapp.requests()).hasSize(BORROWERS);
            Set<String> keys = new HashSet<>();
            sms.requests().forEach(r -> assertThat(keys.add(r.header("Idempotency-Key"))).isTrue());
            inapp.requests().forEach(r -> assertThat(keys.add(r.header("Idempotency-Key"))).isTrue());
            // everything else was decided, with its reason, and nothing was lost: which rule stopped a contact
            // (the channel's daily cap, or the gap between reminders) depends on the interleaving, not the outcome
            List<Map<String, String>> contacts = LedgerRows.query(a.ledgerDataSource(),
                    "select status, reason from kindly_contact");
            assertThat(contacts).hasSize(BORROWERS * LOANS_EACH * 2);
            assertThat(contacts).filteredOn(r -> !r.get("status").equals("SENT")).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("DEFERRED");
                assertThat(r.get("reason")).isIn("CAP_CHANNEL_DAY", "MIN_GAP");
            });
        }
    }

    private static CycleSummary race(KindlyTestApp app, CyclicBarrier together) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return app.runCycle(TODAY);
    }
}
