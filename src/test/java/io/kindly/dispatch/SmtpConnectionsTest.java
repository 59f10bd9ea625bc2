package io.kindly.dispatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.domain.Reason;
import io.kindly.support.ScriptedSmtpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailEndpoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped email route over {@link SmtpConnections}, against real SMTP servers on this machine: many messages per
 * connection, intact and strictly valid; a connection the server drops is replaced without losing or doubling a
 * message; a refused message leaves its connection clean for the next; idle connections and all connections at stop
 * are closed; the endpoint's credentials and TLS settings are used.
 */
class SmtpConnectionsTest {

    static String uri(ScriptedSmtpServer smtp) {
        return "smtp://127.0.0.1:" + smtp.port() + "?connectionTimeout=5000";
    }

    static MimeMessage parse(String raw) throws Exception {
        Properties strict = new Properties();
        strict.put("mail.mime.address.strict", "true");
        return new MimeMessage(Session.getInstance(strict), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void twoHundredEmailsGoOutOverAFewConnectionsIntactAndStrictlyValid() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> "250 2.0.0 OK");
             EmailRoute route = EmailRoute.start(uri(smtp), 4, 30, true)) {
            List<Exchange> failed = route.sendAll(0, 200, 4);

            assertThat(failed).isEmpty();
            assertThat(route.camel().getEndpoints()).filteredOn(MailEndpoint.class::isInstance)
                    .allSatisfy(e -> assertThat(((MailEndpoint) e).getConfiguration().getJavaMailSender())
                            .isInstanceOf(SmtpConnections.class));
            assertThat(smtp.deliveries()).hasSize(200);
            assertThat(smtp.connections()).isLessThanOrEqualTo(4);
            assertThat(smtp.mostOpenConnections()).isLessThanOrEqualTo(4);
            Set<String> ids = new HashSet<>();
            for (ScriptedSmtpServer.Delivery d : smtp.deliveries()) {
                MimeMessage m = parse(d.message());
                String to = ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress();
                int n = Integer.parseInt(to.substring(1, to.indexOf('@')));
                // its own envelope, its own id, its own unsubscribe link: nothing of another message
                assertThat(d.recipients()).containsExactly("<" + EmailRoute.address(n) + ">");
                assertThat(m.getMessageID()).isEqualTo(EmailRoute.messageId(n));
                assertThat(ids.add(m.getMessageID())).isTrue();
                String contactId = EmailRoute.contact(n, null).id();
                assertThat(m.getHeader("List-Unsubscribe", null)).isEqualTo("<https://kindly.example/optout/" + contactId + ">");
                assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
                assertThat(m.getReplyTo()[0].toString()).isEqualTo("help@lender.example");
                assertThat(m.getFrom()[0].toString()).isEqualTo("Demo Lender <reminders@lender.example>");
                assertThat(m.getSubject()).isEqualTo("您的 NT$1,500.00 還款今天到期");
                assertThat(m.getHeader("Subject", null)).startsWith("=?UTF-8?");
                assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");
                assertThat(m.getSentDate()).isNotNull();
                MimeMultipart parts = (MimeMultipart) m.getContent();
                assertThat(new ContentType(m.getContentType()).getBaseType()).isEqualTo("multipart/alternative");
                assertThat(parts.getCount()).isEqualTo(2);
                BodyPart text = parts.getBodyPart(0);
                BodyPart html = parts.getBodyPart(1);
                assertThat(new ContentType(text.getContentType()).getBaseType()).isEqualTo("text/plain");
                assertThat(new ContentType(text.getContentType()).getParameter("charset")).isEqualToIgnoringCase("UTF-8");
                assertThat(text.getContent().toString()).contains("還款連結：");
                assertThat(new ContentType(html.getContentType()).getBaseType()).isEqualTo("text/html");
                assertThat(html.getContent().toString()).contains("<html lang=\"zh-TW\">");
                // strictly valid on the wire: 7-bit (the server offered no 8BITMIME), no line over 998 characters
                assertThat(d.message().chars().allMatch(c -> c < 128)).isTrue();
                assertThat(d.message().lines().mapToInt(String::length).max().orElse(0)).isLessThanOrEqualTo(998);
            }
            assertThat(ids).hasSize(200);
        }
    }

    @Test
    void aConnectionTheServerDropsMidRunIsReplacedWithoutLosingOrDoublingAMessage() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> "250 2.0.0 OK").dropConnectionAfter(7);
             EmailRoute route = EmailRoute.start(uri(smtp), 4, 30, true)) {
            List<Exchange> failed = route.sendAll(0, 200, 4);

            assertThat(failed).isEmpty();
            assertThat(smtp.deliveries()).hasSize(200);
            assertThat(smtp.deliveries()).extracting(d -> d.recipients().get(0)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200)
                            .mapToObj(n -> "<" + EmailRoute.address(n) + ">").toList());
            // every connection carried 7 messages before the server dropped it; new ones replaced them
            assertThat(smtp.connections()).isBetween(200 / 7, 200 / 7 + 4);
            assertThat(smtp.mostOpenConnections()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aRefusedMessageLeavesItsConnectionCleanForTheNext() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(
                n -> n == 2 ? "451 4.3.0 try again later" : n == 4 ? "554 5.7.1 rejected" : "250 2.0.0 OK");
             EmailRoute route = EmailRoute.start(uri(smtp), 1, 30, true)) {
            List<Exchange> results = IntStream.range(0, 6).mapToObj(route::send).toList();

            assertThat(results).extracting(r -> r.getException() == null)
                    .containsExactly(true, false, true, false, true, true);
            SendFailure later = SendFailure.of(results.get(1).getException());
            assertThat(later.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
            assertThat(later.forLog()).isEqualTo("SMTP 451");
            SendFailure never = SendFailure.of(results.get(3).getException());
            assertThat(never.kind()).isEqualTo(SendFailure.Kind.PERMANENT);
            assertThat(never.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
            assertThat(never.forLog()).isEqualTo("SMTP 554");
            // one connection throughout, and each message after a refusal went out whole, to its own recipient only
            assertThat(smtp.connections()).isEqualTo(1);
            assertThat(smtp.deliveries()).extracting(d -> d.recipients())
                    .containsExactly(List.of("<b0@example.com>"), List.of("<b2@example.com>"),
                            List.of("<b4@example.com>"), List.of("<b5@example.com>"));
            for (ScriptedSmtpServer.Delivery d : smtp.deliveries()) {
                assertThat(parse(d.message()).getMessageID())
                        .isEqualTo(EmailRoute.messageId(Integer.parseInt(d.recipients().get(0).substring(2, 3))));
            }
        }
    }

    @Test
    void aServerClosingWith421GetsANewConnectionForTheNextMessage() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> n == 2 ? "421 4.3.2 shutting down" : "250 2.0.0 OK");
             EmailRoute route = EmailRoute.start(uri(smtp), 1, 30, true)) {
            List<Exchange> results = IntStream.range(0, 4).mapToObj(route::send).toList();

            assertThat(results).extracting(r -> r.getException() == null).containsExactly(true, false, true, true);
            // the server had the whole message when it said 421: not resent here, but tried again later (4xx)
            assertThat(SendFailure.of(results.get(1).getException()).kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
            assertThat(smtp.attempts()).isEqualTo(4);
            assertThat(smtp.connections()).isEqualTo(2);
        }
    }

    @Test
    void idleConnectionsAreClosedAndSoAreAllWhenCamelStops() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(n -> "250 2.0.0 OK")) {
            try (EmailRoute route = EmailRoute.start(uri(smtp), 2, 1, true)) {
                assertThat(route.sendAll(0, 10, 2)).isEmpty();
                await().atMost(Duration.ofSeconds(20)).until(() -> smtp.openConnections() == 0);
            }
            EmailRoute route = EmailRoute.start(uri(smtp), 2, 3600, true);
            assertThat(route.sendAll(10, 10, 2)).isEmpty();
            assertThat(smtp.openConnections()).isPositive();
            route.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.openConnections() == 0);
            assertThat(smtp.deliveries()).hasSize(20);
        }
    }

    @Test
    void dataWrittenInBlocksReachesTheWireExactlyAsWrittenByteByByte() throws Exception {
        // dots at line starts (stuffed), lone CR and LF (made CRLF), across block boundaries
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = ".\r\nab=.".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = alphabet[random.nextInt(alphabet.length)];
        }
        java.io.ByteArrayOutputStream byteByByte = new java.io.ByteArrayOutputStream();
        org.eclipse.angus.mail.smtp.SMTPOutputStream direct = new org.eclipse.angus.mail.smtp.SMTPOutputStream(byteByByte);
        for (byte b : data) {
            direct.write(b);
        }
        java.io.ByteArrayOutputStream blocked = new java.io.ByteArrayOutputStream();
        SmtpConnections.Blocks blocks = new SmtpConnections.Blocks(
                new org.eclipse.angus.mail.smtp.SMTPOutputStream(blocked));
        for (int i = 0; i < data.length; ) {
            int n = Math.min(data.length - i, random.nextInt(3) == 0 ? 1 + random.nextInt(20_000) : 1);
            if (n == 1) {
                blocks.write(data[i]);
            } else {
                blocks.write(data, i, n);
            }
            i += n;
        }
        blocks.flush();

        assertThat(blocked.toByteArray()).isEqualTo(byteByByte.toByteArray());
    }

    @Test
    void theEndpointsCredentialsAndTlsSettingsAreUsed() throws Exception {
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        smtps.setServerStartupTimeout(30_000); // TLS set-up is slow on a busy machine
        GreenMail mail = new GreenMail(smtps);
        mail.start();
        try {
            mail.setUser("reminders@lender.example", "reminders", "s3cret-pass");
            // GreenMail's own certificate: trusted here through the endpoint's mail.smtps.* properties
            String base = "smtps://127.0.0.1:" + mail.getSmtps().getPort()
                    + "?connectionTimeout=5000&mail.smtps.ssl.trust=127.0.0.1&mail.smtps.ssl.checkserveridentity=false"
                    + "&username=reminders&password=";
            try (EmailRoute route = EmailRoute.start(base + "s3cret-pass", 2, 30, true)) {
                assertThat(route.sendAll(0, 3, 1)).isEmpty();
                assertThat(mail.getReceivedMessages()).hasSize(3);
                SmtpConnections pool = (SmtpConnections) route.camel().getEndpoints().stream()
                        .filter(MailEndpoint.class::isInstance).map(e -> ((MailEndpoint) e).getConfiguration()
                                .getJavaMailSender()).findFirst().orElseThrow();
                assertThat(pool.getSession().getProperty("mail.smtps.auth")).isEqualTo("true");
                assertThat(pool.getSession().getProperties().get("mail.smtps.timeout")).isEqualTo(5000);
            }
            try (EmailRoute route = EmailRoute.start(base + "wrong", 2, 30, true)) {
                List<Exchange> failed = route.sendAll(3, 1, 1);
                assertThat(failed).hasSize(1);
                assertThat(SendFailure.of(failed.get(0).getException()).forLedger())
                        .contains("AuthenticationFailedException");
                assertThat(mail.getReceivedMessages()).hasSize(3);
            }
        } finally {
            mail.stop();
        }
    }
}
