package io.kindly.dispatch.presets;

import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kindly.channel.sms.preset = twilio} against a loopback imitation of Twilio's Messages API: a form POST with
 * basic authentication (account SID, auth token) answered 201 with the message's sid; status callbacks and incoming
 * messages as form POSTs signed with X-Twilio-Signature, as Twilio documents it (computed here independently).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioPresetTest {
    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
    @TempDir
    static Path dir;
    final PresetFixture kindly = new PresetFixture();
    final AtomicInteger sids = new AtomicInteger();
    final Map<String, Map<String, String>> sent = new java.util.concurrent.ConcurrentHashMap<>();
    LoopbackHttpServer twilio;

    @BeforeAll
    void start() throws Exception {
        twilio = new LoopbackHttpServer(this::messages);
        kindly.start(dir, Map.of(
                "kindly.channel.sms.preset", "twilio",
                "kindly.channel.sms.url", twilio.url("/2010-04-01/Accounts/" + SID + "/Messages.json"),
                "kindly.channel.sms.username", SID,
                "kindly.channel.sms.password", AUTH_TOKEN,
                "kindly.channel.sms.sender-id", "+15005550006",
                "kindly.inbound.sms.secret", AUTH_TOKEN));
    }

    @AfterAll
    void stop() {
        kindly.close();
        twilio.close();
    }

    private Response messages(LoopbackHttpServer.Request r) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + AUTH_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(r.header("Authorization"))) {
            return Response.json(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
        }
        Map<String, String> form = PresetFixture.form(r.bodyText());
        String sid = "SM" + String.format("%032d", sids.incrementAndGet());
        sent.put(sid, form);
        // Twilio calls the StatusCallback when the carrier reports, a little later
        String status = form.get("To").equals(PresetFixture.UNDELIVERABLE) ? "undelivered" : "delivered";
        Map<String, String> callback = new LinkedHashMap<>();
        callback.put("MessageSid", sid);
        callback.put("MessageStatus", status);
        callback.put("AccountSid", SID);
        callback.put("To", form.get("To"));
        if (status.equals("undelivered")) {
            callback.put("ErrorCode", "30003");
        }
        CompletableFuture.runAsync(() -> post(form.get("StatusCallback"), callback, AUTH_TOKEN),
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
        return Response.json(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\"}");
    }

    /** Twilio's signature: Base64 HMAC-SHA1 of the URL followed by each field's name and value, sorted by name. */
    static String signature(String token, String url, Map<String, String> fields) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> post(String url, Map<String, String> fields, String signWith) {
        try {
            String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return kindly.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature(signWith, url, fields))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void messagesGoAsTwilioFormsAndItsSignedStatusCallbacksSetTheirStatus() throws Exception {
        assertThat(sent).hasSize(PresetFixture.BORROWERS.size());
        for (Map<String, String> c : kindly.smsContacts()) {
            assertThat(c.get("gateway_message_id")).startsWith("SM");
            Map<String, String> form = sent.get(c.get("gateway_message_id"));
            assertThat(form.get("From")).isEqualTo("+15005550006");
            // the callback URL carries Kindly's reference too
            assertThat(form.get("StatusCallback")).isEqualTo(kindly.publicUrl() + "/inbound/sms/receipt?ref="
                    + c.get("contact_id"));
            String expected = c.get("borrower_id").equals("P3") ? "UNDELIVERED" : "DELIVERED";
            PresetFixture.await(() -> expected.equals(kindly.status(c.get("contact_id"))) ? expected : null);
        }
    }

    @Test
    void aSignedStopOptsOutAndAForgedSignatureIs401() throws Exception {
        String url = kindly.publicUrl() + "/inbound/sms/reply";
        Map<String, String> stop = Map.of("From", "+8613900000201", "To", "+15005550006", "Body", "STOP",
                "MessageSid", "SMreply1");
        HttpResponse<String> forged = post(url, stop, AUTH_TOKEN.replace('0', '1'));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).isEqualTo("{\"error\":\"the X-Twilio-Signature signature does not match the request\"}");
        assertThat(kindly.optedOut("+8613900000201")).isFalse();
        HttpResponse<String> signed = post(url, stop, AUTH_TOKEN);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(kindly.optedOut("+8613900000201")).isTrue();
        HttpResponse<String> tuiding = post(url, Map.of("From", "+8613900000202", "Body", "退订"), AUTH_TOKEN);
        assertThat(tuiding.statusCode()).isEqualTo(200);
        assertThat(kindly.optedOut("+8613900000202")).isTrue();
    }
}
