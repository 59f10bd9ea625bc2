package io.kindly.dispatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.cycle.CycleSummary;
import io.kindly.ledger.NodeId;
import io.kindly.domain.Status;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.LoopbackKindlyTest;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import io.kindly.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection on the shipped routes: a gateway answering 500s, 429s, refusals, too slowly or not at all; SMTP
 * refusing for now, for good, or down and then back; a gateway that stays down (the circuit breaker); a window that
 * closes between tries; sends left unfinished by a process that stopped. Retries here wait milliseconds, not seconds.
 */
class DeliveryFaultsTest extends LoopbackKindlyTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    /** 10:00 in Shanghai: inside every window. */
    static final Instant MORNING = Instant.parse("2026-11-23T02:00:00Z");


    /** SMS only, to the loopback gateway, with quick retries and a breaker that stays out of the way. */
    Map<String, String> sms() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kindly.channel.sms.url", gateway.url("/sms"));
        p.put("kindly.channel.email.enabled", "false");
        p.put("kindly.channel.inapp.enabled", "false");
        p.put("kindly.delivery.first-retry-ms", "20");
        p.put("kindly.delivery.max-retry-ms", "100");
        p.put("kindly.channel.sms.breaker.minimum-calls", "100");
        p.put("kindly.channel.sms.breaker.window", "100");
        p.put("camel.component.http.response-timeout", "400");
        p.put("camel.component.http.so-timeout", "400");
        return p;
    }

    KindlyTestApp start(Map<String, String> properties) {
        KindlyTestApp.Builder b = KindlyTestApp.in(dir).clock(clock)
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url());
        properties.forEach(b::property);
        app = b.start();
        return app;
    }

    Map<String, String> contact(String loan) {
        return LedgerRows.query(app.ledgerDataSource(), "select status, reason, attempts, gateway_message_id"
                + " from kindly_contact where loan_id = ?", loan).get(0);
    }

    List<Map<String, String>> entries(String loan) {
        return LedgerRows.entries(app.ledgerDataSource(), "loan_id = ?", loan);
    }

    static Response failFirst(AtomicInteger calls, int failures, Response failure) {
        return calls.incrementAndGet() <= failures ? failure : Response.json(200, "{\"messageId\":\"gw-ok\"}");
    }

    // --------------------------------------------------------------------------------------------------- HTTP

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 408})
    void aGatewayThatFailsForNowIsTriedAgainWithTheSameKeyUntilItTakesTheMessage(int status) {
        AtomicInteger calls = new AtomicInteger();
        gateway.respondWith(r -> failFirst(calls, 2, Response.json(status, "{\"error\":\"later\"}")));
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(3);
        assertThat(gateway.requests()).extracting(r -> r.header("Idempotency-Key")).containsOnly(
                gateway.requests().get(0).header("Idempotency-Key"));
        assertThat(contact("L1")).containsEntry("status", "SENT").containsEntry("attempts", "3")
                .containsEntry("gateway_message_id", "gw-ok");
        assertThat(entries("L1")).extracting(e -> e.get("status")).containsExactly("CLAIMED", "SENT");
        assertThat(entries("L1").get(1).get("error")).startsWith("sent at attempt 3 after: HTTP " + status);
    }

    @Test
    void aGatewayThatKeepsFailingGivesUpAfterTheLastAttemptAndTheSummaryCountsIt() {
        gateway.respondWith(r -> Response.json(503, "{\"error\":\"down\"}"));
        book.add(loan("B1", "L1", NOV_23));
        CycleSummary summary = start(sms()).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(4); // kindly.delivery.max-attempts
        assertThat(contact("L1")).containsEntry("status", "FAILED").containsEntry("reason", "GATEWAY_ERROR")
                .containsEntry("attempts", "4");
        assertThat(entries("L1").get(1).get("error")).startsWith("4 attempts: HTTP 503").endsWith("HTTP 503: {\"error\":\"down\"}");
        assertThat(summary.count(Status.FAILED)).isEqualTo(1);
        assertThat(summary.render()).contains("FAILED GATEWAY_ERROR");
    }

    /**
     * A wrong password or address (401, 403, 404) is the channel's fault: the first refusal opens the breaker, so the
     * other borrowers' reminders are not even tried, none is FAILED, all wait (DEFERRED GATEWAY_CREDENTIALS), and the
     * lender reads one ERROR line; once the gateway takes a message again, the channel works.
     */
    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void aRefusedChannelStopsAtOnceAndParksItsMessagesWithOneErrorLine(int status) {
        long mark = io.kindly.support.RawLog.mark();
        gateway.respondWith(r -> new Response(status, status == 403 ? "Authorization failed for sendsms" : ""));
        for (int i = 1; i <= 12; i++) {
            book.add(loan("B" + i, "L" + i, NOV_23));
        }
        Map<String, String> p = sms();
        p.put("kindly.channel.sms.rate-per-second", "1000");
        p.put("kindly.channel.sms.breaker.open-seconds", "2");
        CycleSummary summary = start(p).runCycle(NOV_23);

        // the refusals already under way when the breaker opened (8 worker threads), perhaps one more let through to
        // try again, and no more
        assertThat(gateway.requests().size()).isBetween(1, 9);
        List<Map<String, String>> contacts = LedgerRows.query(app.ledgerDataSource(),
                "select status, reason, not_before_utc from kindly_contact where channel = 'sms'");
        assertThat(contacts).hasSize(12).allSatisfy(c -> assertThat(c).containsEntry("status", "DEFERRED")
                .containsEntry("reason", "GATEWAY_CREDENTIALS"));
        assertThat(summary.count(Status.FAILED)).isZero();
        assertThat(summary.render()).contains("DEFERRED GATEWAY_CREDENTIALS");
        String log = io.kindly.support.RawLog.since(mark);
        // one line for the lender (at ERROR, from ChannelStops), not one per borrower
        assertThat(log.lines().filter(l -> l.contains("channel stopped"))).hasSize(1).allSatisfy(l -> assertThat(l)
                .startsWith("io.kindly.dispatch.ChannelStops - sms channel stopped").contains("HTTP " + status)
                .contains("kindly.channel.sms.url"));
        assertThat(log).doesNotContain("FAILED on sms");

        // fixed: the breaker lets one through after open-seconds, the gateway takes it, and the rest follow
        gateway.respondWith(r -> Response.json(200, "{\"messageId\":\"gw-ok\"}"));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            clock.set(clock.instant().plusSeconds(60));
            app.runRelease();
            return LedgerRows.query(app.ledgerDataSource(), "select status from kindly_contact where channel = 'sms'"
                    + " and status <> 'SENT'").isEmpty();
        });
        assertThat(io.kindly.support.RawLog.since(mark)).contains("sms channel works again");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void aRefusalIsFinalAtOnce(int status) {
        gateway.respondWith(r -> Response.json(status, "{\"error\":\"invalid number\"}"));
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact("L1")).containsEntry("status", "FAILED").containsEntry("reason", "GATEWAY_REJECTED")
                .containsEntry("attempts", "1");
    }

    @Test
    void aTimeoutIsRepeatedWithTheSameKeyOnAGatewayThatDeduplicates() {
        AtomicInteger calls = new AtomicInteger();
        // the first two answers come after the client stopped waiting (kindly's response timeout is 400 ms here)
        gateway.respondWith(r -> calls.incrementAndGet() <= 2 ? Response.json(200, "{\"messageId\":\"late\"}").after(1500)
                : Response.json(200, "{\"messageId\":\"gw-ok\"}"));
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(3)
                .extracting(r -> r.header("Idempotency-Key")).containsOnly(gateway.requests().get(0).header("Idempotency-Key"));
        assertThat(contact("L1")).containsEntry("status", "SENT").containsEntry("attempts", "3");
        assertThat(entries("L1").get(1).get("error")).contains("timed out");
    }

    @Test
    void aTimeoutOnAGatewayThatCannotDeduplicateIsUnknownAndNotRepeated() {
        gateway.respondWith(r -> Response.json(200, "{\"messageId\":\"late\"}").after(1500));
        book.add(loan("B1", "L1", NOV_23));
        Map<String, String> p = sms();
        p.put("kindly.channel.sms.idempotent", "false");
        CycleSummary summary = start(p).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact("L1")).containsEntry("status", "UNKNOWN").containsEntry("reason", "OUTCOME_UNKNOWN");
        assertThat(summary.render()).contains("UNKNOWN OUTCOME_UNKNOWN");
    }

    @Test
    void aSlowGatewayWithinTheTimeoutIsJustSlow() {
        gateway.respondWith(r -> Response.json(200, "{\"messageId\":\"gw-slow\"}").after(150));
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact("L1")).containsEntry("status", "SENT").containsEntry("gateway_message_id", "gw-slow");
    }

    @Test
    void aDeadGatewayOpensTheBreakerAndTheRestWaitThenGoWhenItIsBack() {
        gateway.respondWith(r -> Response.json(503, "{\"error\":\"down\"}"));
        for (int i = 1; i <= 12; i++) {
            book.add(loan("B" + i, "L" + i, NOV_23));
        }
        Map<String, String> p = sms();
        p.put("kindly.channel.sms.breaker.minimum-calls", "4");
        p.put("kindly.channel.sms.breaker.window", "4");
        // long enough that a slow machine cannot see the breaker half-open (and let calls through) mid-cycle
        p.put("kindly.channel.sms.breaker.open-seconds", "3");
        // one worker: how many calls slip through before the breaker counts its fourth failure is then not a matter
        // of thread timing (with eight, a loaded machine let through up to 23 of the 48)
        p.put("camel.threadpool.config[kindlyCycle].pool-size", "1");
        p.put("camel.threadpool.config[kindlyCycle].max-pool-size", "1");
        // and retries that come well after the first attempts: a retry runs on a thread of its own, so with retries
        // 20 ms apart a slow machine had several calls under way at once before the breaker counted its fourth
        // failure (CI once saw 12)
        p.put("kindly.delivery.first-retry-ms", "1000");
        p.put("kindly.delivery.max-retry-ms", "2000");
        start(p).runCycle(NOV_23);

        // without the breaker: 12 messages x 4 attempts = 48 calls; with it, the four that open it and perhaps a
        // retry already under way
        int hammered = gateway.requests().size();
        assertThat(hammered).isBetween(4, 8);
        List<Map<String, String>> rows = LedgerRows.query(app.ledgerDataSource(),
                "select status, reason from kindly_contact order by loan_id");
        assertThat(rows).noneMatch(r -> r.get("status").equals("SENT") || r.get("status").equals("CLAIMED"));
        long waiting = rows.stream().filter(r -> "GATEWAY_UNAVAILABLE".equals(r.get("reason"))
                && r.get("status").equals("DEFERRED")).count();
        assertThat(waiting).isGreaterThanOrEqualTo(8);

        // the gateway is back; the breaker lets a first call through after open-seconds, then closes
        gateway.respondWith(r -> Response.json(200, "{\"messageId\":\"gw-back\"}"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            clock.advance(Duration.ofSeconds(2)); // the parked messages' time has come
            app.runRelease();
            return LedgerRows.query(app.ledgerDataSource(), "select count(*) n from kindly_contact where status ="
                    + " 'DEFERRED'").get(0).get("n").equals("0");
        });
        long sent = LedgerRows.query(app.ledgerDataSource(), "select count(*) n from kindly_contact where status ="
                + " 'SENT'").stream().mapToLong(r -> Long.parseLong(r.get("n"))).sum();
        assertThat(sent).isEqualTo(waiting);
    }

    @Test
    void aRetryThatWouldFallAfterTheWindowClosesWaitsForTheMorningInstead() {
        clock.set(Instant.parse("2026-11-23T13:50:00Z")); // 21:50 in Shanghai; the window shuts at 22:00 (21:55 with
                                                          // the margin)
        AtomicInteger calls = new AtomicInteger();
        gateway.respondWith(r -> failFirst(calls, 1, Response.json(503, "{}")));
        book.add(loan("B1", "L1", NOV_23));
        Map<String, String> p = sms();
        p.put("kindly.delivery.first-retry-ms", "600000"); // the next try would be at about 22:00-22:02
        p.put("kindly.delivery.max-retry-ms", "600000");
        start(p).runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact("L1")).containsEntry("status", "DEFERRED").containsEntry("reason", "RETRY_LATER");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select not_before_utc from kindly_contact").get(0)
                .get("not_before_utc")).startsWith("2026-11-24 00:00"); // 08:00 in Shanghai

        clock.set(Instant.parse("2026-11-24T00:01:00Z"));
        app.runRelease();
        // the same message, the next morning, under the same key
        assertThat(gateway.requests()).hasSize(2).extracting(r -> r.header("Idempotency-Key"))
                .containsOnly(gateway.requests().get(0).header("Idempotency-Key"));
        assertThat(contact("L1")).containsEntry("status", "SENT");
    }

    @Test
    void aGatewayThatSaysWhenToComeBackIsLeftAloneUntilThen() {
        AtomicInteger calls = new AtomicInteger();
        gateway.respondWith(r -> failFirst(calls, 1, Response.json(429, "{\"error\":\"slow down\"}")
                .header("Retry-After", "600")));
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);

        // not hammered with the usual quick retries: one request, then the message waits ten minutes
        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact("L1")).containsEntry("status", "DEFERRED").containsEntry("reason", "RETRY_LATER");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select not_before_utc from kindly_contact").get(0)
                .get("not_before_utc")).startsWith("2026-11-23 02:10:00");

        clock.set(MORNING.plusSeconds(5 * 60));
        app.runRelease();
        assertThat(gateway.requests()).as("not before the time it asked for").hasSize(1);
        clock.set(MORNING.plusSeconds(11 * 60));
        app.runRelease();
        assertThat(gateway.requests()).hasSize(2).extracting(r -> r.header("Idempotency-Key"))
                .containsOnly(gateway.requests().get(0).header("Idempotency-Key"));
        assertThat(contact("L1")).containsEntry("status", "SENT");
    }

    // --------------------------------------------------------------------------------------------------- SMTP

    Map<String, String> email(int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kindly.channel.sms.enabled", "false");
        p.put("kindly.channel.inapp.enabled", "false");
        p.put("kindly.channel.email.uri", "smtp://127.0.0.1:" + port + "?connectionTimeout=2000");
        p.put("kindly.delivery.first-retry-ms", "20");
        p.put("kindly.delivery.max-retry-ms", "100");
        p.put("kindly.channel.email.breaker.minimum-calls", "100");
        p.put("kindly.channel.email.breaker.window", "100");
        return p;
    }

    @Test
    void anSmtpFourHundredIsTriedAgain() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> n <= 2 ? "451 4.3.0 try again later" : "250 2.0.0 OK")) {
            book.add(loan("B1", "L1", NOV_23));
            start(email(smtp.port())).runCycle(NOV_23);

            assertThat(smtp.attempts()).isEqualTo(3);
            assertThat(smtp.accepted()).hasSize(1);
            assertThat(contact("L1")).containsEntry("status", "SENT").containsEntry("attempts", "3");
        }
    }

    @Test
    void aRefusedSmtpLoginStopsTheEmailChannelAndParksItsMessages() throws Exception {
        long mark = io.kindly.support.RawLog.mark();
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> "250 OK").refuseLogin()) {
            for (int i = 1; i <= 5; i++) {
                book.add(loan("B" + i, "L" + i, NOV_23));
            }
            Map<String, String> p = email(smtp.port());
            p.put("kindly.channel.email.uri", "smtp://127.0.0.1:" + smtp.port()
                    + "?connectionTimeout=2000&username=reminders&password=wrong-password");
            CycleSummary summary = start(p).runCycle(NOV_23);

            assertThat(smtp.attempts()).isZero();
            assertThat(LedgerRows.query(app.ledgerDataSource(), "select status, reason from kindly_contact"
                    + " where channel = 'email'")).hasSize(5).allSatisfy(c -> assertThat(c)
                    .containsEntry("status", "DEFERRED").containsEntry("reason", "GATEWAY_CREDENTIALS"));
            assertThat(summary.count(Status.FAILED)).isZero();
            String log = io.kindly.support.RawLog.since(mark);
            assertThat(log.lines().filter(l -> l.contains("channel stopped"))).hasSize(1).allSatisfy(l -> assertThat(l)
                    .startsWith("io.kindly.dispatch.ChannelStops - email channel stopped")
                    .contains("SMTP authentication failed"));
            assertThat(log).doesNotContain("FAILED on email");
            // Kindly's own lines (Camel's start-up summary prints the URI as configured: keep the password in the
            // environment, password=RAW({{env:KINDLY_SMTP_PASSWORD}}), as README.md says)
            assertThat(log.lines().filter(l -> l.startsWith("io.kindly"))).noneMatch(l -> l.contains("wrong-password"));
        }
    }

    @Test
    void anSmtpFiveHundredIsFinal() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> "554 5.7.1 rejected")) {
            book.add(loan("B1", "L1", NOV_23));
            start(email(smtp.port())).runCycle(NOV_23);

            assertThat(smtp.attempts()).isEqualTo(1);
            assertThat(contact("L1")).containsEntry("status", "FAILED").containsEntry("reason", "GATEWAY_REJECTED");
            assertThat(entries("L1").get(1).get("error")).contains("SMTP 554");
        }
    }

    @Test
    void aMailServerThatIsDownAndThenBackGetsTheMessage() {
        int port = Ports.free();
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try {
            book.add(loan("B1", "L1", NOV_23));
            Map<String, String> p = email(port);
            p.put("kindly.delivery.first-retry-ms", "400");
            p.put("kindly.delivery.max-retry-ms", "1500");
            p.put("kindly.delivery.max-attempts", "8");
            start(p);
            long log = RawLog.mark();
            CompletableFuture<CycleSummary> cycle = CompletableFuture.supplyAsync(() -> app.runCycle(NOV_23));
            // the first attempt finds nobody listening; the server comes up while Kindly waits to try again
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> RawLog.since(log).contains("attempt 1 failed (SMTP not reachable)"));
            mail.start();
            cycle.join();

            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(contact("L1")).containsEntry("status", "SENT");
            assertThat(Integer.parseInt(contact("L1").get("attempts"))).isGreaterThan(1);
            assertThat(entries("L1").get(1).get("error")).contains("mail server not reachable");
        } finally {
            mail.stop();
        }
    }

    // ---------------------------------------------------------------------------- sends a stopped process left

    /** Turns a sent contact back into what a process killed mid-send leaves: CLAIMED by it, with no outcome. */
    void interrupt(String loan, String claimedBy, Instant claimedAt) {
        var ds = app.ledgerDataSource();
        LedgerRows.update(ds, "update kindly_contact set status = 'CLAIMED', claimed_by = ?, sent_at_utc = ?,"
                + " gateway_message_id = null where loan_id = ?", claimedBy,
                java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(claimedAt, java.time.ZoneOffset.UTC)), loan);
        LedgerRows.update(ds, "delete from kindly_ledger_entry where loan_id = ? and status <> 'CLAIMED'", loan);
    }

    static String deadProcessHere() {
        NodeId self = NodeId.current();
        return new NodeId(Integer.MAX_VALUE - 7, self.host(), 1).toString();
    }

    @Test
    void anSmsLeftMidSendByAStoppedProcessIsSentAgainWithItsKeySoTheGatewayDeliversItOnce() {
        Map<String, String> delivered = new java.util.concurrent.ConcurrentHashMap<>();
        gateway.respondWith(r -> {
            String key = r.header("Idempotency-Key");
            delivered.putIfAbsent(key, "gw-" + delivered.size());
            return Response.json(200, "{\"messageId\":\"" + delivered.get(key) + "\"}");
        });
        book.add(loan("B1", "L1", NOV_23));
        start(sms()).runCycle(NOV_23);
        interrupt("L1", deadProcessHere(), MORNING);

        clock.advance(Duration.ofMinutes(1));
        app.runCycle(NOV_23);

        assertThat(gateway.requests()).hasSize(2);
        assertThat(delivered).hasSize(1); // the gateway knew the key: one message
        assertThat(contact("L1")).containsEntry("status", "SENT").containsEntry("gateway_message_id", "gw-0");
        assertThat(entries("L1")).extracting(e -> e.get("status") + " " + e.get("reason"))
                .containsExactly("CLAIMED null", "DEFERRED SEND_INTERRUPTED", "CLAIMED null", "SENT null");
        assertThat(entries("L1").get(1).get("detail")).contains("which stopped", "same idempotency key");
    }

    @Test
    void anEmailLeftMidSendIsUnknownForReviewAndNeverResentBlindly() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try {
            book.add(loan("B1", "L1", NOV_23));
            start(email(mail.getSmtp().getPort())).runCycle(NOV_23);
            interrupt("L1", deadProcessHere(), MORNING);

            clock.advance(Duration.ofMinutes(1));
            CycleSummary second = app.runCycle(NOV_23);

            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(contact("L1")).containsEntry("status", "UNKNOWN").containsEntry("reason", "OUTCOME_UNKNOWN");
            Map<String, String> last = entries("L1").get(entries("L1").size() - 1);
            assertThat(last).containsEntry("status", "UNKNOWN").containsEntry("recipient", "b1@example.com");
            assertThat(last.get("body")).isNotBlank(); // what may have gone out
            assertThat(last.get("detail")).contains("no idempotency key", "not resent");
            assertThat(second.render()).contains("UNKNOWN OUTCOME_UNKNOWN");
        } finally {
            mail.stop();
        }
    }

    @Test
    void aClaimHeldByALiveProcessOrTooRecentlyElsewhereIsLeftAlone() {
        book.add(loan("B1", "L1", NOV_23)).add(loan("B2", "L2", NOV_23)).add(loan("B3", "L3", NOV_23));
        start(sms()).runCycle(NOV_23);
        interrupt("L1", NodeId.current().toString(), MORNING);                       // this very process
        interrupt("L2", "42@another-host/1", MORNING.plusSeconds(30));               // elsewhere, recent
        interrupt("L3", "42@another-host/1", MORNING.minus(Duration.ofHours(1)));   // elsewhere, past the lease
        gateway.clear();

        clock.advance(Duration.ofMinutes(1));
        app.runCycle(NOV_23);

        assertThat(contact("L1")).containsEntry("status", "CLAIMED");
        assertThat(contact("L2")).containsEntry("status", "CLAIMED");
        assertThat(contact("L3")).containsEntry("status", "SENT");
        assertThat(gateway.requests()).hasSize(1);
    }
}
