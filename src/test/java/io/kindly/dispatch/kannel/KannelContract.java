package io.kindly.dispatch.kannel;

import java.util.Objects;
import org.awaitility.Awaitility;
import io.kindly.shared.SmsSegments;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.MutableClock;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import io.kindly.support.TestLoanBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kindly connected to Kannel with {@code kindly.channel.sms.preset = kannel} and nothing else but the settings README.md
 * gives, both ways: reminders go by sendsms, each in its own coding (English GSM-7, Chinese UCS-2) with its parts;
 * Kannel's delivery reports (GET to the dlr-url, Kindly's reference in it) set DELIVERED or UNDELIVERED; replies
 * through the sms-service's get-url (GET) opt a number out for STOP and 退订; a wrong or missing token is 401; and
 * neither the Kannel password nor the token reaches the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KannelContract {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    static final String TOKEN = "kannel-inbound-token-0123456789";
    static final String SHORT_CODE = "10690000";
    /** Borrower, language, mobile. K3's messages the SMSC cannot deliver (where the Kannel side can say so). */
    static final List<String[]> BORROWERS = List.of(
            new String[] {"K1", "en", "+8613900000101"}, new String[] {"K2", "zh-CN", "+8613900000102"},
            new String[] {"K3", "en", "+8613900000103"}, new String[] {"K4", "zh-CN", "+8613900000104"});

    @TempDir
    static Path dir;
    final int port = Ports.free();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    KannelSide kannel;
    KindlyTestApp app;
    long logMark;

    /** The Kannel side, given the get-url to configure on it. */
    abstract KannelSide kannel(Path dir, String getUrl) throws Exception;

    /** The status the SMSC's report gives a borrower's message. */
    abstract String receiptFor(String borrower);

    /** The get-url as README.md tells the lender to set it on Kannel's side. */
    String getUrl() {
        return "http://127.0.0.1:" + port + "/inbound/sms/reply/" + TOKEN + "?from=%p&to=%P&text=%a";
    }

    @BeforeAll
    void start() throws Exception {
        kannel = kannel(dir, getUrl());
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        for (String[] b : BORROWERS) {
            book.add(loan(b[0], b[0] + "-L", NOV_23.plusDays(3)).set("lang", b[1]).set("mobile_no", b[2])
                    .set("full_name", b[1].equals("en") ? "Amy Chen" : "王芳"));
        }
        logMark = RawLog.mark();
        app = KindlyTestApp.in(dir).clock(clock)
                .property("camel.server.port", String.valueOf(port))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                // the settings README.md gives for Kannel
                .property("kindly.channel.sms.preset", "kannel")
                .property("kindly.channel.sms.url", kannel.sendsmsUrl())
                .property("kindly.channel.sms.username", KannelSide.USERNAME)
                .property("kindly.channel.sms.password", KannelSide.PASSWORD)
                .property("kindly.inbound.public-url", "http://127.0.0.1:" + port)
                .property("kindly.inbound.sms.secret", TOKEN)
                .start();
        app.runCycle(NOV_23);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (kannel != null) {
            kannel.close();
        }
    }

    @Test
    void everyReminderArrivesInItsOwnCodingAndKannelsReportsSetItsStatus() throws Exception {
        List<Map<String, String>> sent = LedgerRows.query(app.ledgerDataSource(),
                "select c.contact_id, c.borrower_id, e.recipient, e.body from kindly_contact c join kindly_ledger_entry e"
                + " on e.contact_id = c.contact_id and e.status = 'CLAIMED' where c.channel = 'sms'");
        assertThat(sent).hasSize(BORROWERS.size());
        List<KannelSide.Received> received = await(() -> {
            try {
                List<KannelSide.Received> r = kannel.received();
                return r.size() >= BORROWERS.size() ? r : null;
            } catch (Exception e) {
                return null;
            }
        });
        for (Map<String, String> contact : sent) {
            String body = contact.get("body");
            SmsSegments segments = SmsSegments.of(body);
            String coding = segments.gsm7() ? "GSM-7" : "UCS-2";
            boolean english = contact.get("borrower_id").equals("K1") || contact.get("borrower_id").equals("K3");
            // an English reminder stays GSM-7 however the Chinese ones are sent
            assertThat(coding).as(contact.get("borrower_id")).isEqualTo(english ? "GSM-7" : "UCS-2");
            KannelSide.Received got = received.stream().filter(r -> r.to().equals(contact.get("recipient")))
                    .findFirst().orElseThrow(() -> new AssertionError("nothing reached " + contact.get("borrower_id")));
            assertThat(got.text(coding)).as(contact.get("borrower_id")).isEqualTo(body);
            assertThat(got.parts()).as(contact.get("borrower_id")).isEqualTo(segments.segments());
        }
        // each report came back by GET to the dlr-url, found the message by Kindly's reference in that URL
        for (Map<String, String> contact : sent) {
            String expected = receiptFor(contact.get("borrower_id"));
            String id = contact.get("contact_id");
            await(() -> expected.equals(status(id)) ? expected : null);
        }
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select action from kindly_inbound where source = "
                + "'sms-receipt' and action like 'REFUSED%'")).isEmpty();
    }

    @Test
    void stopAndTuidingThroughTheGetUrlOptTheNumberOut() throws Exception {
        kannel.reply("+8613900000101", SHORT_CODE, "STOP");
        kannel.reply("+8613900000104", SHORT_CODE, "退订");
        for (String number : List.of("+8613900000101", "+8613900000104")) {
            await(() -> LedgerRows.query(app.ledgerDataSource(), "select opt_out_id from kindly_opt_out where channel"
                    + " = 'sms' and address = ?", number).isEmpty() ? null : number);
        }
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select action from kindly_inbound where source = "
                + "'sms-reply' and action = 'OPTED_OUT'")).hasSize(2);
        // the number that did not reply is not opted out
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select opt_out_id from kindly_opt_out where address = ?",
                "+8613900000102")).isEmpty();
    }

    @Test
    void aWrongOrMissingTokenIs401AndThePasswordAndTokenStayOutOfTheLog() throws Exception {
        HttpResponse<String> wrong = get("/inbound/sms/reply/" + TOKEN.replace('0', '1')
                + "?from=%2B8613900000102&to=10690000&text=STOP");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"the token in the path is not valid\"}");
        HttpResponse<String> missing = get("/inbound/sms/receipt?ref=x&status=1");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).startsWith("{\"error\":\"the token is missing from the path");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select opt_out_id from kindly_opt_out where address = ?",
                "+8613900000102")).isEmpty();
        String log = RawLog.since(logMark);
        assertThat(log).doesNotContain(KannelSide.PASSWORD).doesNotContain(TOKEN);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String status(String contactId) {
        return LedgerRows.query(app.ledgerDataSource(), "select status from kindly_contact where contact_id = ?",
                contactId).get(0).get("status");
    }

    /** The condition's first non-null answer, within 30 s. */
    static <T> T await(Supplier<T> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(condition::get, Objects::nonNull);
    }
}
