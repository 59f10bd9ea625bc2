package io.kindly.render;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped templates tell the truth on the day they are read: a due-today reminder that waited (a cap, the window)
 * and goes out the next day says the payment was due, not that it is due today.
 */
class ShippedWordingTest {
    static final LocalDate DUE = LocalDate.of(2026, 11, 23);
    static final Stage DUE_TODAY = new Stage("due-today", 0, List.of(Channel.SMS, Channel.EMAIL, Channel.INAPP),
            "due-today");

    static Message render(String locale, Channel channel, LocalDate readOn) throws TemplateProblem {
        TemplateRenderer renderer = new TemplateRenderer(Path.of("templates"), TemplateRendererTest.LENDER,
                Locale.ENGLISH, Map.of(), "STOP", TemplateRendererTest::link,
                Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC), 0);
        Account account = new Account("B-1", "L2000123", "Amelia", Checked.ok(Locale.forLanguageTag(locale)),
                ZoneId.of("Asia/Shanghai"), Checked.ok("+8613800138000"), Checked.ok("amelia@example.com"),
                Checked.ok("app-1"), new BigDecimal("1250"), Currency.getInstance("CNY"), DUE, null, null, "row 1",
                List.of());
        return renderer.renderFor(new Contact(account, DUE_TODAY, channel, DUE, "run-1"), readOn);
    }

    static String all(Message m) {
        return String.join("\n", m.subject() == null ? "" : m.subject(), m.body(), m.html() == null ? "" : m.html());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "en, sms, today, was due on", "en, email, today, was due on", "en, inapp, today, was due on",
        "zh-CN, sms, 今天, 已于", "zh-CN, email, 今天, 已于", "zh-CN, inapp, 今天, 已于",
        "zh-TW, sms, 今天, 已於", "zh-TW, email, 今天, 已於", "zh-TW, inapp, 今天, 已於",
    })
    void aDueTodayReminderSentLateSaysItWasDue(String locale, String channel, String today, String late)
            throws TemplateProblem {
        Channel ch = Channel.byId(channel).orElseThrow();
        assertThat(all(render(locale, ch, DUE))).contains(today).doesNotContain(late);
        assertThat(all(render(locale, ch, DUE.plusDays(1)))).contains(late).doesNotContain(today);
    }
}
