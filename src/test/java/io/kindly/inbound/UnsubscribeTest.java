package io.kindly.inbound;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.MutableClock;
import io.kindly.support.Ports;
import io.kindly.support.TestLoanBook;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unsubscribe link in every email: the mail client's one-click button (RFC 8058) or a browser. Opening the link
 * changes nothing; posting to it opts that address out of email, and the next email to it is not sent.
 */
class UnsubscribeTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    GreenMail mail;
    LoopbackHttpServer gateway;
    KindlyTestApp app;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    int port = Ports.free();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        gateway = new LoopbackHttpServer(r -> Response.json(200, "{}"));
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        book.add(loan("B1", "L1", NOV_23.plusDays(3)).set("lang", "en"));
        book.add(loan("B1", "L2", NOV_23.plusDays(10)).set("lang", "en"));
        app = KindlyTestApp.in(dir).clock(clock)
                .property("camel.server.port", String.valueOf(port))
                .property("kindly.demo.enabled", "false")
                .property("kindly.source.sql.url", book.url())
                .property("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort())
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.channel.inapp.enabled", "false")
                .start();
    }

    @AfterEach
    void stop() {
        app.close();
        mail.stop();
        gateway.close();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneClickUnsubscribeStopsTheNextEmailToThatAddress() throws Exception {
        app.runCycle(NOV_23); // L1: before-3 by email
        MimeMessage first = mail.getReceivedMessages()[0];
        String header = first.getHeader("List-Unsubscribe", null);
        assertThat(first.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(header).startsWith("<http://127.0.0.1:" + port + "/optout/k1-").endsWith(">");
        String link = header.substring(1, header.length() - 1);
        // the footer carries the same link, in both parts
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "channel = 'email' and status = 'SENT'").get(0))
                .satisfies(e -> {
                    assertThat(e.get("body")).contains(link);
                    assertThat(e.get("body_html")).contains("href=\"" + link + "\"");
                });

        // a mail scanner or a person opening the link: a page with one button, and nothing recorded
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(link)).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("Stop email repayment reminders from Demo Lender to b***@example.com?")
                .contains("<form method=\"post\">");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out")).isEmpty();

        // the mail client's one-click unsubscribe
        HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("will not send email repayment reminders to b***@example.com");
        // a second click records nothing new
        assertThat(send(HttpRequest.newBuilder(URI.create(link))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))).statusCode()).isEqualTo(200);
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select channel, address, source from kindly_opt_out"))
                .singleElement().satisfies(o -> assertThat(o).containsEntry("channel", "email")
                        .containsEntry("address", "b1@example.com").containsEntry("source", "unsubscribe link"));

        // a week later L2's before-3 email is not sent; its SMS is
        clock.set(Instant.parse("2026-11-30T02:00:00Z"));
        app.runCycle(LocalDate.of(2026, 11, 30));
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(LedgerRows.entries(app.ledgerDataSource(), "loan_id = 'L2'"))
                .extracting(e -> e.get("channel") + " " + e.get("status") + " " + e.get("reason"))
                .containsExactlyInAnyOrder("email SUPPRESSED OPTED_OUT", "sms CLAIMED null", "sms SENT null");
    }

    @Test
    void aForgedOrUnknownLinkIsRefusedWithAReason() throws Exception {
        app.runCycle(NOV_23);
        String header = mail.getReceivedMessages()[0].getHeader("List-Unsubscribe", null);
        String link = header.substring(1, header.length() - 1);
        String base = "http://127.0.0.1:" + port + "/optout/";

        // someone else's contact id with this signature, a changed signature, no signature: refused
        String contactId = link.substring(base.length(), link.lastIndexOf('.'));
        for (String bad : new String[] {base + "k1-00000000000000000000000000000000" + link.substring(link.lastIndexOf('.')),
                link.substring(0, link.length() - 1) + (link.endsWith("0") ? "1" : "0"), base + contactId, base + "..."}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(bad))
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error\":\"this unsubscribe link is not valid\"}");
        }
        // a genuine link for a message that was never sent
        OptOutLinks links = app.camel().getRegistry().lookupByNameAndType("optOutLinks", OptOutLinks.class);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(links.linkFor("k1-never-sent"))).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"no message was sent with this link\"");
        assertThat(LedgerRows.query(app.ledgerDataSource(), "select * from kindly_opt_out")).isEmpty();
    }
}
