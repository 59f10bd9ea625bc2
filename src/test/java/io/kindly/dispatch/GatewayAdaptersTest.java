package io.kindly.dispatch;

import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.LoopbackKindlyTest;
import io.kindly.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS gateway shapes lenders meet, configured in config/channels.properties only: JSON POST with a token, form
 * POST with basic authentication, GET with query parameters, text answers, and gateways that answer 200 to a refusal.
 * Also the rate limit.
 */
class GatewayAdaptersTest extends LoopbackKindlyTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);

    @BeforeEach
    void addTheBorrower() {
        book.add(loan("B1", "L1", NOV_23).set("mobile_no", "+86 138 0013 8000").set("full_name", "李 & 王"));
    }

    void run(Map<String, String> sms) {
        KindlyTestApp.Builder b = KindlyTestApp.in(dir).clock(new MutableClock(Instant.parse("2026-11-23T02:00:00Z")))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                .property("kindly.delivery.first-retry-ms", "20")
                .property("kindly.delivery.max-retry-ms", "50");
        sms.forEach((k, v) -> b.property("kindly.channel.sms." + k, v));
        app = b.start();
        app.runCycle(NOV_23);
    }

    Map<String, String> contact() {
        return LedgerRows.query(app.ledgerDataSource(), "select status, reason, gateway_message_id, attempts"
                + " from kindly_contact where loan_id = 'L1'").get(0);
    }

    static Map<String, String> form(String encoded) {
        return Arrays.stream(encoded.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    @Test
    void jsonPostWithATokenHeader() {
        run(Map.of("url", gateway.url("/v1/sms"), "auth", "header", "auth-header", "X-Api-Key",
                "auth-value", "key-123", "message-id-pointer", "/messageId"));

        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("X-Api-Key")).isEqualTo("key-123");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.bodyText()).contains("\"to\": \"+8613800138000\"", "\"reference\": \"k1-");
        assertThat(contact()).containsEntry("status", "SENT").containsEntry("gateway_message_id", "gw-1");
    }

    @Test
    void aGetKeepsTheUrlsQueryAndTheTemplateSeesCredentialsCodingAndParts() {
        long mark = io.kindly.support.RawLog.mark();
        gateway.respondWith(r -> new Response(202, "0: Accepted for delivery"));
        run(Map.of("url", gateway.url("/cgi-bin/sendsms?smsc=route-1&account=acme"), "preset", "kannel",
                "username", "lender01", "password", "pw-&=?-0123456789"));

        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        // the endpoint's own query first, then the template's
        assertThat(r.query()).startsWith("smsc=route-1&account=acme&username=lender01&");
        Map<String, String> q = form(r.query());
        assertThat(q).containsEntry("password", "pw-&=?-0123456789").containsEntry("coding", "2")
                .containsEntry("charset", "UTF-8").containsEntry("dlr-mask", "19");
        String text = q.get("text");
        assertThat(io.kindly.shared.SmsSegments.of(text).gsm7()).isFalse();
        // the preset's receipts come back to the token path, with Kindly's reference and Kannel's fields
        assertThat(q.get("dlr-url")).contains("/inbound/sms/receipt/demo-sms-inbound-secret-not-for-production?ref=k1-")
                .endsWith("&status=%d&answer=%A");
        assertThat(contact()).containsEntry("status", "SENT");
        assertThat(io.kindly.support.RawLog.since(mark)).doesNotContain("pw-&=?-0123456789")
                .doesNotContain("demo-sms-inbound-secret-not-for-production");
    }

    @Test
    void aPostKeepsTheUrlsQueryToo() {
        run(Map.of("url", gateway.url("/v1/sms?account=acme&route=2"), "auth", "header", "auth-header", "X-Api-Key",
                "auth-value", "key-123"));

        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.query()).isEqualTo("account=acme&route=2");
        assertThat(contact()).containsEntry("status", "SENT");
    }

    @Test
    void formPostWithBasicAuthentication() {
        gateway.respondWith(r -> Response.json(200, "{\"sid\":\"SM42\",\"status\":\"queued\"}"));
        run(Map.of("url", gateway.url("/2010-04-01/Messages"), "content-type",
                "application/x-www-form-urlencoded; charset=UTF-8", "request-template", "_gateway/sms-form.ftl",
                "auth", "basic", "auth-username", "AC123", "auth-password", "s3cret", "message-id-pointer", "/sid",
                "status-pointer", "/status", "accepted-statuses", "queued, accepted, sent"));

        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("AC123:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> fields = form(r.bodyText());
        assertThat(fields.get("to")).isEqualTo("+8613800138000");
        assertThat(fields.get("text")).contains("李 & 王"); // & inside a value does not break the form
        assertThat(fields.get("reference")).startsWith("k1-");
        assertThat(contact()).containsEntry("status", "SENT").containsEntry("gateway_message_id", "SM42");
    }

    @Test
    void getWithQueryParametersAndAPlainTextAnswer() {
        gateway.respondWith(r -> Response.json(200, "OK:778899"));
        run(Map.of("url", gateway.url("/send"), "method", "GET", "request-template", "_gateway/sms-query.ftl",
                "auth", "none", "message-id-pattern", "^OK:(\\d+)$", "status-pattern", "^(OK|ERR)",
                "accepted-statuses", "OK"));

        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Authorization")).isNull();
        assertThat(contact()).containsEntry("status", "SENT").containsEntry("gateway_message_id", "778899");
    }

    @Test
    void theQueryStringCarriesTheMessage() {
        run(Map.of("url", gateway.url("/send"), "method", "GET", "request-template", "_gateway/sms-query.ftl",
                "auth", "none"));
        LoopbackHttpServer.Request r = gateway.requests().get(0);
        assertThat(r.path()).isEqualTo("/send");
        assertThat(r.query()).isNotNull();
        Map<String, String> q = form(r.query());
        assertThat(q).containsEntry("to", "+8613800138000").containsKey("text");
        assertThat(q.get("text")).contains("李 & 王");
    }

    @Test
    void aRefusalInsideATwoHundredIsFinal() {
        gateway.respondWith(r -> Response.json(200, "{\"status\":\"INVALID_NUMBER\"}"));
        run(Map.of("url", gateway.url("/v1/sms"), "status-pointer", "/status", "accepted-statuses", "0, OK"));

        assertThat(gateway.requests()).hasSize(1);
        assertThat(contact()).containsEntry("status", "FAILED").containsEntry("reason", "GATEWAY_REJECTED");
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "loan_id = 'L1'").get(1).get("error"))
                .contains("gateway answered status 'INVALID_NUMBER'");
    }

    @Test
    void aThrottleInsideATwoHundredIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        gateway.respondWith(r -> calls.incrementAndGet() == 1 ? Response.json(200, "{\"status\":\"THROTTLED\"}")
                : Response.json(200, "{\"status\":\"OK\",\"messageId\":\"gw-2\"}"));
        run(Map.of("url", gateway.url("/v1/sms"), "status-pointer", "/status", "accepted-statuses", "OK",
                "retry-statuses", "THROTTLED"));

        assertThat(gateway.requests()).hasSize(2);
        assertThat(contact()).containsEntry("status", "SENT").containsEntry("gateway_message_id", "gw-2")
                .containsEntry("attempts", "2");
    }

    @Test
    void theRateLimitIsNeverExceeded() {
        for (int i = 2; i <= 30; i++) {
            book.add(loan("B" + i, "L" + i, NOV_23));
        }
        List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateway.respondWith(r -> {
            at.add(System.nanoTime());
            return Response.json(200, "{\"messageId\":\"gw\"}");
        });
        Map<String, String> sms = new LinkedHashMap<>();
        sms.put("url", gateway.url("/v1/sms"));
        sms.put("rate-per-second", "10");
        run(sms);

        assertThat(at).hasSize(30);
        List<Long> sorted = at.stream().sorted().toList();
        // 30 messages at 10 a second: the last cannot leave before two further periods have begun
        assertThat((sorted.get(29) - sorted.get(0)) / 1_000_000).isGreaterThanOrEqualTo(1_800);
    }
}
