package io.kindly.dispatch.kannel;

import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback imitation of Kannel 1.4's HTTP interfaces, for machines without Kannel: sendsms (GET) answers
 * {@code 0: Accepted for delivery} with 202 (403 {@code Authorization failed for sendsms} for a wrong password), and
 * then calls the message's dlr-url with GET, its {@code %d} (1 delivered, 2 failed) and {@code %A} filled in as Kannel
 * does; a reply is passed to the get-url with {@code %p}, {@code %P} and {@code %a}, URL-encoded.
 */
final class KannelImitation implements KannelSide {
    private final LoopbackHttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Part> parts = new CopyOnWriteArrayList<>();
    private final Set<String> undeliverable;
    private final String getUrl;

    /**
     * @param undeliverable numbers whose messages the SMSC reports failed (%d = 2)
     * @param getUrl        the sms-service's get-url, as configured on Kannel's side
     */
    KannelImitation(Set<String> undeliverable, String getUrl) throws Exception {
        this.undeliverable = undeliverable;
        this.getUrl = getUrl;
        this.server = new LoopbackHttpServer(this::sendsms);
    }

    private Response sendsms(LoopbackHttpServer.Request r) {
        if (!r.method().equals("GET") || !r.path().equals("/cgi-bin/sendsms")) {
            return new Response(404, "Unknown service");
        }
        Map<String, String> q = fields(r.query());
        if (!USERNAME.equals(q.get("username")) || !PASSWORD.equals(q.get("password"))) {
            return new Response(403, "Authorization failed for sendsms");
        }
        String text = q.get("text");
        String coding = q.getOrDefault("coding", "0");
        // as the fake SMSC shows a message: UTF-16BE for UCS-2, UTF-8 text for GSM-7; split as Kannel splits, 67
        // UTF-16 units or 153 characters a part once it does not fit in one
        boolean ucs2 = coding.equals("2");
        int perPart = ucs2 ? (text.length() <= 70 ? 70 : 67) : (text.length() <= 160 ? 160 : 153);
        int count = (text.length() + perPart - 1) / perPart;
        int reference = parts.size() & 0xff;
        for (int i = 0; i < count; i++) {
            String part = text.substring(i * perPart, Math.min(text.length(), (i + 1) * perPart));
            parts.add(new Part(q.get("to"), reference, count, i + 1,
                    part.getBytes(ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8)));
        }
        String dlrUrl = q.get("dlr-url");
        if (dlrUrl != null) {
            boolean failed = undeliverable.contains(q.get("to"));
            String url = dlrUrl.replace("%d", failed ? "2" : "1")
                    .replace("%A", URLEncoder.encode(failed ? "NACK/0x0000000b/Invalid Destination Address" : "ACK/",
                            StandardCharsets.UTF_8));
            // Kannel calls the dlr-url once, when the SMSC reports, and does not retry; like the fake SMSC, this one
            // reports at once, so the report may come before Kindly has recorded the send it answers
            http.sendAsync(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding());
        }
        return new Response(202, "0: Accepted for delivery").header("Content-Type", "text/plain");
    }

    @Override
    public String sendsmsUrl() {
        return server.url("/cgi-bin/sendsms");
    }

    @Override
    public List<Received> received() {
        return KannelSide.join(List.copyOf(parts));
    }

    @Override
    public void reply(String from, String to, String text) throws Exception {
        String url = getUrl.replace("%p", enc(from)).replace("%P", enc(to)).replace("%a", enc(text));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("get-url answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> fields(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
