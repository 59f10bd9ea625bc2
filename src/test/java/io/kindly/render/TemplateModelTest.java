package io.kindly.render;

import io.kindly.domain.Account;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Stage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.kindly.domain.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;

class TemplateModelTest {

    private static final LocalDate DUE = LocalDate.of(2026, 11, 26);
    private static final Stage STAGE = new Stage("before-3", -3, List.of(SMS), "upcoming");
    private static final LenderProfile LENDER = TemplateRendererTest.LENDER;

    private static Account account(String loanId, String name, String locale, String amount, String currency,
            Integer daysPastDue, String link) {
        return new Account("B-1", loanId, name, Checked.ok(Locale.forLanguageTag(locale)), ZoneId.of("Asia/Shanghai"),
                Checked.ok("+8613800138000"), Checked.ok("amelia@example.com"), Checked.ok("app-1"),
                new BigDecimal(amount), Currency.getInstance(currency), DUE, daysPastDue, link, "row 1", List.of());
    }

    private static Map<String, Object> model(Account a, Locale templateLocale, LocalDate today) {
        return TemplateModel.of(new Contact(a, STAGE, SMS, today, "run-1"), templateLocale, LENDER, "STOP",
                "https://kindly.example/optout/k1-x", today);
    }

    @Test
    void modelHoldsOnlyStringsNumbersAndMaps() {
        Map<String, Object> m = model(account("L2000123", "Amelia", "zh-CN", "1250", "CNY", 3, null),
                new Locale("zh"), LocalDate.of(2026, 11, 23));
        assertPlain(m, "model");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> model, String key) {
        return (Map<String, Object>) model.get(key);
    }

    private static void assertPlain(Map<?, ?> map, String path) {
        map.forEach((k, v) -> {
            assertThat(k).as("key in %s", path).isInstanceOf(String.class);
            assertThat(v).as("%s.%s", path, k).isNotNull()
                    .isInstanceOfAny(String.class, Number.class, Map.class);
            if (v instanceof Map<?, ?> nested) {
                assertPlain(nested, path + "." + k);
            }
        });
    }

    @Test
    void modelHasExactlyTheDocumentedVariables() {
        Map<String, Object> m = model(account("L2000123", "Amelia", "en", "1250", "USD", null, null),
                Locale.ENGLISH, LocalDate.of(2026, 11, 23));
        assertThat(m).containsOnlyKeys("name", "loanRef", "amount", "amountValue", "currency", "dueDate", "dueDateIso",
                "daysUntilDue", "daysPastDue", "stage", "channel", "repaymentLink", "lender", "optOut");
        assertThat(sub(m, "lender")).containsOnlyKeys("name", "supportPhone", "supportUrl", "planUrl");
        assertThat(sub(m, "optOut")).containsOnlyKeys("smsKeyword", "url", "unsubscribeUrl");
        assertThat(m.toString()).doesNotContain("+8613800138000").doesNotContain("amelia@example.com")
                .doesNotContain("app-1").doesNotContain("B-1");
    }

