package io.kindly.dispatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.MutableClock;
import io.kindly.support.TestConfig;
import io.kindly.support.TestLoanBook;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who a message comes from, as mail systems and phones show it: the From name in the message's language
 * (kindly.channel.email.from.<language>), the SMS sender id registered in the borrower's region
 * (kindly.channel.sms.sender-id.<REGION>), and the optional mailto: List-Unsubscribe beside the one-click link.
 */
class SenderPerLanguageTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    @TempDir
    Path dir;

    @Test
    void fromNameSenderIdAndMailtoUnsubscribeFollowTheBorrower() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> Response.json(200,
                "{\"messageId\":\"gw-" + r.header("Idempotency-Key") + "\"}"))) {
            TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
            book.add(loan("C1", "C1-L", NOV_23.plusDays(3)).set("lang", "zh-CN").set("mobile_no", "+8613900000301")
                    .set("email_addr", "c1@example.com"));
            book.add(loan("T1", "T1-L", NOV_23.plusDays(3)).set("lang", "zh-TW").set("mobile_no", "+886912345678")
                    .set("email_addr", "t1@example.com").set("tz", "Asia/Taipei").set("ccy", "TWD"));
            MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
            // keys per language and per region are found in the config files (an environment variable cannot name
            // a language tag), so they go in local.properties here
            Path config = TestConfig.copyOfShipped(dir.resolve("config"));
            TestConfig.local(config, Map.of(
                    "kindly.channel.sms.sender-id.TW", "LENDERTW",
                    "kindly.channel.email.from.zh", "示范贷 <reminders@lender.example>",
                    "kindly.channel.email.from.zh-TW", "示範貸 <reminders@lender.example>"));
            KindlyTestApp app = KindlyTestApp.in(dir).clock(clock).config(config)
                    .property("kindly.demo.enabled", "false")
                    .property("kindly.source.sql.url", book.url())
                    .property("kindly.channel.inapp.enabled", "false")
                    .property("kindly.channel.sms.url", gateway.url("/sms"))
                    .property("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort())
                    .property("kindly.channel.email.unsubscribe-mailto", "unsubscribe@lender.example")
                    .start();
            try {
                app.runCycle(NOV_23);
                // a borrower's messages of one day are spaced (min-gap-minutes): the releases send the rest
                clock.set(Instant.parse("2026-11-23T06:30:00Z"));
                app.runRelease();
                clock.set(Instant.parse("2026-11-23T10:30:00Z"));
                app.runRelease();
            } finally {
                app.close();
            }
            Map<String, MimeMessage> byTo = Arrays.stream(mail.getReceivedMessages()).collect(Collectors.toMap(
                    m -> address(m), m -> m, (a, b) -> a));
            Map<String, String> smsFrom = gateway.requests().stream().collect(Collectors.toMap(
                    r -> r.bodyText().replaceAll("(?s).*\"to\": \"([^\"]+)\".*", "$1"),
                    r -> r.bodyText().replaceAll("(?s).*\"from\": \"([^\"]*)\".*", "$1"), (a, b) -> a));

            assertThat(byTo).containsOnlyKeys("c1@example.com", "t1@example.com");
            MimeMessage c1 = byTo.get("c1@example.com");
            assertThat(((InternetAddress) c1.getFrom()[0]).getPersonal()).isEqualTo("示范贷");
            assertThat(c1.getHeader("List-Unsubscribe", null)).startsWith("<http://127.0.0.1:").contains("/optout/")
                    .contains(">, <mailto:unsubscribe@lender.example?subject=unsubscribe%20k1-");
            assertThat(((InternetAddress) byTo.get("t1@example.com").getFrom()[0]).getPersonal()).isEqualTo("示範貸");
            // the sender id registered in Taiwan for the Taiwanese number, the default elsewhere
            assertThat(smsFrom).containsEntry("+886912345678", "LENDERTW").containsEntry("+8613900000301", "KINDLY");
        } finally {
            mail.stop();
        }
    }

    static String address(MimeMessage m) {
        try {
            return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
