package io.kindly.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.shared.WebhookSignature;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.MutableClock;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import io.kindly.support.TestLoanBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound endpoints on the shipped routes, over real HTTP: SMS delivery receipts, SMS replies in English and
 * Chinese (simplified and traditional), email bounces and complaints, in-app events; and the refusals (401, 400, 404,
 * 409, 413) with a JSON reason. One Kindly serves the whole class: every test works on its own borrowers and numbers.
 *
 * <p>Email and in-app sources sign with HMAC; the SMS gateway is configured with a shared token (as gateways that post
 * forms must be), so both schemes are exercised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundEndpointsTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    static final String SMS_TOKEN = "test-sms-inbound-token-0123456789";
    static final String EMAIL_SECRET = "test-email-inbound-secret-0123456789";
    static final String INAPP_SECRET = "test-inapp-inbound-secret-0123456789";
    static final String LENDER_SECRET = "test-lender-notice-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    GreenMail mail;
    LoopbackHttpServer gateway;
    LoopbackHttpServer lender;
    KindlyTestApp app;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    final int port = Ports.free();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicInteger lenderStatus = new AtomicInteger(200);

    /** Borrowers: their language, and whether they get a reminder on 23 November (due 26 November: before-3). */
    static final List<String[]> BORROWERS = List.of(
            new String[] {"R1", "en"}, new String[] {"R2", "zh-CN"}, new String[] {"R3", "zh-TW"},
            new String[] {"P1", "en"}, new String[] {"P2", "zh-CN"}, new String[] {"P3", "zh-TW"},
            new String[] {"S1", "en"}, new String[] {"E1", "en"}, new String[] {"E2", "en"}, new String[] {"E3", "en"},
            new String[] {"A1", "en"}, new String[] {"A2", "en"}, new String[] {"A3", "en"}, new String[] {"H1", "en"},
            new String[] {"L1", "en"});

    @BeforeAll
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        gateway = new LoopbackHttpServer(r -> {
            String ref = r.header("Idempotency-Key");
            return Response.json(200, "{\"messageId\":\"gw-" + ref + "\",\"id\":\"app-" + ref + "\"}");
        });
        lender = new LoopbackHttpServer(r -> Response.json(lenderStatus.get(), "{}"));
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        for (String[] b : BORROWERS) {
            book.add(loan(b[0], b[0] + "-L", NOV_23.plusDays(3)).set("lang", b[1]).set("mobile_no", mobile(b[0])));
        }
        app = KindlyTestApp.in(dir).clock(clock)
                .property("camel.server.port", String.valueOf(port))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort())
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.channel.inapp.url", gateway.url("/inapp"))
                .property("kindly.inbound.sms.auth", "token")
                .property("kindly.inbound.sms.auth-header", "Authorization")
                .property("kindly.inbound.sms.secret", SMS_TOKEN)
                .property("kindly.inbound.email.secret", EMAIL_SECRET)
                .property("kindly.inbound.inapp.secret", INAPP_SECRET)
                .property("kindly.inbound.lender-notice.url", lender.url("/plan-requests"))
                .property("kindly.inbound.lender-notice.secret", LENDER_SECRET)
                .start();
        app.runCycle(NOV_23);
        // a borrower's messages of one day are spaced (min-gap-minutes): the release sends the rest in the afternoon
        clock.set(Instant.parse("2026-11-23T06:30:00Z"));
        app.runRelease();
        clock.set(Instant.parse("2026-11-23T10:30:00Z"));
        app.runRelease();
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select contact_id from kindly_contact where status <> 'SENT'"))
                .isEmpty();
    }

    @AfterAll
    void stop() {
        app.close();
        mail.stop();
        gateway.close();
        lender.close();
    }

    static String mobile(String borrower) {
        return "+8613900" + String.format("%06d", Math.abs(borrower.hashCode()) % 1_000_000);
    }

    // ------------------------------------------------------------------------------------------- SMS receipts

    @Test
    void aReceiptByGatewayIdOrByReferenceSetsDeliveredOrUndelivered() throws Exception {
        String r1 = contactId("R1", "sms");
        HttpResponse<String> delivered = sms("/inbound/sms/receipt",
                "{\"messageId\":\"gw-" + r1 + "\",\"status\":\"DELIVRD\"}");
        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(json(delivered).get("action").asText()).isEqualTo("DELIVERED");
        assertThat(status(r1)).isEqualTo("DELIVERED");
        // the evidence: a ledger entry repeating what was sent, with the new status, and the receipt as received
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "contact_id = ?", r1))
                .extracting(e -> e.get("status")).containsExactly("CLAIMED", "SENT", "DELIVERED");
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "contact_id = ? and status = 'DELIVERED'", r1).get(0))
                .satisfies(e -> assertThat(e.get("body")).contains("Reply STOP"));
        assertThat(inbound("contact_id = '" + r1 + "'")).singleElement().satisfies(i -> {
            assertThat(i.get("source")).isEqualTo("sms-receipt");
            assertThat(i.get("payload")).contains("DELIVRD");
        });
        // the same receipt again changes nothing, and is still kept
        assertThat(json(sms("/inbound/sms/receipt", "{\"messageId\":\"gw-" + r1 + "\",\"status\":\"DELIVRD\"}"))
                .get("action").asText()).isEqualTo("UNCHANGED");

        // by Kindly's reference, as a form (the shape many gateways post), with the error kept as detail
        String r2 = contactId("R2", "sms");
        HttpResponse<String> undelivered = send("/inbound/sms/receipt", "application/x-www-form-urlencoded",
                "reference=" + r2 + "&status=UNDELIV&error=absent+subscriber", Map.of("Authorization", "Bearer " + SMS_TOKEN));
        assertThat(undelivered.statusCode()).as(undelivered.body()).isEqualTo(200);
        assertThat(status(r2)).isEqualTo("UNDELIVERED");
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "contact_id = ? and status = 'UNDELIVERED'", r2).get(0)
                .get("detail")).isEqualTo("receipt: UNDELIV (absent subscriber)");

        // an interim status is kept and changes nothing
        String r3 = contactId("R3", "sms");
        assertThat(json(sms("/inbound/sms/receipt", "{\"reference\":\"" + r3 + "\",\"status\":\"ENROUTE\"}"))
                .get("action").asText()).isEqualTo("INTERIM");
        assertThat(status(r3)).isEqualTo("SENT");
    }

    @Test
    void aReceiptSettlesAMessageWhoseOutcomeWasUnknown() throws Exception {
        String h1 = contactId("H1", "sms");
        LedgerRows.update(app.ledgerDataSource(), "update kindly_contact set status = 'UNKNOWN' where contact_id = ?", h1);
        assertThat(sms("/inbound/sms/receipt", "{\"reference\":\"" + h1 + "\",\"status\":\"delivered\"}").statusCode())
                .isEqualTo(200);
        assertThat(status(h1)).isEqualTo("DELIVERED");
    }

    @Test
    void aReceiptForAMessageKindlyNeverSentIs404AndAnUnfinishedSendIs409() throws Exception {
        HttpResponse<String> unknown = sms("/inbound/sms/receipt", "{\"messageId\":\"gw-nope\",\"status\":\"DELIVRD\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no SMS was sent with this message id\"}");
        assertThat(sms("/inbound/sms/receipt", "{\"reference\":\"k1-never\",\"status\":\"DELIVRD\"}").statusCode())
                .isEqualTo(404);
        // an email's id is not an SMS
        String emailId = contactId("A3", "email");
        assertThat(sms("/inbound/sms/receipt", "{\"reference\":\"" + emailId + "\",\"status\":\"DELIVRD\"}")
                .statusCode()).isEqualTo(404);
        assertThat(status(emailId)).isEqualTo("SENT");
        // claimed, outcome not yet recorded (a fast gateway's receipt can overtake it): try again later
        String a3 = contactId("A3", "sms");
        LedgerRows.update(app.ledgerDataSource(), "update kindly_contact set status = 'CLAIMED' where contact_id = ?", a3);
        try {
            HttpResponse<String> early = sms("/inbound/sms/receipt", "{\"reference\":\"" + a3 + "\",\"status\":\"DELIVRD\"}");
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(json(early).get("error").asText()).contains("send the receipt again later");
        } finally {
            LedgerRows.update(app.ledgerDataSource(), "update kindly_contact set status = 'SENT' where contact_id = ?", a3);
        }
    }

    // -------------------------------------------------------------------------------------------- SMS replies

    @ParameterizedTest(name = "{0} opts out; answered in {1}")
    @CsvSource(delimiter = '|', value = {
            "STOP|en", "stop|en", "Stop.|en", "STOP please|en", "STOPALL|en", "UNSUBSCRIBE|en", "Cancel|en", "END|en",
            "QUIT|en", "REVOKE|en", "OPTOUT|en", "opt out|en", "Opt-Out|en", "REMOVE|en", "please don't text me|en",
            "退订|zh", "TD|en", "T|en", "取消|zh", "请帮我退订|zh", "不要再发了|zh", "拒收|zh",
            "退訂|zh_TW", "別再發了|zh_TW", "取消提醒，謝謝|zh_TW"})
    void anOptOutWordInAnyLanguageOptsTheNumberOutAtOnce(String text, String language) throws Exception {
        String number = "+86137" + String.format("%08d", Math.abs(text.hashCode()) % 100_000_000);
        HttpResponse<String> r = sms("/inbound/sms/reply", reply(number, text));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.get("action").asText()).isEqualTo("OPTED_OUT");
        // a Latin keyword from a number Kindly never wrote to is answered in English; Chinese in its own script
        assertThat(answer.get("reply").asText()).contains(switch (language) {
            case "en" -> "you will not get SMS reminders from us at this number any more";
            case "zh" -> "您已退订，此号码将不再收到我们的短信还款提醒";
            default -> "您已取消提醒，此號碼將不再收到我們的簡訊還款提醒";
        });
        assertThat(LedgerRows.query(app.ledgerDataSource(),
                "select channel, source from kindly_opt_out where address = ?", number))
                .singleElement().satisfies(o -> assertThat(o).containsEntry("channel", "sms")
                        .containsEntry("source", "sms reply"));
    }

    @Test
    void stopFromABorrowersNumberSuppressesTheNextPlannedSmsAndNothingElse() throws Exception {
        long mark = RawLog.mark();
        HttpResponse<String> r = sms("/inbound/sms/reply", reply(mobile("S1"), "STOP"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(inbound("address = '" + mobile("S1") + "'")).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("action", "OPTED_OUT").containsEntry("borrower_id", "S1"));
        // the application log names the request, never the number or what the borrower wrote
        assertThat(RawLog.since(mark)).contains("sms-reply: OPTED_OUT").doesNotContain(mobile("S1"));

        // two days later (before-1: sms and in-app): the SMS is suppressed, the in-app message is not
        cycleAtTenOn(LocalDate.of(2026, 11, 25));
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select channel, status, reason from kindly_contact"
                + " where borrower_id = 'S1' and business_date = ?", LocalDate.of(2026, 11, 25)))
                .extracting(c -> c.get("channel") + " " + c.get("status") + " " + c.get("reason"))
                .contains("sms SUPPRESSED OPTED_OUT").hasSize(2)
                .noneMatch(c -> c.startsWith("inapp") && c.endsWith("OPTED_OUT"));
    }

    @ParameterizedTest(name = "{0} from {1} gets the help text in {2}")
    @CsvSource(delimiter = '|', value = {
            "HELP|unknown|en", "help?|unknown|en", "INFO|unknown|en", "帮助|unknown|zh", "幫助|unknown|zh_TW",
            // from a borrower's number: the language Kindly last wrote to them in, whatever the word
            "HELP|R2|zh", "HELP|R3|zh_TW", "帮助|R1|en"})
    void helpIsAnsweredWithTheHelpTextAndChangesNothing(String text, String from, String language) throws Exception {
        String number = from.equals("unknown") ? "+86136" + String.format("%08d", Math.abs(text.hashCode()) % 100_000_000)
                : mobile(from);
        HttpResponse<String> r = sms("/inbound/sms/reply", reply(number, text));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.get("action").asText()).isEqualTo("HELP");
        assertThat(answer.get("reply").asText()).contains(switch (language) {
            case "en" -> "Demo Lender repayment reminders. Questions about your loan: call";
            case "zh" -> "还款提醒服务。借款问题请致电";
            default -> "還款提醒服務。借款問題請撥打";
        }).contains("+86 400");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out where address = ?", number))
                .isEmpty();
    }

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource(delimiter = '|', value = {"P1|PLAN|en", "P2|协商|zh", "P3|協商|zh_TW"})
    void aRepaymentPlanRequestPlacesAHardshipHoldAndTellsTheLender(String borrower, String word, String language)
            throws Exception {
        lender.clear();
        HttpResponse<String> r = sms("/inbound/sms/reply", reply(mobile(borrower), word + " 下个月发工资后可以还一半"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.get("action").asText()).isEqualTo("HOLD_PLACED");
        assertThat(answer.get("reply").asText()).contains(switch (language) {
            case "en" -> "We have paused your reminders, and someone from our team will contact you";
            case "zh" -> "我们已暂停提醒，工作人员会与您联系商量还款计划";
            default -> "我們已暫停提醒，專人會與您聯繫商量還款計畫";
        });
        List<Map<String, String>> holds = LedgerRows.query(app.ledgerDataSource(),
                "select hold_type, loan_id, lifted_at_utc from kindly_hold where borrower_id = ?", borrower);
        assertThat(holds).singleElement().satisfies(h -> assertThat(h).containsEntry("hold_type", "HARDSHIP")
                .containsEntry("loan_id", null).containsEntry("lifted_at_utc", null));

        // the lender's webhook: signed, about this borrower, with what they wrote
        LoopbackHttpServer.Request notice = lender.requests().get(0);
        assertThat(WebhookSignature.verify(LENDER_SECRET, notice.body(), notice.header("X-Kindly-Signature"))).isTrue();
        JsonNode body = JSON.readTree(notice.body());
        assertThat(body.get("event").asText()).isEqualTo("repayment-plan-requested");
        assertThat(body.get("borrowerId").asText()).isEqualTo(borrower);
        assertThat(body.get("channel").asText()).isEqualTo("sms");
        assertThat(body.get("message").asText()).contains("下个月发工资后");
        assertThat(notice.header("Idempotency-Key")).isEqualTo(body.get("noticeId").asText());

        // a gateway repeating the request stacks no second hold
        assertThat(sms("/inbound/sms/reply", reply(mobile(borrower), word)).statusCode()).isEqualTo(200);
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_hold where borrower_id = ?", borrower))
                .hasSize(1);
    }

    @Test
    void aPlanRequestIsHonouredWhenTheLendersWebhookIsDownAndTheNoticeIsSentWhenItIsBack() throws Exception {
        lender.clear();
        lenderStatus.set(503);
        try {
            HttpResponse<String> r = sms("/inbound/sms/reply", reply(mobile("L1"), "PLAN"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("action").asText()).isEqualTo("HOLD_PLACED");
        } finally {
            lenderStatus.set(200);
        }
        // the borrower is protected at once, and the request is not lost
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select hold_type from kindly_hold where borrower_id = 'L1'"))
                .singleElement().satisfies(h -> assertThat(h).containsEntry("hold_type", "HARDSHIP"));
        assertThat(inbound("borrower_id = 'L1'")).singleElement()
                .satisfies(i -> assertThat(i.get("detail")).contains("lender NOT notified yet"));
        Map<String, String> waiting = LedgerRows.query(app.ledgerDataSource(),
                "select notice_id, status, attempts, last_error from kindly_lender_notice where borrower_id = 'L1'").get(0);
        assertThat(waiting).containsEntry("status", "PENDING").containsEntry("attempts", "1");
        assertThat(waiting.get("last_error")).contains("503");
        assertThat(lender.requests()).hasSize(3); // the route's own two quick retries

        // the webhook is back: the retry sends the same notice, with the same id and body
        assertThat(retryPending()).isEqualTo(1);
        LoopbackHttpServer.Request again = lender.requests().get(3);
        assertThat(again.header("Idempotency-Key")).isEqualTo(waiting.get("notice_id"));
        assertThat(again.body()).isEqualTo(lender.requests().get(0).body());
        assertThat(WebhookSignature.verify(LENDER_SECRET, again.body(), again.header("X-Kindly-Signature"))).isTrue();
        assertThat(LedgerRows.query(app.ledgerDataSource(),
                "select status, attempts from kindly_lender_notice where borrower_id = 'L1'")).singleElement()
                .satisfies(n -> assertThat(n).containsEntry("status", "SENT").containsEntry("attempts", "2"));
        assertThat(retryPending()).isZero();
    }

    @Test
    void aPlanRequestFromANumberKindlyNeverWroteToIs404AndOtherTextIsKeptWithoutAction() throws Exception {
        HttpResponse<String> r = sms("/inbound/sms/reply", reply("+8613600000001", "PLAN"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"no borrower has been sent reminders at this number\"}");
        HttpResponse<String> chat = sms("/inbound/sms/reply", reply(mobile("R1"), "Thanks, I paid yesterday"));
        assertThat(json(chat).get("action").asText()).isEqualTo("NO_ACTION");
        assertThat(json(chat).has("reply")).isFalse();
        assertThat(inbound("action = 'NO_ACTION'")).anySatisfy(i -> assertThat(i.get("payload")).contains("I paid yesterday"));
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out where address = ?", mobile("R1")))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------ email events

    @Test
    void aHardBounceSuppressesTheAddressAndMarksTheMessageUndelivered() throws Exception {
        String e1 = contactId("E1", "email");
        String messageId = LedgerRows.query(app.ledgerDataSource(),
                "select gateway_message_id from kindly_contact where contact_id = ?", e1).get(0).get("gateway_message_id");
        assertThat(messageId).startsWith("<" + e1 + "@");
        HttpResponse<String> r = email("{\"type\":\"bounce\",\"bounceType\":\"hard\",\"messageId\":\"" + messageId + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("action").asText()).isEqualTo("ADDRESS_SUPPRESSED");
        assertThat(status(e1)).isEqualTo("UNDELIVERED");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select channel, address, source from kindly_opt_out"
                + " where address = 'e1@example.com'")).singleElement()
                .satisfies(o -> assertThat(o).containsEntry("channel", "email").containsEntry("source", "email bounce"));
    }

    @Test
    void aComplaintSuppressesTheAddressAndASoftBounceChangesNothing() throws Exception {
        assertThat(json(email("{\"type\":\"complaint\",\"email\":\"e2@EXAMPLE.com\"}")).get("action").asText())
                .isEqualTo("ADDRESS_SUPPRESSED");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select source from kindly_opt_out"
                + " where address = 'e2@example.com'")).singleElement()
                .satisfies(o -> assertThat(o).containsEntry("source", "email complaint"));

        String e3 = contactId("E3", "email");
        assertThat(json(email("{\"type\":\"bounce\",\"bounceType\":\"soft\",\"messageId\":\"" + e3
                + "@reminders.example\"}")).get("action").asText()).isEqualTo("SOFT_BOUNCE");
        assertThat(status(e3)).isEqualTo("SENT");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out where address = 'e3@example.com'"))
                .isEmpty();
    }

    @Test
    void emailEventsAreCheckedForShape() throws Exception {
        HttpResponse<String> badType = email("{\"type\":\"opened\",\"email\":\"x@example.com\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).isEqualTo("{\"error\":\"/type must be bounce, complaint or delivered\"}");
        assertThat(email("{\"type\":\"bounce\",\"messageId\":\"<k1-unknown@reminders.example>\"}").statusCode())
                .isEqualTo(404);
        assertThat(email("{\"type\":\"bounce\",\"email\":\"not an address\"}").statusCode()).isEqualTo(400);
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out where address = 'x@example.com'"))
                .isEmpty();
    }

    // ---------------------------------------------------------------------------------------- in-app events

    @Test
    void inAppReadDisputeAndRepaymentPlan() throws Exception {
        String a1 = contactId("A1", "inapp");
        HttpResponse<String> read = inapp("{\"event\":\"read\",\"id\":\"" + a1 + "\"}");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(status(a1)).isEqualTo("READ");
        // a late delivery receipt does not set a read message back
        String a1sms = contactId("A1", "sms");
        sms("/inbound/sms/receipt", "{\"reference\":\"" + a1sms + "\",\"status\":\"DELIVRD\"}");
        assertThat(status(a1)).isEqualTo("READ");

        // a dispute about the loan of this message: a DISPUTE hold on that loan
        HttpResponse<String> dispute = inapp("{\"event\":\"dispute\",\"id\":\"" + a1 + "\",\"note\":\"I repaid this in cash\"}");
        assertThat(json(dispute).get("action").asText()).isEqualTo("HOLD_PLACED");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select hold_type, loan_id, note from kindly_hold"
                + " where borrower_id = 'A1'")).singleElement().satisfies(h -> assertThat(h)
                .containsEntry("hold_type", "DISPUTE").containsEntry("loan_id", "A1-L")
                .containsEntry("note", "I repaid this in cash"));

        // a plan request from the app's loan screen, by borrower: HARDSHIP hold on every loan, and the lender told
        lender.clear();
        HttpResponse<String> plan = inapp("{\"event\":\"repayment-plan\",\"borrowerId\":\"A2\",\"loanId\":\"A2-L\"}");
        assertThat(json(plan).get("action").asText()).isEqualTo("HOLD_PLACED");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select hold_type, loan_id from kindly_hold"
                + " where borrower_id = 'A2'")).singleElement().satisfies(h -> assertThat(h)
                .containsEntry("hold_type", "HARDSHIP").containsEntry("loan_id", null));
        JsonNode notice = JSON.readTree(lender.requests().get(0).body());
        assertThat(notice.get("channel").asText()).isEqualTo("inapp");
        assertThat(notice.get("loanId").asText()).isEqualTo("A2-L");

        // the due date's cycle sends nothing about A1's loan or to A2
        cycleAtTenOn(LocalDate.of(2026, 11, 26));
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select borrower_id, status, reason from kindly_contact"
                + " where borrower_id in ('A1', 'A2') and business_date = ?", LocalDate.of(2026, 11, 26)))
                .extracting(c -> c.get("borrower_id") + " " + c.get("status") + " " + c.get("reason"))
                .containsOnly("A1 SUPPRESSED HOLD_DISPUTE", "A2 SUPPRESSED HOLD_HARDSHIP").hasSize(6);
    }

    @Test
    void inAppEventsThatNameNoKnownMessageAreRefused() throws Exception {
        assertThat(inapp("{\"event\":\"read\",\"id\":\"k1-unknown\"}").statusCode()).isEqualTo(404);
        // an SMS's id is not an in-app message
        assertThat(inapp("{\"event\":\"read\",\"id\":\"" + contactId("A3", "sms") + "\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> noId = inapp("{\"event\":\"read\"}");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).isEqualTo("{\"error\":\"missing the message id (/id)\"}");
        assertThat(inapp("{\"event\":\"liked\",\"id\":\"x\"}").statusCode()).isEqualTo(400);
    }

    // --------------------------------------------------------------------------------------------- refusals

    @Test
    void everyEndpointRefusesABadSignatureAMalformedBodyAndAnOversizedOneWithAJsonReason() throws Exception {
        long mark = RawLog.mark();
        int kept = inbound("1 = 1").size();
        int refused = inbound("action = 'REFUSED_400'").size();
        for (String path : List.of("/inbound/email/event", "/inbound/inapp/event")) {
            String body = "{\"status\":\"DELIVRD\",\"messageId\":\"gw-x\"}";
            HttpResponse<String> unsigned = send(path, "application/json", body, Map.of());
            assertThat(unsigned.statusCode()).as(path).isEqualTo(401);
            assertThat(unsigned.body()).isEqualTo("{\"error\":\"missing the X-Kindly-Signature header\"}");
            HttpResponse<String> forged = send(path, "application/json", body,
                    Map.of("X-Kindly-Signature", WebhookSignature.sign("some-other-secret-0000", body.getBytes(StandardCharsets.UTF_8))));
            assertThat(forged.statusCode()).as(path).isEqualTo(401);
            assertThat(forged.body()).isEqualTo("{\"error\":\"the X-Kindly-Signature signature does not match the body\"}");
            // a body altered after signing
            HttpResponse<String> altered = send(path, "application/json", body.replace("DELIVRD", "UNDELIV"),
                    Map.of("X-Kindly-Signature", WebhookSignature.sign(path.contains("inapp") ? INAPP_SECRET : EMAIL_SECRET,
                            body.getBytes(StandardCharsets.UTF_8))));
            assertThat(altered.statusCode()).as(path).isEqualTo(401);

            String secret = path.contains("inapp") ? INAPP_SECRET : EMAIL_SECRET;
            HttpResponse<String> malformed = send(path, "application/json", "{\"status\": DELIVRD", signed(secret, "{\"status\": DELIVRD"));
            assertThat(malformed.statusCode()).as(path).isEqualTo(400);
            assertThat(json(malformed).get("error").asText()).startsWith("the body is not valid JSON");
            HttpResponse<String> xml = send(path, "application/xml", "<x/>", signed(secret, "<x/>"));
            assertThat(xml.statusCode()).isEqualTo(400);
            assertThat(json(xml).get("error").asText()).contains("must be JSON");
            String big = "{\"text\":\"" + "x".repeat(InboundSettings.MAX_BODY_BYTES) + "\"}";
            HttpResponse<String> tooBig = send(path, "application/json", big, signed(secret, big));
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(tooBig.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
        }
        // a token source: no token, a wrong one
        String receipt = "{\"status\":\"DELIVRD\",\"messageId\":\"gw-x\"}";
        HttpResponse<String> noToken = send("/inbound/sms/receipt", "application/json", receipt, Map.of());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).isEqualTo("{\"error\":\"missing the Authorization header\"}");
        HttpResponse<String> wrongToken = send("/inbound/sms/reply", "application/json", receipt,
                Map.of("Authorization", "Bearer " + SMS_TOKEN.replace('0', '1')));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).isEqualTo("{\"error\":\"the Authorization token is not valid\"}");
        // a form where a signature over the body is expected: the server keeps no bytes to check it over
        HttpResponse<String> form = send("/inbound/inapp/event", "application/x-www-form-urlencoded", "event=read&id=x",
                signed(INAPP_SECRET, "event=read&id=x"));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).get("error").asText()).contains("authenticate form posts by token");

        // the wrong method: email and app events come by POST only; SMS gateways may call by GET (Kannel's dlr-url
        // and get-url do), and a GET is authenticated like a POST
        for (String path : List.of("/inbound/email/event", "/inbound/inapp/event")) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(path).isEqualTo(405);
            assertThat(get.body()).isEqualTo("{\"error\":\"use POST\"}");
        }
        for (String path : List.of("/inbound/sms/receipt", "/inbound/sms/reply")) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
                    + "?status=1&ref=x")).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(path).isEqualTo(401);
            assertThat(get.body()).isEqualTo("{\"error\":\"missing the Authorization header\"}");
            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).as(path).isEqualTo(405);
            assertThat(delete.body()).isEqualTo("{\"error\":\"use GET or POST\"}");
        }

        // authenticated but malformed requests are kept, with the reason; unauthenticated ones are not
        assertThat(inbound("1 = 1")).hasSize(kept + 4);
        assertThat(inbound("action = 'REFUSED_400'")).hasSize(refused + 4);
        assertThat(RawLog.since(mark)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A later day's cycle at 10:00 in Shanghai; the clock then goes back to 23 November. */
    void cycleAtTenOn(LocalDate date) {
        clock.set(date.atTime(2, 0).toInstant(java.time.ZoneOffset.UTC));
        try {
            app.runCycle(date);
        } finally {
            clock.set(Instant.parse("2026-11-23T10:30:00Z"));
        }
    }

    /** What the timer route kindly-lender-notice-retry runs every five minutes: how many waiting notices were taken. */
    int retryPending() {
        return app.camel().createFluentProducerTemplate().to("direct:kindly-lender-notice-pending").request(Integer.class);
    }

    String contactId(String borrower, String channel) {
        return LedgerRows.query(app.ledgerDataSource(), "select contact_id from kindly_contact where borrower_id = ?"
                + " and channel = ? and business_date = ?", borrower, channel, NOV_23).get(0).get("contact_id");
    }

    String status(String contactId) {
        return LedgerRows.query(app.ledgerDataSource(), "select status from kindly_contact where contact_id = ?",
                contactId).get(0).get("status");
    }

    List<Map<String, String>> inbound(String where) {
        return LedgerRows.query(app.ledgerDataSource(), "select * from kindly_inbound where " + where);
    }

    static String reply(String from, String text) throws Exception {
        return JSON.writeValueAsString(Map.of("from", from, "text", text, "to", "10690000"));
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    HttpResponse<String> sms(String path, String body) throws Exception {
        return send(path, "application/json", body, Map.of("Authorization", "Bearer " + SMS_TOKEN));
    }

    HttpResponse<String> email(String body) throws Exception {
        return send("/inbound/email/event", "application/json", body, signed(EMAIL_SECRET, body));
    }

    HttpResponse<String> inapp(String body) throws Exception {
        return send("/inbound/inapp/event", "application/json", body, signed(INAPP_SECRET, body));
    }

    static Map<String, String> signed(String secret, String body) {
        return Map.of("X-Kindly-Signature", WebhookSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> send(String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
