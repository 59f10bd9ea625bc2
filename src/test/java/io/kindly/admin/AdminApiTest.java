package io.kindly.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.Ports;
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
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over HTTP: every endpoint, unauthenticated, malformed and unknown ids, and who made each change. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    static final String SECRET = "a-test-admin-secret-of-40-characters-xyz";
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    static Path dir;

    KindlyTestApp app;
    final int port = Ports.free();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() {
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        // no usable address on any channel: every message is SKIPPED and recorded, nothing is sent
        book.add(loan("B1", "L1", DAY.plusDays(3)).set("mobile_no", "12").set("email_addr", null).set("app_uid", null));
        app = KindlyTestApp.in(dir.resolve("data"))
                .clock(Clock.fixed(Instant.parse("2026-11-25T02:30:00Z"), ZoneOffset.UTC))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("camel.server.port", String.valueOf(port))
                .property("kindly.admin.token", "ops-team:" + SECRET)
                .start();
        app.runCycle(DAY);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void everyCallNeedsTheBearerToken() throws Exception {
        for (String path : new String[] {"/admin/holds", "/admin/loans/L1/contacts", "/admin/openapi.json"}) {
            HttpResponse<String> none = send("GET", path, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.body()).isEqualTo("{\"error\":\"missing the bearer token (Authorization: Bearer ...)\"}");
            HttpResponse<String> wrong = send("GET", path, "Bearer " + SECRET.replace('x', 'y'), null);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(SECRET.substring(0, 10));
        }
    }

    @Test
    void aLoansAndABorrowersContactHistory() throws Exception {
        HttpResponse<String> loan = get("/admin/loans/L1/contacts");
        assertThat(loan.statusCode()).isEqualTo(200);
        JsonNode entries = json.readTree(loan.body());
        assertThat(entries).hasSize(3);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(e.get("loan_id").asText()).isEqualTo("L1");
            assertThat(e.get("local_time").asText()).endsWith("+08:00");
            assertThat(e.get("entry_hash").asText()).hasSize(64);
        });
        assertThat(json.readTree(get("/admin/borrowers/B1/contacts").body())).hasSize(3);
        HttpResponse<String> unknown = get("/admin/loans/NOPE/contacts");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"the ledger has no contact for this loan\"}");
        assertThat(get("/admin/borrowers/NOPE/contacts").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/admin/loans/L1/contacts", "Bearer " + SECRET, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void holdsArePlacedListedAndLiftedWithWhoAndWhy() throws Exception {
        HttpResponse<String> placed = post("/admin/holds",
                "{\"borrowerId\":\"B1\",\"loanId\":\"L1\",\"type\":\"dispute\",\"why\":\"borrower disputes the amount\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        JsonNode hold = json.readTree(placed.body());
        assertThat(hold.get("placedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(hold.get("note").asText()).isEqualTo("borrower disputes the amount");
        assertThat(hold.get("active").asBoolean()).isTrue();
        String id = hold.get("id").asText();

        JsonNode list = json.readTree(get("/admin/holds?borrower=B1").body());
        assertThat(list).anySatisfy(h -> assertThat(h.get("id").asText()).isEqualTo(id));

        assertThat(send("DELETE", "/admin/holds/" + id, "Bearer " + SECRET, null).statusCode()).isEqualTo(400);
        HttpResponse<String> lifted = send("DELETE", "/admin/holds/" + id + "?why=resolved", "Bearer " + SECRET, null);
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(lifted.body()).get("liftedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(send("DELETE", "/admin/holds/" + id + "?why=again", "Bearer " + SECRET, null).statusCode())
                .isEqualTo(409);
        assertThat(send("DELETE", "/admin/holds/no-such-hold?why=x", "Bearer " + SECRET, null).statusCode())
                .isEqualTo(404);
        assertThat(json.readTree(get("/admin/holds?borrower=B1").body())).noneSatisfy(h -> assertThat(
                h.get("id").asText()).isEqualTo(id));
        assertThat(json.readTree(get("/admin/holds?borrower=B1&all=true").body())).anySatisfy(h -> assertThat(
                h.get("id").asText()).isEqualTo(id));
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() throws Exception {
        HttpResponse<String> notJson = post("/admin/holds", "borrower=B1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("{\"error\":\"the body is not JSON");
        assertThat(post("/admin/holds", "[]").body()).isEqualTo("{\"error\":\"the body must be a JSON object\"}");
        assertThat(post("/admin/holds", "{\"borrowerId\":\"B1\",\"type\":\"dispute\"}").body())
                .isEqualTo("{\"error\":\"why: required\"}");
        HttpResponse<String> badType = post("/admin/holds", "{\"borrowerId\":\"B1\",\"type\":\"angry\",\"why\":\"x\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("type: one of");
        assertThat(post("/admin/holds", "{\"borrowerId\":\"B1\",\"type\":\"dispute\",\"why\":\"x\",\"until\":\"soon\"}")
                .body()).isEqualTo("{\"error\":\"until: a date, YYYY-MM-DD\"}");
        assertThat(post("/admin/holds", "{\"borrowerId\":7,\"type\":\"dispute\",\"why\":\"x\"}").body())
                .isEqualTo("{\"error\":\"borrowerId: must be a string\"}");
    }

    @Test
    void theApiIsDescribed() throws Exception {
        HttpResponse<String> doc = get("/admin/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode api = json.readTree(doc.body());
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").fieldNames()).toIterable().containsExactlyInAnyOrder("/admin/loans/{id}/contacts",
                "/admin/borrowers/{id}/contacts", "/admin/holds", "/admin/holds/{id}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, "Bearer " + SECRET, null);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, "Bearer " + SECRET, body);
    }

    private HttpResponse<String> send(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
