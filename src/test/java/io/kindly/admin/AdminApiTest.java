package io.kindly.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import io.kindly.support.TestLoanBook;
import org.apache.camel.Route;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API over HTTP on loopback, against a running Kindly: every endpoint, unauthenticated, malformed, unknown
 * ids and conflicts, who made each change and why, an opt-out that stops a planned message, a cycle asked for while one
 * runs, the preview, and the OpenAPI document against the routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    static final String SECRET = "a-test-admin-secret-of-40-characters-xyz";
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    /** The business date of the cycle the test asks for: B2's and B3's loans are due three days later. */
    static final LocalDate CYCLE_DAY = LocalDate.of(2026, 12, 1);
    /** The business date previewed: B4's loan is due three days later. */
    static final LocalDate PREVIEW_DAY = LocalDate.of(2026, 12, 7);

    @TempDir
    static Path dir;

    KindlyTestApp app;
    LoopbackHttpServer gateway;
    /** Holds the gateway's answer to the first SMS until the test lets it go (a cycle kept running). */
    final CountDownLatch letTheGatewayAnswer = new CountDownLatch(1);
    static final String B3_MOBILE = "+86 138 0013 3333";
    final int port = Ports.free();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        gateway = new LoopbackHttpServer(req -> {
            try {
                letTheGatewayAnswer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.json(200, "{\"status\":\"queued\",\"messageId\":\"gw-" + System.nanoTime() + "\"}");
        });
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        // no usable address on any channel: every message is SKIPPED and recorded, nothing is sent
        book.add(loan("B1", "L1", DAY.plusDays(3)).set("mobile_no", "12").set("email_addr", null).set("app_uid", null));
        // SMS only, on the cycle the test asks for; B3 is opted out through the API first
        book.add(loan("B2", "L2", CYCLE_DAY.plusDays(3)).set("mobile_no", "+86 138 0013 2222")
                .set("email_addr", null).set("app_uid", null));
        book.add(loan("B3", "L3", CYCLE_DAY.plusDays(3)).set("mobile_no", B3_MOBILE).set("email_addr", null)
                .set("app_uid", null));
        // only previewed
        book.add(loan("B4", "L4", PREVIEW_DAY.plusDays(3)).set("email_addr", null).set("app_uid", null));
        app = KindlyTestApp.in(dir.resolve("data"))
                .property("kindly.channel.sms.url", gateway.url("/v1/messages"))
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
        letTheGatewayAnswer.countDown();
        app.close();
        gateway.close();
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
        assertThat(send("DELETE", "/admin/holds/" + id + "?why=resolved", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> lifted = send("DELETE", "/admin/holds/" + id + "?why=resolved", "Bearer " + SECRET, null);
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(lifted.body()).get("liftedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(json.readTree(lifted.body()).get("liftNote").asText()).isEqualTo("resolved");
        // kept with the hold in the ledger's database, not only in the log
        assertThat(row("select lifted_by, lift_note from kindly_hold where hold_id = ?", id))
                .containsExactly("admin:ops-team", "resolved");
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
    void optOutsAreRecordedListedAndRevokedWithWhoAndWhy() throws Exception {
        long log = RawLog.mark();
        HttpResponse<String> added = post("/admin/opt-outs",
                "{\"channel\":\"sms\",\"address\":\"+86 139 0013 9999\",\"why\":\"asked by phone\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode optOut = json.readTree(added.body());
        assertThat(optOut.get("address").asText()).isEqualTo("+8613900139999");
        assertThat(optOut.get("source").asText()).isEqualTo("admin:ops-team");
        assertThat(optOut.get("note").asText()).isEqualTo("asked by phone");
        assertThat(optOut.get("active").asBoolean()).isTrue();
        String id = optOut.get("id").asText();
        // the same again, written differently: already in force
        HttpResponse<String> again = post("/admin/opt-outs",
                "{\"channel\":\"sms\",\"address\":\"+8613900139999\",\"why\":\"again\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains(id);

        HttpResponse<String> borrower = post("/admin/opt-outs",
                "{\"channel\":\"email\",\"borrowerId\":\"B9\",\"why\":\"no email, by letter\"}");
        assertThat(borrower.statusCode()).isEqualTo(201);
        assertThat(json.readTree(get("/admin/opt-outs?borrower=B9").body())).singleElement()
                .satisfies(o -> assertThat(o.get("channel").asText()).isEqualTo("email"));
        assertThat(json.readTree(get("/admin/opt-outs").body())).anySatisfy(o -> assertThat(o.get("id").asText())
                .isEqualTo(id));

        assertThat(send("DELETE", "/admin/opt-outs/" + id, "Bearer " + SECRET, null).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/admin/opt-outs/" + id + "?why=x", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> revoked = send("DELETE", "/admin/opt-outs/" + id + "?why=wants%20reminders%20again",
                "Bearer " + SECRET, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json.readTree(revoked.body()).get("revokedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(json.readTree(revoked.body()).get("revokeNote").asText()).isEqualTo("wants reminders again");
        assertThat(row("select revoked_by, revoke_note from kindly_opt_out where opt_out_id = ?", id))
                .containsExactly("admin:ops-team", "wants reminders again");
        assertThat(send("DELETE", "/admin/opt-outs/" + id + "?why=x", "Bearer " + SECRET, null).statusCode())
                .isEqualTo(409);
        HttpResponse<String> unknown = send("DELETE", "/admin/opt-outs/no-such-opt-out?why=x", "Bearer " + SECRET,
                null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no opt-out with this id\"}");
        assertThat(json.readTree(get("/admin/opt-outs").body())).noneSatisfy(o -> assertThat(o.get("id").asText())
                .isEqualTo(id));
        assertThat(json.readTree(get("/admin/opt-outs?all=true").body())).anySatisfy(o -> assertThat(
                o.get("id").asText()).isEqualTo(id));
        assertThat(send("GET", "/admin/opt-outs", null, null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/admin/opt-outs", "Bearer " + SECRET, "{}").statusCode()).isEqualTo(405);
        // the log says who did what to which opt-out, never the address, the reasons or the token
        String logged = RawLog.since(log);
        assertThat(logged).contains("admin:ops-team revoked sms opt-out " + id)
                .doesNotContain("13900139999", "139 0013", "asked by phone", "wants reminders again", SECRET);
    }

    @Test
    void malformedOptOutsAreRefusedWithAReason() throws Exception {
        assertThat(post("/admin/opt-outs", "{channel: sms}").body()).startsWith("{\"error\":\"the body is not JSON");
        assertThat(post("/admin/opt-outs", "{\"channel\":\"fax\",\"address\":\"1\",\"why\":\"x\"}").body())
                .isEqualTo("{\"error\":\"channel: one of sms, email, inapp\"}");
        assertThat(post("/admin/opt-outs", "{\"channel\":\"sms\",\"why\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(post("/admin/opt-outs",
                "{\"channel\":\"sms\",\"address\":\"+8613900139998\",\"borrowerId\":\"B9\",\"why\":\"x\"}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> badNumber = post("/admin/opt-outs",
                "{\"channel\":\"sms\",\"address\":\"12\",\"why\":\"x\"}");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(badNumber.body()).startsWith("{\"error\":\"address: not a usable sms address");
        assertThat(post("/admin/opt-outs", "{\"channel\":\"email\",\"address\":\"not-mail\",\"why\":\"x\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/admin/opt-outs", "{\"channel\":\"sms\",\"address\":\"+8613900139998\"}").body())
                .isEqualTo("{\"error\":\"why: required\"}");
    }

    /**
     * An opt-out made through the API stops the message a cycle plans for that number, as a STOP reply would; the cycle
     * is asked for through the API, runs through the cycle route while the request is answered, and a second one is
     * refused while it runs.
     */
    @Test
    void aCycleAskedForRunsAndAnOptOutStopsItsPlannedMessage() throws Exception {
        long log = RawLog.mark();
        HttpResponse<String> optOut = post("/admin/opt-outs", "{\"channel\":\"sms\",\"address\":\"" + B3_MOBILE
                + "\",\"why\":\"borrower asked on the phone\"}");
        assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(201);

        HttpResponse<String> started = post("/admin/cycles", "{\"date\":\"" + CYCLE_DAY
                + "\",\"why\":\"the 10:00 run was missed\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = json.readTree(started.body());
        String runId = run.get("runId").asText();
        assertThat(run.get("businessDate").asText()).isEqualTo(CYCLE_DAY.toString());
        assertThat(run.get("requestedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(started.headers().firstValue("Location")).hasValue("/admin/cycles/" + runId);

        // the cycle is held at the gateway with B2's SMS: a second cycle is refused meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> !gateway.requests().isEmpty());
        HttpResponse<String> second = post("/admin/cycles", "{\"date\":\"" + CYCLE_DAY + "\",\"why\":\"again\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("a cycle is running (" + runId);
        assertThat(json.readTree(get("/admin/cycles/" + runId).body()).get("outcome").asText()).isEqualTo("RUNNING");
        letTheGatewayAnswer.countDown();

        await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(get("/admin/cycles/" + runId).body())
                .get("outcome").asText().equals("COMPLETED"));
        JsonNode recorded = json.readTree(get("/admin/cycles/" + runId).body());
        assertThat(recorded.get("trigger").asText()).isEqualTo("admin");
        assertThat(recorded.get("requestedBy").asText()).isEqualTo("admin:ops-team");
        assertThat(recorded.get("why").asText()).isEqualTo("the 10:00 run was missed");

        assertThat(json.readTree(get("/admin/loans/L2/contacts").body()))
                .anySatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("SENT"));
        List<JsonNode> stopped = new ArrayList<>();
        json.readTree(get("/admin/loans/L3/contacts").body()).forEach(e -> {
            if (e.get("channel").asText().equals("sms")) {
                stopped.add(e);
            }
        });
        assertThat(stopped).singleElement().satisfies(e -> {
            assertThat(e.get("status").asText()).isEqualTo("SUPPRESSED");
            assertThat(e.get("reason").asText()).isEqualTo("OPTED_OUT");
        });
        assertThat(gateway.requests()).hasSize(1);
        assertThat(gateway.requests().get(0).bodyText()).doesNotContain("13800133333");

        // once it has finished, another may be asked for (every key of that date is already handled)
        HttpResponse<String> third = post("/admin/cycles", "{\"date\":\"" + CYCLE_DAY + "\",\"why\":\"check\"}");
        assertThat(third.statusCode()).as(third.body()).isEqualTo(202);
        String thirdId = json.readTree(third.body()).get("runId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> !json.readTree(get("/admin/cycles/" + thirdId).body())
                .get("outcome").asText().equals("RUNNING"));
        assertThat(gateway.requests()).hasSize(1);
        assertThat(RawLog.since(log)).contains("admin:ops-team asked for cycle " + runId)
                .doesNotContain("13800133333", "138 0013", "13800132222", "borrower asked on the phone", SECRET);
    }

    @Test
    void malformedCycleRequestsAreRefusedWithAReason() throws Exception {
        assertThat(post("/admin/cycles", "{\"date\":\"2026-13-01\",\"why\":\"x\"}").body())
                .isEqualTo("{\"error\":\"date: a date, YYYY-MM-DD\"}");
        assertThat(post("/admin/cycles", "{\"date\":\"tomorrow\",\"why\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(post("/admin/cycles", "{\"why\":\"x\"}").body()).isEqualTo("{\"error\":\"date: required\"}");
        assertThat(post("/admin/cycles", "{\"date\":\"2026-12-02\"}").body())
                .isEqualTo("{\"error\":\"why: required\"}");
        assertThat(post("/admin/cycles", "date=2026-12-02").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/admin/cycles", null, "{\"date\":\"2026-12-02\",\"why\":\"x\"}").statusCode())
                .isEqualTo(401);
        assertThat(get("/admin/cycles").statusCode()).isEqualTo(405);
        HttpResponse<String> unknown = get("/admin/cycles/no-such-run");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no run with this id\"}");
    }

    @Test
    void thePreviewAsJson() throws Exception {
        HttpResponse<String> preview = get("/admin/preview?date=" + PREVIEW_DAY + "&at=10:30");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode report = json.readTree(preview.body());
        assertThat(report.get("businessDate").asText()).isEqualTo(PREVIEW_DAY.toString());
        assertThat(report.get("atLocal").asText()).isEqualTo(PREVIEW_DAY + "T10:30+08:00");
        assertThat(report.get("messages")).anySatisfy(m -> {
            assertThat(m.get("loanId").asText()).isEqualTo("L4");
            assertThat(m.get("channel").asText()).isEqualTo("sms");
            assertThat(m.get("decision").asText()).isEqualTo("SEND");
            assertThat(m.get("body").asText()).isNotBlank();
        });
        // nothing recorded
        assertThat(get("/admin/loans/L4/contacts").statusCode()).isEqualTo(404);
        // at night: deferred to the morning
        JsonNode night = json.readTree(get("/admin/preview?date=" + PREVIEW_DAY + "&at=03:00").body());
        assertThat(night.get("messages")).anySatisfy(m -> {
            assertThat(m.get("loanId").asText()).isEqualTo("L4");
            assertThat(m.get("decision").asText()).isEqualTo("DEFER");
        });

        assertThat(get("/admin/preview?date=2026-02-30").body()).isEqualTo("{\"error\":\"date: a date, YYYY-MM-DD\"}");
        assertThat(get("/admin/preview?date=" + PREVIEW_DAY + "&at=25:00").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/preview?date=" + PREVIEW_DAY, null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/preview", "Bearer " + SECRET, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void theApiIsDescribed() throws Exception {
        HttpResponse<String> doc = get("/admin/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode api = json.readTree(doc.body());
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").fieldNames()).toIterable().containsExactlyInAnyOrder("/admin/loans/{id}/contacts",
                "/admin/borrowers/{id}/contacts", "/admin/holds", "/admin/holds/{id}", "/admin/opt-outs",
                "/admin/opt-outs/{id}", "/admin/cycles", "/admin/cycles/{id}", "/admin/preview", "/admin/openapi.json");
    }

    /**
     * The hand-written OpenAPI document and the routes say the same: every path a route serves under /admin is
     * described and every described path is served, and each path takes exactly the methods described (any other is
     * answered 405).
     */
    @Test
    void theDocumentMatchesTheRoutes() throws Exception {
        JsonNode paths = json.readTree(get("/admin/openapi.json").body()).get("paths");
        Set<String> served = new TreeSet<>();
        for (Route route : app.camel().getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.startsWith("platform-http:///admin") || uri.startsWith("platform-http:/admin")) {
                String path = java.net.URLDecoder.decode(uri.replaceFirst("^platform-http:/*", "/")
                        .replaceFirst("\\?.*$", ""), java.nio.charset.StandardCharsets.UTF_8);
                served.add(path);
            }
        }
        Set<String> described = new TreeSet<>();
        paths.fieldNames().forEachRemaining(described::add);
        assertThat(served).isEqualTo(described);

        List<String> wrong = new ArrayList<>();
        for (String path : described) {
            String concrete = path.replace("{id}", "no-such-id") + "?date=not-a-date";
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                boolean documented = paths.get(path).has(method.toLowerCase(java.util.Locale.ROOT));
                int status = send(method, concrete, "Bearer " + SECRET, method.equals("GET") || method.equals("DELETE")
                        ? null : "not json").statusCode();
                if (documented == (status == 405)) {
                    wrong.add(method + " " + path + ": " + status + (documented ? " but documented" : " but not documented"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private List<String> row(String sql, String id) throws Exception {
        try (Connection c = app.ledgerDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }
        }
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
