package io.kindly.policy;

import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.LoopbackKindlyTest;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact policy over time, on the shipped routes: a message due at night waits for the morning and goes then,
 * once; one that waits too long, or that a later stage replaces, is dropped with its reason; a payment or a closed
 * loan that arrives while a message waits stops it; caps counted from the ledger survive a restart.
 */
class DeferralTest extends LoopbackKindlyTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    /** 23:00 in Shanghai: outside the cn window (08:00-22:00). */
    static final Instant NIGHT = Instant.parse("2026-11-23T15:00:00Z");

    @Override
    protected Instant startAt() {
        return NIGHT;
    }

    @Override
    protected Response gatewayAnswer() {
        return Response.json(200, "{\"messageId\":\"gw\"}");
    }

    KindlyTestApp start() {
        return start(Path.of("config"));
    }

    KindlyTestApp start(Path config) {
        return KindlyTestApp.in(dir).config(config).clock(clock)
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                .start();
    }

    List<Map<String, String>> entries(String loan) {
        return LedgerRows.entries(app.ledgerDataSource(), "loan_id = ?", loan);
    }

    @Test
    void aMessageDueAtNightWaitsForTheMorningAndGoesThenOnce() {
        book.add(loan("B1", "L1", LocalDate.of(2026, 11, 26))); // before-3 on the 23rd
        app = start();

        app.runCycle(NOV_23);

        assertThat(gateway.requests()).isEmpty();
        assertThat(entries("L1")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("status", "DEFERRED").containsEntry("reason", "OUTSIDE_WINDOW")
                    .containsEntry("policy_profile", "cn").containsEntry("local_time", "2026-11-23T23:00:00+08:00");
            assertThat(e.get("not_before_utc")).startsWith("2026-11-24 00:00"); // 08:00 in Shanghai
            assertThat(e.get("detail")).contains("outside 08:00-22:00", "waits until 2026-11-24 08:00 Asia/Shanghai");
        });

        clock.set(Instant.parse("2026-11-23T23:59:00Z")); // 07:59 in Shanghai: not yet
        app.runRelease();
        assertThat(gateway.requests()).isEmpty();

        clock.set(Instant.parse("2026-11-24T00:01:00Z")); // 08:01
        app.runRelease();
        assertThat(gateway.requests()).hasSize(1);
        assertThat(entries("L1")).extracting(e -> e.get("status")).containsExactly("DEFERRED", "CLAIMED", "SENT");
        assertThat(entries("L1").get(1)).containsEntry("local_time", "2026-11-24T08:01:00+08:00")
                .containsEntry("business_date", "2026-11-23");

        // the next day's cycle and later releases send nothing more for it
        clock.set(Instant.parse("2026-11-24T02:00:00Z"));
        app.runCycle(NOV_23.plusDays(1));
        app.runRelease();
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void aMessageThatWaitsTooLongIsDroppedWithItsReason() {
        book.add(loan("B1", "L1", LocalDate.of(2026, 11, 26)));
        app = start();
        app.runCycle(NOV_23);

        clock.advance(Duration.ofDays(3)); // past kindly.policy.max-deferral-hours (48)
        clock.set(Instant.parse("2026-11-26T02:00:00Z"));
        app.runRelease();

        assertThat(gateway.requests()).isEmpty();
        assertThat(entries("L1")).extracting(e -> e.get("status") + " " + e.get("reason"))
                .containsExactly("DEFERRED OUTSIDE_WINDOW", "SUPPRESSED EXPIRED");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select status from kindly_contact where loan_id = 'L1'"))
                .extracting(r -> r.get("status")).containsExactly("SUPPRESSED");
    }

    @Test
    void aLaterStageReplacesAnEarlierOneStillWaiting() {
        book.add(loan("B1", "L1", NOV_23));
        app = start();
        app.runCycle(NOV_23); // due-today, at night: deferred to the 24th 08:00

        // no release ran in the morning (say Kindly was down); the next evening's cycle plans overdue-1, also at night
        clock.set(Instant.parse("2026-11-24T15:00:00Z"));
        app.runCycle(NOV_23.plusDays(1));
        clock.set(Instant.parse("2026-11-25T00:01:00Z")); // 08:01 on the 25th
        app.runRelease();

        // one reminder goes: the later one; the earlier is recorded as replaced, not silently dropped
        assertThat(gateway.requests()).hasSize(1);
        assertThat(LedgerRows.query(app.ledgerDataSource(),
                "select stage, status, reason from kindly_contact where loan_id = 'L1' order by business_date"))
                .extracting(r -> r.get("stage") + " " + r.get("status") + " " + r.get("reason"))
                .containsExactly("due-today SUPPRESSED SUPERSEDED", "overdue-1 SENT null");
    }

    @Test
    void aPaymentOrAClosedLoanWhileAMessageWaitsStopsIt() {
        book.add(loan("B1", "L-PAID", LocalDate.of(2026, 11, 26)));
        book.add(loan("B2", "L-CLOSED", LocalDate.of(2026, 11, 26)));
        book.add(loan("B3", "L-STILL-DUE", LocalDate.of(2026, 11, 26)));
        app = start();
        app.runCycle(NOV_23);

        book.update("update loan_book set outstanding = 0 where loan_no = 'L-PAID'");
        book.update("update loan_book set status = 'CLOSED' where loan_no = 'L-CLOSED'");
        book.update("update loan_book set outstanding = 250.50 where loan_no = 'L-STILL-DUE'");
        clock.set(Instant.parse("2026-11-24T00:01:00Z"));
        app.runRelease();

        assertThat(entries("L-PAID")).last().satisfies(e ->
                assertThat(e).containsEntry("status", "SUPPRESSED").containsEntry("reason", "PAID"));
        assertThat(entries("L-CLOSED")).last().satisfies(e ->
                assertThat(e).containsEntry("status", "SUPPRESSED").containsEntry("reason", "LOAN_CLOSED"));
        // the one still due goes, with the amount as it is now, not as it was read at night
        assertThat(gateway.requests()).hasSize(1);
        assertThat(entries("L-STILL-DUE")).last().satisfies(e -> assertThat(e.get("body")).contains("¥250.50"));
    }

    @Test
    void capsCountedFromTheLedgerHoldAcrossARestart() {
        book.add(loan("B1", "L1", NOV_23)); // due today
        clock.set(Instant.parse("2026-11-23T02:00:00Z")); // 10:00 in Shanghai
        app = start();
        app.runCycle(NOV_23);
        assertThat(gateway.requests()).hasSize(1);
        app.close();

        // a restart, and a second loan of the same borrower due today: cn allows one SMS per borrower per day
        book.add(loan("B1", "L2", NOV_23));
        clock.set(Instant.parse("2026-11-23T03:00:00Z"));
        app = start();
        app.runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(entries("L2")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("status", "DEFERRED").containsEntry("reason", "CAP_CHANNEL_DAY");
            assertThat(e.get("detail")).contains("1 contact on sms today", "allows 1");
            assertThat(e.get("not_before_utc")).startsWith("2026-11-24 00:00"); // tomorrow 08:00 Shanghai
        });

        // tomorrow morning it goes
        clock.set(Instant.parse("2026-11-24T00:01:00Z"));
        app.runRelease();
        assertThat(gateway.requests()).hasSize(2);
    }

    /** Kindly on a copy of the templates that it reads again at every use, with one loan due today at 10:00. */
    Path startWithLiveTemplates() {
        Path templates = TestConfig.copyTree(Path.of("templates"), dir.resolve("templates"));
        Path config = TestConfig.copyOfShipped(dir.resolve("config"));
        TestConfig.local(config, Map.of("kindly.templates.dir", templates.toString(),
                "kindly.templates.reload-seconds", "0"));
        book.add(loan("B1", "L1", NOV_23));
        clock.set(Instant.parse("2026-11-23T02:00:00Z"));
        app = start(config);
        return templates;
    }

    /**
     * Start-up lint refuses such a template, so the check at send time matters for a template edited while Kindly
     * runs (templates reload without a restart).
     */
    @Test
    void aTemplateEditedWhileRunningWithoutTheOptOutLineTheProfileRequiresIsNotSent() throws Exception {
        Path templates = startWithLiveTemplates();
        Files.writeString(templates.resolve("due-today/sms_zh.ftl"), "【${lender.name}】请于今天还款 ${amount}。\n");

        app.runCycle(NOV_23);

        assertThat(gateway.requests()).isEmpty();
        assertThat(entries("L1")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("status", "FAILED").containsEntry("reason", "OPT_OUT_NOTICE_MISSING");
            assertThat(e.get("detail")).contains("profile cn requires an opt-out notice in sms", "due-today/sms_zh.ftl");
        });
    }

    @Test
    void aTemplateEditedWhileRunningIntoAThreatIsRefusedAndNothingIsSent() throws Exception {
        Path templates = startWithLiveTemplates();
        Path sms = templates.resolve("due-today/sms_zh.ftl");
        Files.writeString(sms, Files.readString(sms).replace("您好！", "您好！逾期将被逮 捕。"));

        app.runCycle(NOV_23);

        assertThat(gateway.requests()).isEmpty();
        assertThat(entries("L1")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("status", "FAILED").containsEntry("reason", "TEMPLATE_ERROR");
            assertThat(e.get("detail")).contains("due-today/sms_zh.ftl is refused by kindly lint", "line 1",
                    "prohibited/threat-arrest", "逮 捕");
        });
    }
}