    @Test
    void amountIsFormattedForLanguageAndCurrency() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        assertThat(model(account("L1", "A", "zh-CN", "1250", "CNY", null, null), new Locale("zh"), today).get("amount"))
                .isEqualTo("¥1,250.00");
        assertThat(model(account("L1", "A", "en", "1250", "USD", null, null), Locale.ENGLISH, today).get("amount"))
                .isEqualTo("$1,250.00");
        assertThat(model(account("L1", "A", "en", "1250.5", "USD", null, null), Locale.ENGLISH, today)
                .get("amountValue")).isEqualTo("1250.50");
        assertThat(model(account("L1", "A", "ja", "1250", "JPY", null, null), Locale.ENGLISH, today)
                .get("amountValue")).isEqualTo("1250");
    }

    @Test
    void dollarsNameTheirCountryWhereABareSignWouldMislead() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        // Taiwan dollars in Traditional Chinese: the JDK writes a bare "$", which reads as US dollars
        assertThat(model(account("L1", "A", "zh-TW", "1250", "TWD", null, null), Locale.forLanguageTag("zh-TW"), today)
                .get("amount")).isEqualTo("NT$1,250.00");
        assertThat(model(account("L1", "A", "zh-HK", "1250", "HKD", null, null), Locale.forLanguageTag("zh-TW"), today)
                .get("amount")).asString().startsWith("HK$");
        assertThat(model(account("L1", "A", "en-AU", "1250", "AUD", null, null), Locale.ENGLISH, today)
                .get("amount")).isEqualTo("A$1,250.00");
        assertThat(model(account("L1", "A", "zh-TW", "1250", "USD", null, null), Locale.forLanguageTag("zh-TW"), today)
                .get("amount")).asString().startsWith("US$");
        // in the United States "$" says US dollars
        assertThat(model(account("L1", "A", "en-US", "1250", "USD", null, null), Locale.ENGLISH, today)
                .get("amount")).isEqualTo("$1,250.00");
    }

    @Test
    void theSupportPhoneIsTheOneForTheBorrowersRegion() {
        LenderProfile lender = new LenderProfile("Demo Lender", Map.of(), "+86 400 000 0000", "https://help.example.com",
                "https://help.example.com/plan", "https://pay.example.com", "https://help.example.com/reminders",
                Map.of("GB", "+44 20 7946 0000", "AU", "+61 2 9876 5432"));
        Account london = new Account("B-1", "L1", "A", Checked.ok(Locale.forLanguageTag("en-GB")),
                ZoneId.of("Europe/London"), Checked.ok("+447400123456"), Checked.ok("a@example.com"), Checked.ok("app-1"),
                new BigDecimal("10"), Currency.getInstance("GBP"), DUE, null, null, "row 1", List.of());
        Account shanghai = account("L2", "B", "zh-CN", "10", "CNY", null, null);
        LocalDate today = LocalDate.of(2026, 11, 23);
        assertThat(sub(TemplateModel.of(new Contact(london, STAGE, SMS, today, "run-1"), Locale.ENGLISH, lender, "STOP",
                "https://kindly.example/optout/x", today), "lender")).containsEntry("supportPhone", "+44 20 7946 0000");
        assertThat(sub(TemplateModel.of(new Contact(shanghai, STAGE, SMS, today, "run-1"), new Locale("zh"), lender,
                "STOP", "https://kindly.example/optout/x", today), "lender")).containsEntry("supportPhone",
                "+86 400 000 0000");
    }

    @Test
    void variablesDescribeTheAccountAndTheLender() {
        Map<String, Object> m = model(account("L2000123", "Amelia", "en", "1250", "USD", null,
                "https://pay.example.com/l/L2000123"), Locale.ENGLISH, LocalDate.of(2026, 11, 23));
        assertThat(m).containsEntry("name", "Amelia").containsEntry("currency", "USD")
                .containsEntry("dueDateIso", "2026-11-26").containsEntry("dueDate", "November 26, 2026")
                .containsEntry("stage", "before-3").containsEntry("channel", "sms")
                .containsEntry("repaymentLink", "https://pay.example.com/l/L2000123");
        assertThat(((Number) m.get("daysUntilDue")).longValue()).isEqualTo(3);
        assertThat(((Number) m.get("daysPastDue")).longValue()).isZero();
        assertThat(sub(m, "lender")).containsEntry("name", "Demo Lender")
                .containsEntry("planUrl", "https://help.example.com/plan");
        assertThat(sub(m, "optOut")).containsEntry("smsKeyword", "STOP")
                .containsEntry("url", "https://help.example.com/reminders");
    }

    @Test
    void missingNameAndLinkGetSafeValues() {
        Map<String, Object> m = model(account("L1", null, "en", "1", "USD", null, null), Locale.ENGLISH,
                LocalDate.of(2026, 11, 23));
        assertThat(m).containsEntry("name", "").containsEntry("repaymentLink", "https://pay.example.com");
    }

    @Test
    void daysPastDueComesFromTheLenderOrTheDates() {
        LocalDate weekLate = DUE.plusDays(7);
        Map<String, Object> computed = model(account("L1", "A", "en", "1", "USD", null, null), Locale.ENGLISH, weekLate);
        assertThat(((Number) computed.get("daysUntilDue")).longValue()).isEqualTo(-7);
        assertThat(((Number) computed.get("daysPastDue")).longValue()).isEqualTo(7);

        Map<String, Object> given = model(account("L1", "A", "en", "1", "USD", 9, null), Locale.ENGLISH, weekLate);
        assertThat(((Number) given.get("daysPastDue")).longValue()).isEqualTo(9);

        Map<String, Object> negative = model(account("L1", "A", "en", "1", "USD", -2, null), Locale.ENGLISH, weekLate);
        assertThat(((Number) negative.get("daysPastDue")).longValue()).isZero();
    }

    @Test
    void loanRefIsTheLastFourCharacters() {
        assertThat(TemplateModel.loanRef("L2000123")).isEqualTo("0123");
        assertThat(TemplateModel.loanRef("0123")).isEqualTo("0123");
        assertThat(TemplateModel.loanRef("AB")).isEqualTo("AB");
        assertThat(model(account("LN-77-9A1Z", "A", "en", "1", "USD", null, null), Locale.ENGLISH, DUE))
                .containsEntry("loanRef", "9A1Z");
    }

    @Test
    void formattingUsesTheBorrowersRegionWhenTheLanguageMatches() {
        assertThat(TemplateModel.formatting(Locale.forLanguageTag("zh-HK"), new Locale("zh", "TW")))
                .isEqualTo(new Locale("zh", "HK"));
        assertThat(TemplateModel.formatting(Locale.forLanguageTag("zh-CN"), new Locale("zh")))
                .isEqualTo(new Locale("zh", "CN"));
        assertThat(TemplateModel.formatting(Locale.forLanguageTag("fr-FR"), Locale.ENGLISH)).isEqualTo(Locale.ENGLISH);
        assertThat(TemplateModel.formatting(Locale.forLanguageTag("zh"), new Locale("zh", "TW")))
                .isEqualTo(new Locale("zh", "TW"));
    }

    @Test
    void lenderNameFollowsTheBorrowersLanguage() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        Map<?, ?> tw = (Map<?, ?>) model(account("L1", "A", "zh-TW", "1", "TWD", null, null), new Locale("zh"), today)
                .get("lender");
        assertThat(tw.get("name")).isEqualTo("示範貸");
        Map<?, ?> cn = (Map<?, ?>) model(account("L1", "A", "zh-CN", "1", "CNY", null, null), new Locale("zh"), today)
                .get("lender");
        assertThat(cn.get("name")).isEqualTo("示范贷");
        Map<?, ?> fr = (Map<?, ?>) model(account("L1", "A", "fr", "1", "EUR", null, null), Locale.ENGLISH, today)
                .get("lender");
        assertThat(fr.get("name")).isEqualTo("Demo Lender");
    }
}
