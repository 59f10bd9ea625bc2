package io.kindly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.shared.WebhookSignature;
import io.kindly.domain.Channel;
import io.kindly.domain.Status;
import io.kindly.cycle.CycleSummary;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.RawLog;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full reminder cycle over the demo loan book, on the shipped routes, templates and config: SMS to a loopback HTTP
 * gateway, email to a real SMTP server (GreenMail), in-app to a loopback webhook that checks every signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReminderCycleTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    /** 10:00 in Shanghai, the demo lender's time zone. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
    static final String SECRET = "test-webhook-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    LoopbackHttpServer gateway;
    LoopbackHttpServer webhook;
    GreenMail mail;
    KindlyTestApp app;
    CycleSummary first;
    final AtomicInteger rejectedSignatures = new AtomicInteger();
    long logOffset;

    @BeforeAll
    void runOneCycle() throws Exception {
        logOffset = RawLog.mark();
        AtomicInteger ids = new AtomicInteger();
        gateway = new LoopbackHttpServer(req -> Response.json(200,
                "{\"status\":\"queued\",\"messageId\":\"gw-" + ids.incrementAndGet() + "\"}"));
        webhook = new LoopbackHttpServer(req -> {
            if (!WebhookSignature.verify(SECRET, req.body(), req.header("X-Kindly-Signature"))) {
                rejectedSignatures.incrementAndGet();
                return Response.json(401, "{\"error\":\"bad signature\"}");
            }
            return Response.json(202, "{\"id\":\"app-msg-" + ids.incrementAndGet() + "\"}");
        });
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        app = KindlyTestApp.in(dir)
                .clock(CLOCK)
                .property("kindly.demo.seed-date", DATE.toString())
                .property("kindly.channel.sms.url", gateway.url("/v1/messages"))
                .property("kindly.channel.inapp.url", webhook.url("/hooks/kindly"))
                .property("kindly.channel.inapp.secret", SECRET)
                .property("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort())
                .property("kindly.channel.sms.rate-per-second", "2000")
                .property("kindly.channel.email.rate-per-second", "2000")
                .property("kindly.channel.inapp.rate-per-second", "2000")
                .start();
        first = app.runCycle(DATE);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        gateway.close();
        webhook.close();
        mail.stop();
    }

    List<Map<String, String>> entries(String where, Object... params) {
        return LedgerRows.entries(app.ledgerDataSource(), where, params);
    }

    List<Map<String, String>> firstRun(String where, Object... params) {
        Object[] all = new Object[params.length + 1];
        all[0] = first.runId();
        System.arraycopy(params, 0, all, 1, params.length);
        return entries("run_id = ?" + (where.isEmpty() ? "" : " and " + where), all);
    }

    @Test
    @Order(1)
    void everyChannelDeliversWhatTheLedgerSaysWasSent() {
        assertThat(first.accountsRead()).isGreaterThanOrEqualTo(1000);
        assertThat(first.count(Channel.SMS, Status.SENT)).isPositive().isEqualTo(gateway.requests().size());
        assertThat(first.count(Channel.EMAIL, Status.SENT)).isPositive().isEqualTo(mail.getReceivedMessages().length);
        assertThat(first.count(Channel.INAPP, Status.SENT)).isPositive().isEqualTo(webhook.requests().size());
        assertThat(rejectedSignatures).hasValue(0);
        assertThat(first.count(Status.FAILED)).isZero();
        assertThat(firstRun("status = 'SENT'")).hasSize(first.count(Status.SENT));
    }

    @Test
    @Order(2)
    void everySendIsRecordedWithItsEvidence() {
        List<Map<String, String>> sent = firstRun("status = 'SENT'");
        assertThat(sent).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("recipient")).isNotBlank();
            assertThat(e.get("template")).matches("[a-z-]+/(sms|email-text|inapp)_[a-zA-Z_]+\\.ftl");
            assertThat(e.get("template_hash")).matches("[0-9a-f]{64}");
            assertThat(e.get("content_hash")).matches("[0-9a-f]{64}");
            assertThat(e.get("body")).isNotBlank();
            assertThat(e.get("local_time")).matches("2026-11-2[23]T\\d\\d:\\d\\d:\\d\\d([+-]\\d\\d:\\d\\d|Z)");
            assertThat(e.get("time_zone")).isNotBlank();
            assertThat(e.get("gateway_message_id")).isNotBlank();
            assertThat(e.get("contact_id")).startsWith("k1-");
        });
        // the borrower's local time is the same instant seen from their time zone
        Map<String, String> taipei = sent.stream().filter(e -> e.get("time_zone").equals("Asia/Taipei")).findFirst()
                .orElseThrow();
        assertThat(taipei.get("local_time")).isEqualTo("2026-11-23T10:00:00+08:00");
        // 21:00 in New York is the end of the us window: deferred to 08:00 there, and the record says so
        Map<String, String> newYork = firstRun("time_zone = 'America/New_York' and channel = 'sms' and status <> 'SKIPPED'")
                .get(0);
        assertThat(newYork).containsEntry("status", "DEFERRED").containsEntry("reason", "OUTSIDE_WINDOW")
                .containsEntry("policy_profile", "us").containsEntry("local_time", "2026-11-22T21:00:00-05:00");
        assertThat(newYork.get("not_before_utc")).startsWith("2026-11-23 13:00"); // 08:00 EST
    }

    @Test
    @Order(3)
    void smsRequestsCarryTheRenderedTextTheAuthAndTheIdempotencyKey() throws Exception {
        Map<String, Map<String, String>> byContact = firstRun("channel = 'sms' and status = 'SENT'").stream()
                .collect(Collectors.toMap(e -> e.get("contact_id"), e -> e));
        for (LoopbackHttpServer.Request r : gateway.requests()) {
            JsonNode json = JSON.readTree(r.body());
            Map<String, String> entry = byContact.get(r.header("Idempotency-Key"));
            assertThat(entry).as("ledger entry for %s", r.header("Idempotency-Key")).isNotNull();
            assertThat(json.get("reference").asText()).isEqualTo(entry.get("contact_id"));
            assertThat(json.get("to").asText()).isEqualTo(entry.get("recipient")).matches("\\+\\d{8,15}");
            assertThat(json.get("text").asText()).isEqualTo(entry.get("body"));
            assertThat(json.get("from").asText()).isEqualTo("KINDLY");
            assertThat(r.header("Authorization")).isEqualTo("Bearer demo-sms-token");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.method()).isEqualTo("POST");
            // nothing of Kindly's own exchange leaks into the gateway request
            assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("camel") || h.startsWith("kindly"));
        }
        assertThat(byContact.values()).extracting(e -> e.get("gateway_message_id")).allMatch(id -> id.startsWith("gw-"));
    }

    @Test
    @Order(4)
    void messagesAreWrittenInTheBorrowersLanguage() {
        List<Map<String, String>> dueToday = firstRun("channel = 'sms' and status = 'SENT' and stage = 'due-today'");
        Map<String, List<Map<String, String>>> byLocale = dueToday.stream()
                .collect(Collectors.groupingBy(e -> e.get("locale")));
        assertThat(byLocale.keySet()).contains("en", "zh", "zh-TW");

        assertThat(byLocale.get("zh")).allSatisfy(e -> assertThat(e.get("body"))
                .startsWith("【示范贷】").contains("还款", "2026年11月23日", "回复STOP退订")
                .contains("https://help.example.com/repayment-plan"));
        assertThat(byLocale.get("zh-TW")).allSatisfy(e -> assertThat(e.get("body"))
                .startsWith("【示範貸】").contains("還款", "2026年11月23日", "回覆STOP取消提醒"));
        assertThat(byLocale.get("en")).allSatisfy(e -> assertThat(e.get("body"))
                .startsWith("Demo Lender:").contains("is due today", "Reply STOP to opt out")
                .containsAnyOf("November 23, 2026", "23 November 2026") // US or British order, by the borrower's region
                .contains("https://help.example.com/repayment-plan"));
        // the amount appears, formatted for the language and currency
        Map<String, String> cny = dueToday.stream().filter(e -> e.get("locale").equals("zh")).findFirst().orElseThrow();
        assertThat(cny.get("body")).containsPattern("¥[\\d,]+\\.\\d\\d");
        // zh-HK reads Traditional Chinese; an unknown locale falls back to English
        assertThat(firstRun("stage = 'due-today' and time_zone = 'Asia/Hong_Kong' and status = 'SENT'"))
                .extracting(e -> e.get("locale")).containsOnly("zh-TW");
    }

    @Test
    @Order(5)
    void emailIsMultipartAlternativeWithAUtf8Subject() throws Exception {
        Map<String, Map<String, String>> byMessageId = firstRun("channel = 'email' and status = 'SENT'").stream()
                .collect(Collectors.toMap(e -> e.get("gateway_message_id"), e -> e));
        boolean sawChinese = false;
        for (MimeMessage m : mail.getReceivedMessages()) {
            Map<String, String> entry = byMessageId.get(m.getMessageID());
            assertThat(entry).as("ledger entry for %s", m.getMessageID()).isNotNull();
            assertThat(m.getMessageID()).isEqualTo("<" + entry.get("contact_id") + "@lender.example>");
            assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly(entry.get("recipient"));
            assertThat(m.getSubject()).isEqualTo(entry.get("subject"));
            assertThat(m.getContentType()).startsWith("multipart/alternative");
            Multipart parts = (Multipart) m.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart text = parts.getBodyPart(0);
            BodyPart html = parts.getBodyPart(1);
            assertThat(text.getContentType()).startsWithIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
            assertThat(html.getContentType()).startsWithIgnoringCase("text/html").containsIgnoringCase("charset=UTF-8");
            // MIME carries text with CRLF line ends; the ledger keeps what was rendered
            assertThat(crlfToLf((String) text.getContent())).isEqualTo(entry.get("body"));
            assertThat(crlfToLf((String) html.getContent())).isEqualTo(entry.get("body_html"));
            sawChinese |= m.getSubject().contains("还款") || m.getSubject().contains("還款");
        }
        assertThat(sawChinese).as("a Chinese subject survives the trip").isTrue();
    }

    @Test
    @Order(6)
    void theHtmlPartEscapesWhatComesFromTheSource() {
        Map<String, String> markup = firstRun("channel = 'email' and status = 'SENT' and body like ?", "%<b>Sam</b>%")
                .get(0);
        assertThat(markup.get("body_html")).contains("&lt;b&gt;Sam&lt;/b&gt; &amp; &quot;Co&quot;")
                .doesNotContain("<b>Sam</b>");
    }

    @Test
    @Order(7)
    void webhooksAreSignedAndCarryAnIdempotencyKey() throws Exception {
        assertThat(webhook.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(WebhookSignature.verify(SECRET, r.body(), r.header("X-Kindly-Signature"))).isTrue();
            JsonNode json = JSON.readTree(r.body());
            assertThat(r.header("Idempotency-Key")).isEqualTo(json.get("id").asText()).startsWith("k1-");
            assertThat(json.get("type").asText()).isEqualTo("repayment-reminder");
            assertThat(json.get("title").asText()).isNotBlank();
            assertThat(json.get("body").asText()).isNotBlank();
        });
        // a tampered body does not verify
        byte[] body = webhook.requests().get(0).body();
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("repayment-reminder", "x")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, tampered, webhook.requests().get(0).header("X-Kindly-Signature")))
                .isFalse();
    }

    @Test
    @Order(8)
    void malformedRowsAreSkippedWithTheirReasonAndTheCycleGoesOn() {
        Map<String, Long> skipped = firstRun("status = 'SKIPPED'").stream()
                .collect(Collectors.groupingBy(e -> e.get("reason") + "/" + e.get("channel"), Collectors.counting()));
        assertThat(skipped).containsKeys("NO_MOBILE/sms", "MOBILE_INVALID/sms", "MOBILE_NOT_MOBILE/sms",
                "NO_EMAIL/email", "EMAIL_INVALID/email", "NO_APP_USER/inapp",
                "LOCALE_INVALID/sms", "LOCALE_INVALID/email", "LOCALE_INVALID/inapp", "ROW_INVALID/null");
        List<String> rowDetails = firstRun("reason = 'ROW_INVALID'").stream().map(e -> e.get("detail")).toList();
        assertThat(rowDetails).hasSize(3).anyMatch(d -> d.contains("loan_id: missing"))
                .anyMatch(d -> d.contains("amount_due: negative")).anyMatch(d -> d.contains("currency: 'RMB'"));
        assertThat(firstRun("reason = 'ROW_INVALID'")).allSatisfy(e -> assertThat(e.get("source_ref")).startsWith("row "));

        // the account with no mobile still got its email and in-app message
        Map<String, String> noMobile = firstRun("reason = 'NO_MOBILE'").get(0);
        assertThat(firstRun("loan_id = ? and status = 'SENT'", noMobile.get("loan_id")))
                .extracting(e -> e.get("channel")).contains("email", "inapp");
        // a missing time zone or locale is noted with the default used, and the message still goes
        assertThat(firstRun("status = 'SENT' and detail like ?", "%time zone 'Mars/Olympus_Mons' not recognised%"))
                .isNotEmpty();
        assertThat(firstRun("status = 'SENT' and detail like ?", "%locale missing; used en%")).isNotEmpty();
        // an unsafe repayment link is replaced by the lender's own payment page
        assertThat(firstRun("status = 'SENT' and detail like ?", "%repayment link is not an http(s) URL%"))
                .allSatisfy(e -> assertThat(e.get("body")).doesNotContain("javascript:"));
    }

    @Test
    @Order(9)
    void nothingAboutAnyoneButTheBorrowerLeavesKindly() throws Exception {
        List<String> thirdParty = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("loanbook").toAbsolutePath(), "sa", "");
                var rs = c.createStatement().executeQuery(
                        "select emergency_contact_name, emergency_contact_mobile, employer_name from loan_book")) {
            while (rs.next()) {
                thirdParty.add(rs.getString(1));
                thirdParty.add(rs.getString(2).replace(" ", ""));
                thirdParty.add(rs.getString(3) + ","); // "Employer 1" would also match "Employer 12"
            }
        }
        StringBuilder everything = new StringBuilder();
        gateway.requests().forEach(r -> everything.append(r.bodyText()).append('\n'));
        webhook.requests().forEach(r -> everything.append(r.bodyText()).append('\n'));
        for (MimeMessage m : mail.getReceivedMessages()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            everything.append(out.toString(StandardCharsets.UTF_8)).append('\n');
        }
        entries("").forEach(e -> everything.append(e.values()).append('\n'));
        String all = everything.toString();
        assertThat(thirdParty).hasSizeGreaterThan(3000).noneMatch(all::contains);
    }

    @Test
    @Order(10)
    void theApplicationLogHoldsNoAddressesNamesOrMessageText() throws Exception {
        String log = RawLog.since(logOffset);
        assertThat(log).contains(first.runId()); // the log did record this cycle
        Set<String> personal = new java.util.HashSet<>();
        for (Map<String, String> e : firstRun("status = 'SENT'")) {
            personal.add(e.get("recipient"));
            personal.add(e.get("body").substring(0, Math.min(30, e.get("body").length())));
        }
        assertThat(personal).hasSizeGreaterThan(1000).noneMatch(log::contains);
    }

    @Test
    @Order(20)
    void aSecondRunOfTheSameDateSendsNothingTwice() {
        int emailsBefore = mail.getReceivedMessages().length;
        gateway.clear();
        webhook.clear();
        Map<String, String> sentBefore = countBy("status = 'SENT'");

        CycleSummary second = app.runCycle(DATE);

        assertThat(gateway.requests()).isEmpty();
        assertThat(webhook.requests()).isEmpty();
        assertThat(mail.getReceivedMessages()).hasSize(emailsBefore);
        assertThat(second.count(Status.SENT)).isZero();
        assertThat(second.alreadyHandled()).isEqualTo(first.count(Status.SENT));
        assertThat(countBy("status = 'SENT'")).isEqualTo(sentBefore);
        // the contact table still holds exactly one row per business key
        assertThat(LedgerRows.query(app.ledgerDataSource(),
                "select count(*) n, count(distinct loan_id || stage || channel || business_date) k from kindly_contact"))
                .allSatisfy(r -> assertThat(r.get("n")).isEqualTo(r.get("k")));
    }

    private static String crlfToLf(String s) {
        return s.replace("\r\n", "\n").strip();
    }

    private Map<String, String> countBy(String where) {
        Map<String, String> counts = new HashMap<>();
        LedgerRows.query(app.ledgerDataSource(),
                "select channel, count(*) n from kindly_ledger_entry where " + where + " group by channel")
                .forEach(r -> counts.put(r.get("channel"), r.get("n")));
        return counts;
    }
}
