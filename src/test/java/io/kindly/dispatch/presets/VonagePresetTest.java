package io.kindly.dispatch.presets;

import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kindly.channel.sms.preset = vonage} against a loopback imitation of Vonage's SMS API: a form POST with
 * api_key and api_secret, answered 200 with the verdict in messages[0].status; delivery receipts and inbound messages by
 * GET to the token paths, as Vonage's webhooks call them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VonagePresetTest {
    static final String KEY = "a1b2c3d4";
    static final String SECRET = "vonage-api-secret-0123";
    static final String TOKEN = "vonage-inbound-token-0123456789";
    @TempDir
    static Path dir;
    final PresetFixture kindly = new PresetFixture();
    final AtomicInteger ids = new AtomicInteger();
    final Map<String, Map<String, String>> sent = new java.util.concurrent.ConcurrentHashMap<>();
    LoopbackHttpServer vonage;

    @BeforeAll
    void start() throws Exception {
        vonage = new LoopbackHttpServer(this::sms);
        kindly.start(dir, Map.of(
                "kindly.channel.sms.preset", "vonage",
                "kindly.channel.sms.url", vonage.url("/sms/json"),
                "kindly.channel.sms.api-key", KEY,
                "kindly.channel.sms.api-secret", SECRET,
                "kindly.inbound.sms.secret", TOKEN));
    }

    @AfterAll
    void stop() {
        kindly.close();
        vonage.close();
    }

    private Response sms(LoopbackHttpServer.Request r) {
        Map<String, String> form = PresetFixture.form(r.bodyText());
        if (!KEY.equals(form.get("api_key")) || !SECRET.equals(form.get("api_secret"))) {
            // Vonage answers 200 and puts the refusal in the body
            return Response.json(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"4\",\"error-text\":"
                    + "\"Bad Credentials\"}]}");
        }
        String id = String.format("1A%014d", ids.incrementAndGet());
        sent.put(id, form);
        String status = ("+" + form.get("to")).equals(PresetFixture.UNDELIVERABLE) ? "failed" : "delivered";
        String receipt = form.get("callback") + "?msisdn=" + form.get("to") + "&to=LENDER&messageId=" + id
                + "&status=" + status + "&err-code=" + (status.equals("failed") ? "1" : "0") + "&client-ref="
                + form.get("client-ref");
        CompletableFuture.runAsync(() -> get(receipt), CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
        return Response.json(200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"" + form.get("to")
                + "\",\"message-id\":\"" + id + "\",\"status\":\"0\"}]}");
    }

    HttpResponse<String> get(String url) {
        try {
            return kindly.send(HttpRequest.newBuilder(java.net.URI.create(url)).GET());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void messagesGoWithTheirCodingAndVonagesReceiptsSetTheirStatus() throws Exception {
        assertThat(sent).hasSize(PresetFixture.BORROWERS.size());
        for (Map<String, String> c : kindly.smsContacts()) {
            Map<String, String> form = sent.get(c.get("gateway_message_id"));
            assertThat(form).as(c.get("borrower_id")).isNotNull();
            assertThat(form.get("type")).isEqualTo(c.get("borrower_id").equals("P2") ? "unicode" : "text");
            assertThat(form.get("client-ref")).isEqualTo(c.get("contact_id"));
            assertThat(form.get("to")).doesNotStartWith("+");
            String expected = c.get("borrower_id").equals("P3") ? "UNDELIVERED" : "DELIVERED";
            PresetFixture.await(() -> expected.equals(kindly.status(c.get("contact_id"))) ? expected : null);
        }
    }

    @Test
    void inboundMessagesByGetOptOutAndAWrongTokenIs401() throws Exception {
        String path = "/inbound/sms/reply/";
        HttpResponse<String> wrong = get(kindly.publicUrl() + path + "x" + TOKEN + "?msisdn=8613900000201&text=STOP");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(kindly.optedOut("+8613900000201")).isFalse();
        HttpResponse<String> stop = get(kindly.publicUrl() + path + TOKEN + "?msisdn=8613900000201&to=LENDER&text=STOP");
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
        assertThat(kindly.optedOut("+8613900000201")).isTrue();
        HttpResponse<String> tuiding = get(kindly.publicUrl() + path + TOKEN + "?msisdn=8613900000202&text="
                + URLEncoder.encode("退订", StandardCharsets.UTF_8));
        assertThat(tuiding.statusCode()).as(tuiding.body()).isEqualTo(200);
        assertThat(kindly.optedOut("+8613900000202")).isTrue();
    }
}
