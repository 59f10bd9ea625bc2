package io.kindly.dispatch.presets;

import java.util.Objects;
import org.awaitility.Awaitility;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.MutableClock;
import io.kindly.support.Ports;
import io.kindly.support.TestLoanBook;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.kindly.support.TestLoanBook.loan;

/**
 * What the preset tests share: three borrowers with an SMS due on 23 November (P1 English, P2 Chinese, P3 English, whose
 * message the imitated gateway reports undelivered), a Kindly with only SMS on, and ways to read the ledger.
 */
final class PresetFixture {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    static final List<String[]> BORROWERS = List.of(new String[] {"P1", "en", "+8613900000201"},
            new String[] {"P2", "zh-CN", "+8613900000202"}, new String[] {"P3", "en", "+8613900000203"});
    static final String UNDELIVERABLE = "+8613900000203";

    final int port = Ports.free();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    KindlyTestApp app;
    /** A config folder of the test's own, or null for the shipped one. */
    Path config;

    /** Starts Kindly with these settings on top of the shipped config, and runs the cycle of 23 November. */
    void start(Path dir, Map<String, String> settings) {
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        for (String[] b : BORROWERS) {
            book.add(loan(b[0], b[0] + "-L", NOV_23.plusDays(3)).set("lang", b[1]).set("mobile_no", b[2])
                    .set("full_name", b[1].equals("en") ? "Amy Chen" : "王芳"));
        }
        KindlyTestApp.Builder b = KindlyTestApp.in(dir).clock(clock)
                .property("camel.server.port", String.valueOf(port))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                .property("kindly.inbound.public-url", publicUrl());
        settings.forEach(b::property);
        if (config != null) {
            b.config(config);
        }
        app = b.start();
        app.runCycle(NOV_23);
    }

    String publicUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Each SMS contact: borrower, contact id, status. */
    List<Map<String, String>> smsContacts() {
        return LedgerRows.query(app.ledgerDataSource(), "select borrower_id, contact_id, status, gateway_message_id"
                + " from kindly_contact where channel = 'sms' order by borrower_id");
    }

    String status(String contactId) {
        return LedgerRows.query(app.ledgerDataSource(), "select status from kindly_contact where contact_id = ?",
                contactId).get(0).get("status");
    }

    boolean optedOut(String number) {
        return !LedgerRows.query(app.ledgerDataSource(), "select opt_out_id from kindly_opt_out where channel = 'sms'"
                + " and address = ?", number).isEmpty();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    URI uri(String pathAndQuery) {
        return URI.create(publicUrl() + pathAndQuery);
    }

    void close() {
        if (app != null) {
            app.close();
        }
    }

    static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text == null || text.isEmpty() ? new String[0] : text.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The condition's first non-null answer, within 30 s. */
    static <T> T await(Supplier<T> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(condition::get, Objects::nonNull);
    }
}
