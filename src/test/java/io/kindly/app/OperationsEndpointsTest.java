package io.kindly.app;

import io.kindly.support.KindlyTestApp;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.Ports;
import io.kindly.support.TestLoanBook;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management server (health and metrics) and the inbound endpoints' readiness gate, on a Kindly whose loan book
 * is an H2 server this test stops and starts again: ready only while it answers, and the inbound endpoints answer 503
 * with a reason and Retry-After while it does not.
 */
class OperationsEndpointsTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthMetricsAndTheReadinessGate() throws Exception {
        // a Wednesday, 10:30 in Shanghai: inside the contact window, so the SMS goes now
        LocalDate today = LocalDate.of(2026, 11, 25);
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T02:30:00Z"),
                java.time.ZoneOffset.UTC);
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        // a borrower with no usable address on any channel: every message is SKIPPED, nothing is sent anywhere
        book.add(loan("B1", "L1", today.plusDays(3)).set("mobile_no", "12").set("email_addr", null)
                .set("app_uid", null));
        // and one with a mobile only, whose SMS goes to a loopback gateway
        book.add(loan("B2", "L2", today.plusDays(3)).set("email_addr", null).set("app_uid", null));
        int dbPort = Ports.free();
        Server db = Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-baseDir", dir.toString()).start();
        int managementPort = Ports.free();
        int inboundPort = Ports.free();
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(
                r -> LoopbackHttpServer.Response.json(200, "{\"messageId\":\"gw-1\"}"));
                KindlyTestApp app = KindlyTestApp.in(dir.resolve("data")).clock(clock)
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/loanbook")
                .property("camel.management.port", String.valueOf(managementPort))
                .property("camel.server.port", String.valueOf(inboundPort))
                .start()) {
            app.runCycle(today);

            assertThat(get(managementPort, "/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(managementPort, "/observe/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).containsPattern("\"status\":\\s*\"UP\"");
            assertThat(get(managementPort, "/observe/health").statusCode()).isEqualTo(200);

            // ready: a request is judged on its merits (here: not authenticated)
            HttpResponse<String> refused = postReceipt(inboundPort);
            assertThat(refused.statusCode()).isEqualTo(401);

            app.camel().createProducerTemplate().sendBody("direct:kindly-metrics-refresh", (Object) null);
            HttpResponse<String> metrics = get(managementPort, "/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .containsPattern("kindly_messages_total\\{channel=\"sms\",reason=\"MOBILE_INVALID\",stage=\"[^\"]+\","
                            + "status=\"SKIPPED\"} 1.0")
                    .contains("kindly_breaker_state{channel=\"sms\"} 0.0")
                    .contains("kindly_inbound_requests_total{answer=\"401\",endpoint=\"kindly-inbound-sms-receipt\"} 1.0")
                    .contains("kindly_cycle_last_accounts 2.0")
                    .contains("kindly_gateway_latency_seconds_bucket{channel=\"sms\",outcome=\"answered\",le=\"+Inf\"} 1")
                    .doesNotContain("B1", "L1", "B2", "L2");

            // an inbound route not (yet) started, as in the seconds after start-up: 503 and Retry-After, not a 404
            app.camel().getRouteController().stopRoute("kindly-inbound-sms-receipt");
            // once the readiness answer kept from before (2 s) has expired
            await().atMost(Duration.ofSeconds(10)).until(() -> postReceipt(inboundPort).statusCode() == 503);
            HttpResponse<String> starting = postReceipt(inboundPort);
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).contains("5");
            assertThat(starting.body()).isEqualTo("{\"error\":\"Kindly is not ready (route kindly-inbound-sms-receipt"
                    + " is not started); try again shortly\"}");
            app.camel().getRouteController().startRoute("kindly-inbound-sms-receipt");
            await().atMost(Duration.ofSeconds(10)).until(() -> postReceipt(inboundPort).statusCode() != 503);
            assertThat(postReceipt(inboundPort).statusCode()).isEqualTo(401);
            assertThat(get(inboundPort, "/inbound/nothing-here").statusCode()).isEqualTo(404);
            // no kindly.admin.token: the admin API is off
            HttpResponse<String> admin = get(inboundPort, "/admin/holds");
            assertThat(admin.statusCode()).isEqualTo(404);
            assertThat(admin.body()).contains("the admin API is off");

            db.stop();
            // once the readiness answers kept from before (2 s) have expired, at the gate and at the endpoint
            await().atMost(Duration.ofSeconds(10)).until(() -> postReceipt(inboundPort).statusCode() == 503
                    && get(managementPort, "/observe/health/ready").statusCode() == 503);
            HttpResponse<String> notReady = get(managementPort, "/observe/health/ready?exposureLevel=full");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).containsPattern("\"status\":\\s*\"DOWN\"").contains("kindly-loan-book");
            assertThat(get(managementPort, "/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> unavailable = postReceipt(inboundPort);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).contains("5");
            assertThat(unavailable.body()).startsWith("{\"error\":\"Kindly is not ready (the loan book database");

            db = Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-baseDir", dir.toString()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> postReceipt(inboundPort).statusCode() != 503
                    && get(managementPort, "/observe/health/ready").statusCode() == 200);
            assertThat(get(managementPort, "/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(postReceipt(inboundPort).statusCode()).isEqualTo(401);
        } finally {
            db.stop();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postReceipt(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/inbound/sms/receipt"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"gw-1\",\"status\":\"DELIVRD\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
