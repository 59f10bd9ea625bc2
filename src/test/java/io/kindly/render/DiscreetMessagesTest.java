package io.kindly.render;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import io.kindly.support.MutableClock;
import io.kindly.support.TestLoanBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A discreet profile (kindly.policy.profile.<p>.discreet = true): what others may see of a message (the SMS text, the
 * email subject, the in-app title) names no amount and no debt, only that there is a message about the account and the
 * link; the email body, opened by the borrower, is unchanged.
 */
class DiscreetMessagesTest {
    static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    @TempDir
    Path dir;

    @Test
    void whatOthersMaySeeNamesNoAmountAndTheRestIsUnchanged() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> Response.json(200,
                "{\"messageId\":\"gw-" + r.header("Idempotency-Key") + "\",\"id\":\"app-1\"}"))) {
            TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
            // due today: the due-today family, which names the amount in every part
            book.add(loan("D1", "D1-L", NOV_23).set("lang", "zh-CN").set("mobile_no", "+8613900000401")
                    .set("outstanding", new java.math.BigDecimal("4387.41")));
            book.add(loan("D2", "D2-L", NOV_23).set("lang", "en").set("mobile_no", "+8613900000402")
                    .set("outstanding", new java.math.BigDecimal("4387.41")));
            MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
            try (KindlyTestApp app = KindlyTestApp.in(dir).clock(clock)
                    .property("kindly.demo.enabled", "false")
                    .property("kindly.source.sql.url", book.url())
                    .property("kindly.channel.sms.url", gateway.url("/sms"))
                    .property("kindly.channel.inapp.url", gateway.url("/inapp"))
                    .property("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort())
                    .property("kindly.policy.profile.cn.discreet", "true")
                    .start()) {
                app.runCycle(NOV_23);
                clock.set(Instant.parse("2026-11-23T06:30:00Z"));
                app.runRelease();
                clock.set(Instant.parse("2026-11-23T10:30:00Z"));
                app.runRelease();

                List<Map<String, String>> sent = LedgerRows.query(app.ledgerDataSource(), "select e.borrower_id,"
                        + " e.channel, e.subject, e.body, e.template from kindly_ledger_entry e where e.status = 'SENT'");
                assertThat(sent).hasSize(6);
                for (Map<String, String> m : sent) {
                    String seen = m.get("channel").equals("sms") ? m.get("body") : m.get("subject");
                    assertThat(seen).as(m.get("channel")).doesNotContain("4,387.41").doesNotContain("4387.41")
                            .doesNotContain("还款").doesNotContain("repay").doesNotContain("due")
                            .doesNotContain("到期").doesNotContain("欠");
                    if (m.get("channel").equals("sms")) {
                        assertThat(seen).contains("https://pay.example.com/l/" + m.get("borrower_id") + "-L")
                                .contains(m.get("borrower_id").equals("D1") ? "回复STOP退订" : "Reply STOP to opt out");
                    } else {
                        assertThat(seen).isEqualTo(m.get("borrower_id").equals("D1") ? "关于您账户的消息"
                                : "A message about your account");
                    }
                    if (m.get("channel").equals("email")) {
                        // the body, which only the borrower opens, still says how much and by when
                        assertThat(m.get("body")).contains("4,387.41");
                    }
                }
                // the in-app title as the app receives it
                assertThat(gateway.requests().stream().filter(r -> r.path().equals("/inapp")).map(r -> r.bodyText()))
                        .hasSize(2).allSatisfy(b -> assertThat(b).containsAnyOf("\"title\":\"关于您账户的消息\"",
                                "\"title\":\"A message about your account\""));
            }
        } finally {
            mail.stop();
        }
    }
}
