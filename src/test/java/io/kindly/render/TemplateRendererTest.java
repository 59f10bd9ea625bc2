package io.kindly.render;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.domain.Status;
import io.kindly.plan.Cadence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.kindly.domain.Channel.EMAIL;
import static io.kindly.domain.Channel.INAPP;
import static io.kindly.domain.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TemplateRendererTest {

    private static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 11, 23);
    private static final LocalDate DUE = LocalDate.of(2026, 11, 26);
    private static final Stage STAGE = new Stage("before-3", -3, List.of(SMS, EMAIL, INAPP), "fam");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    static final LenderProfile LENDER = new LenderProfile("Demo Lender", Map.of("zh-CN", "示范贷", "zh-TW", "示範貸"),
            "+86 400 000 0000", "https://help.example.com", "https://help.example.com/plan",
            "https://pay.example.com", "https://help.example.com/reminders");

    @TempDir
    Path dir;

    static String link(String contactId) {
        return "https://kindly.example/optout/" + contactId;
    }

    private TemplateRenderer renderer;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void templates() throws IOException {
        write("_shared/layout.ftlh", """
                <#macro page title><html><head><title>${title}</title></head><body><#nested></body></html></#macro>
                """);
        write("fam/sms_en.ftl", "${lender.name}: Hi ${name}, ${amount} on loan ${loanRef} is due ${dueDateIso} "
                + "(in ${daysUntilDue} days). Pay: ${repaymentLink} Reply ${optOut.smsKeyword} to stop.\n");
        write("fam/sms_zh.ftl", "${lender.name}：${name}您好，尾号${loanRef}的贷款${amount}将于${dueDate}到期。\n");
        write("fam/sms_zh_TW.ftl", "${lender.name}：${name}您好，尾號${loanRef}的貸款${amount}將於${dueDate}到期。\n");
        write("fam/subject_en.ftl", "A friendly reminder:\n  ${amount} due on ${dueDate}\n");
        write("fam/subject_zh.ftl", "温馨提醒：${amount}\n");
        write("fam/email-text_en.ftl", "Hi ${name},\n\n\n\nPlease pay ${amount} by ${dueDate}.   \n${repaymentLink}\n");
        write("fam/email-text_zh.ftl", "${name}您好，\n请于${dueDate}前还款${amount}。\n");
        write("fam/email-html_en.ftlh", """
                <#import "/_shared/layout.ftlh" as layout>
                <@layout.page title="Reminder for ${name}"><p>Hi ${name}, please pay ${amount}.</p><a href="${repaymentLink}">Pay</a></@layout.page>
                """);
        write("fam/email-html_zh.ftlh", """
                <#import "/_shared/layout.ftlh" as layout>
                <@layout.page title="提醒"><p>${name}您好</p></@layout.page>
                """);
        write("fam/inapp_en.ftl", "Hi ${name}, ${amount} is due on ${dueDate}.\n");
        renderer = new TemplateRenderer(dir, LENDER, Locale.ENGLISH, Map.of("zh-HK", "zh-TW"), "STOP",
                TemplateRendererTest::link, CLOCK, 0);
    }

    static Account account(String name, String locale, String amount, String currency) {
        return new Account("B-1", "L2000123", name, Checked.ok(Locale.forLanguageTag(locale)),
                ZoneId.of("Asia/Shanghai"), Checked.ok("+8613800138000"), Checked.ok("amelia@example.com"),
                Checked.ok("app-1"), new BigDecimal(amount), Currency.getInstance(currency), DUE, null, null, "row 1",
                List.of());
    }

    private static Contact contact(Account account, Stage stage, Channel channel) {
        return new Contact(account, stage, channel, BUSINESS_DATE, "run-1");
    }

    private static Contact contact(String name, String locale, Channel channel) {
        return contact(account(name, locale, "1250", "USD"), STAGE, channel);
    }

    // ---------------------------------------------------------------------------------------------------- locales

    @Test
    void candidatesFallBackFromRegionToLanguageToDefault() {
        assertThat(renderer.candidates(Locale.forLanguageTag("zh-TW")))
                .containsExactly(new Locale("zh", "TW"), new Locale("zh"), new Locale("en"));
        assertThat(renderer.candidates(Locale.forLanguageTag("zh-CN")))
                .containsExactly(new Locale("zh", "CN"), new Locale("zh"), new Locale("en"));
        assertThat(renderer.candidates(Locale.forLanguageTag("fr"))).containsExactly(new Locale("fr"), new Locale("en"));
        assertThat(renderer.candidates(Locale.forLanguageTag("en-GB")))
                .containsExactly(new Locale("en", "GB"), new Locale("en"));
        assertThat(renderer.candidates(Locale.ENGLISH)).containsExactly(new Locale("en"));
    }

    @Test
    void aliasIsTriedInsteadOfTheRequestedLocale() {
        assertThat(renderer.candidates(Locale.forLanguageTag("zh-HK")))
                .containsExactly(new Locale("zh", "TW"), new Locale("zh"), new Locale("en"));

        TemplateRenderer scripts = new TemplateRenderer(dir, LENDER, Locale.ENGLISH, Map.of("zh-Hant", "zh-TW"),
                "STOP", TemplateRendererTest::link, CLOCK, 0);
        assertThat(scripts.candidates(Locale.forLanguageTag("zh-Hant-HK")))
                .containsExactly(new Locale("zh", "TW"), new Locale("zh"), new Locale("en"));
    }

    @Test
    void resolveLocalePicksTheFirstLocaleWithEveryPartOfTheChannel() {
        Locale zhTW = Locale.forLanguageTag("zh-TW");
        assertThat(renderer.resolveLocale("fam", SMS, zhTW)).contains(new Locale("zh", "TW"));
        // zh_TW has no email parts: the whole email falls back to zh, never mixing two languages
        assertThat(renderer.resolveLocale("fam", EMAIL, zhTW)).contains(new Locale("zh"));
        // zh has no in-app text: in-app falls back to the default language
        assertThat(renderer.resolveLocale("fam", INAPP, zhTW)).contains(new Locale("en"));
        assertThat(renderer.resolveLocale("fam", SMS, Locale.forLanguageTag("zh-HK"))).contains(new Locale("zh", "TW"));
        assertThat(renderer.resolveLocale("fam", SMS, Locale.forLanguageTag("fr"))).contains(new Locale("en"));
        assertThat(renderer.resolveLocale("no-such-family", SMS, Locale.ENGLISH)).isEmpty();
    }

    @Test
    void missingPartHidesALanguageForThatChannel() throws IOException {
        Files.delete(dir.resolve("fam/email-html_zh.ftlh"));
        assertThat(renderer.resolveLocale("fam", EMAIL, Locale.forLanguageTag("zh-CN"))).contains(new Locale("en"));
    }

    // -------------------------------------------------------------------------------------------------- rendering

    @Test
    void rendersAnSms() throws TemplateProblem {
        Message m = renderer.renderFor(contact("Amelia Clarke", "en", SMS), BUSINESS_DATE);

        assertThat(m.body()).isEqualTo("Demo Lender: Hi Amelia Clarke, $1,250.00 on loan 0123 is due 2026-11-26 "
                + "(in 3 days). Pay: https://pay.example.com Reply STOP to stop.");
        assertThat(m.template()).isEqualTo("fam/sms_en.ftl");
        assertThat(m.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(m.subject()).isNull();
        assertThat(m.html()).isNull();
        assertThat(m.templateHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void rendersInTheBorrowersLanguage() throws TemplateProblem {
        Message m = renderer.renderFor(contact(account("陳美玲", "zh-TW", "1250", "TWD"), STAGE, SMS), BUSINESS_DATE);
        assertThat(m.locale()).isEqualTo(new Locale("zh", "TW"));
        assertThat(m.template()).isEqualTo("fam/sms_zh_TW.ftl");
        assertThat(m.body()).startsWith("示範貸：陳美玲您好，尾號0123的貸款").contains("2026年11月26日").endsWith("到期。");
    }

    @Test
    void rendersAnEmailWithSubjectTextAndHtml() throws TemplateProblem {
        // an en-GB borrower reads the en template, with amounts and dates as written in Britain
        Message m = renderer.renderFor(contact(account("Amelia Clarke", "en-GB", "1250", "GBP"), STAGE, EMAIL),
                BUSINESS_DATE);

        assertThat(m.template()).isEqualTo("fam/email-text_en.ftl");
        assertThat(m.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(m.subject()).isEqualTo("A friendly reminder: £1,250.00 due on 26 November 2026");
        // blank lines are collapsed to one and trailing spaces dropped
        assertThat(m.body()).isEqualTo("Hi Amelia Clarke,\n\nPlease pay £1,250.00 by 26 November 2026.\n"
                + "https://pay.example.com");
        assertThat(m.html()).startsWith("<html><head><title>Reminder for Amelia Clarke</title>")
                .contains("<a href=\"https://pay.example.com\">Pay</a>");
    }

    @Test
    void emailForZhTwUsesTheSimplifiedTemplateEntirely() throws TemplateProblem {
        Message m = renderer.renderFor(contact(account("陳美玲", "zh-TW", "1250", "TWD"), STAGE, EMAIL), BUSINESS_DATE);
        assertThat(m.locale()).isEqualTo(new Locale("zh"));
        assertThat(m.template()).isEqualTo("fam/email-text_zh.ftl");
        assertThat(m.subject()).startsWith("温馨提醒：");
        assertThat(m.body()).startsWith("陳美玲您好，");
        assertThat(m.html()).contains("<title>提醒</title>");
    }

    @Test
    void inAppUsesSubjectAsTitle() throws TemplateProblem {
        Message m = renderer.renderFor(contact("Amelia Clarke", "en", INAPP), BUSINESS_DATE);
        assertThat(m.template()).isEqualTo("fam/inapp_en.ftl");
        assertThat(m.subject()).isEqualTo("A friendly reminder: $1,250.00 due on November 26, 2026");
        assertThat(m.body()).isEqualTo("Hi Amelia Clarke, $1,250.00 is due on November 26, 2026.");
        assertThat(m.html()).isNull();
    }

    @Test
    void renderStepUsesTheLaterOfBusinessDateAndTheBorrowersToday() {
        // the clock says 2026-11-25 in Shanghai, two days after the business date: "in 1 days", not "in 3 days"
        TemplateRenderer late = new TemplateRenderer(dir, LENDER, Locale.ENGLISH, Map.of(), "STOP",
                TemplateRendererTest::link, Clock.fixed(Instant.parse("2026-11-25T01:00:00Z"), ZoneOffset.UTC), 0);
        Contact c = contact("Amelia", "en", SMS);
        late.render(c);
        assertThat(c.status()).isEqualTo(Status.PENDING);
        assertThat(c.message().body()).contains("(in 1 days)");
    }

    @Test
    void htmlPartsEscapeEveryValue() throws TemplateProblem {
        Message m = renderer.renderFor(contact("<script>x</script>", "en", EMAIL), BUSINESS_DATE);
        assertThat(m.html()).contains("Hi &lt;script&gt;x&lt;/script&gt;,")
                .contains("<title>Reminder for &lt;script&gt;x&lt;/script&gt;</title>")
                .doesNotContain("<script>");
        // the plain-text part is not HTML and keeps the name as written
        assertThat(m.body()).startsWith("Hi <script>x</script>,");
    }

    // ----------------------------------------------------------------------------------------------- locked down

    @Test
    void missingVariableIsAnErrorNamingFileAndLine() throws IOException {
        write("broken/sms_en.ftl", "Hello ${name},\nyou owe ${misspelled}.\n");
        Contact c = contact(account("Amelia", "en", "1", "USD"), new Stage("s", 0, List.of(SMS), "broken"), SMS);

        TemplateProblem e = catchThrowableOfType(TemplateProblem.class, () -> renderer.renderFor(c, BUSINESS_DATE));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("templates/broken/sms_en.ftl line 2: ")
                .contains("null or missing").endsWith("misspelled");

        // the pipeline step fails the contact instead of sending an empty string
        renderer.render(c);
        assertThat(c.status()).isEqualTo(Status.FAILED);
        assertThat(c.reason()).isEqualTo(Reason.TEMPLATE_ERROR);
        assertThat(c.detail()).contains("templates/broken/sms_en.ftl line 2");
        assertThat(c.message()).isNull();
    }

    @Test
    void syntaxErrorIsAProblemNamingFileAndLine() throws IOException {
        write("syntax/sms_en.ftl", "Hello\n<#if name>unclosed\n");
        Contact c = contact(account("Amelia", "en", "1", "USD"), new Stage("s", 0, List.of(SMS), "syntax"), SMS);
        TemplateProblem e = catchThrowableOfType(TemplateProblem.class, () -> renderer.renderFor(c, BUSINESS_DATE));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("templates/syntax/sms_en.ftl line ");
    }

    @Test
    void templatesCannotCreateJavaObjects() throws IOException {
        write("evil-new/sms_en.ftl", "<#assign pb = \"java.lang.ProcessBuilder\"?new([\"id\"])>${pb.start()}\n");
        write("evil-exec/sms_en.ftl", "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}\n");
        write("evil-api/sms_en.ftl", "${name?api.getClass().getName()}\n");
        Map<String, String> why = Map.of(
                "evil-new", "Instantiating java.lang.ProcessBuilder is not allowed",
                "evil-exec", "Instantiating freemarker.template.utility.Execute is not allowed",
                "evil-api", "api_builtin_enabled");
        why.forEach((family, reason) -> {
            Contact c = contact(account("Amelia", "en", "1", "USD"), new Stage("s", 0, List.of(SMS), family), SMS);
            TemplateProblem e = catchThrowableOfType(TemplateProblem.class, () -> renderer.renderFor(c, BUSINESS_DATE));
            assertThat(e).as(family).isNotNull();
            assertThat(e.getMessage()).as(family).startsWith("templates/" + family + "/sms_en.ftl line 1: ")
                    .contains(reason);
        });
    }

    @Test
    void missingTemplateIsAProblem() {
        Contact c = contact(account("Amelia", "en", "1", "USD"), new Stage("s", 0, List.of(SMS), "nothing-here"), SMS);
        TemplateProblem e = catchThrowableOfType(TemplateProblem.class, () -> renderer.renderFor(c, BUSINESS_DATE));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("no template for nothing-here/sms");
    }

    // ------------------------------------------------------------------------------------------------------ hash

    @Test
    void hashChangesWhenAPartOrAnImportedFileChanges() throws Exception {
        Contact email = contact("Amelia", "en", EMAIL);
        Contact sms = contact("Amelia", "en", SMS);
        String emailHash = renderer.renderFor(email, BUSINESS_DATE).templateHash();
        String smsHash = renderer.renderFor(sms, BUSINESS_DATE).templateHash();
        assertThat(renderer.renderFor(email, BUSINESS_DATE).templateHash()).as("same files, same hash").isEqualTo(emailHash);
        assertThat(smsHash).isNotEqualTo(emailHash);

        // the shared layout is imported by the HTML part only
        write("_shared/layout.ftlh", """
                <#macro page title><html lang="en"><head><title>${title}</title></head><body><#nested></body></html></#macro>
                """);
        String afterLayout = renderer.renderFor(email, BUSINESS_DATE).templateHash();
        assertThat(afterLayout).isNotEqualTo(emailHash);
        assertThat(renderer.renderFor(sms, BUSINESS_DATE).templateHash()).isEqualTo(smsHash);

        write("fam/subject_en.ftl", "Reminder: ${amount} due on ${dueDate}\n");
        String afterSubject = renderer.renderFor(email, BUSINESS_DATE).templateHash();
        assertThat(afterSubject).isNotEqualTo(afterLayout).isNotEqualTo(emailHash);

        // an import written with single quotes counts as well
        write("fam/email-html_en.ftlh", """
                <#import '/_shared/layout.ftlh' as layout>
                <@layout.page title="Reminder for ${name}"><p>Hi ${name}, please pay ${amount}.</p></@layout.page>
                """);
        String singleQuoted = renderer.renderFor(email, BUSINESS_DATE).templateHash();
        write("_shared/layout.ftlh", """
                <#macro page title><html lang="en-GB"><head><title>${title}</title></head><body><#nested></body></html></#macro>
                """);
        assertThat(renderer.renderFor(email, BUSINESS_DATE).templateHash()).isNotEqualTo(singleQuoted);
        afterSubject = renderer.renderFor(email, BUSINESS_DATE).templateHash();

        // a fresh renderer over the same files computes the same hash
        TemplateRenderer fresh = new TemplateRenderer(dir, LENDER, Locale.ENGLISH, Map.of(), "STOP",
                TemplateRendererTest::link, CLOCK, 0);
        assertThat(fresh.renderFor(email, BUSINESS_DATE).templateHash()).isEqualTo(afterSubject);
    }

    // ------------------------------------------------------------------------------------------- missingDefaults

    @Test
    void missingDefaultsReportsMissingDefaultLanguageFiles() throws IOException {
        write("sparse/sms_en.ftl", "Hi\n");
        write("sparse/subject_zh.ftl", "not the default language\n");
        Stage complete = new Stage("before-3", -3, List.of(SMS, EMAIL, INAPP), "fam");
        Stage sparse = new Stage("overdue-1", 1, List.of(SMS, EMAIL, INAPP), "sparse");
        Stage absent = new Stage("overdue-7", 7, List.of(SMS), "absent");
        Cadence cadence = new Cadence(List.of(complete, sparse, absent));

        Map<Stage, List<String>> missing = renderer.missingDefaults(cadence, EnumSet.of(SMS, EMAIL));

        assertThat(missing).containsOnlyKeys(sparse, absent);
        assertThat(missing.get(sparse)).hasSize(3).anySatisfy(p -> assertThat(p)
                .contains(dir.resolve("sparse").resolve("subject_en.ftl").toString())
                .contains("is missing (needed for email in the default language)"));
        assertThat(missing.get(sparse)).anySatisfy(p -> assertThat(p).contains("email-text_en.ftl"));
        assertThat(missing.get(sparse)).anySatisfy(p -> assertThat(p).contains("email-html_en.ftlh"));
        // in-app is switched off, so its missing files do not matter
        assertThat(missing.get(sparse)).noneSatisfy(p -> assertThat(p).contains("inapp"));
        assertThat(missing.get(absent)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("there is no template folder").contains("absent"));

        assertThat(renderer.missingDefaults(cadence, EnumSet.of(SMS))).containsOnlyKeys(absent);
    }

    /**
     * With a regional default language (kindly.default-locale = zh-CN, an example the settings themselves give),
     * messages render from the language's files (sms_zh.ftl) through the fallback chain, so the start-up check should
     * accept them instead of demanding sms_zh_CN.ftl.
     */
    @Test
    void missingDefaultsAcceptsTheLanguageFilesOfARegionalDefault() throws Exception {
        write("zh-only/sms_zh.ftl", "${name}您好\n");
        TemplateRenderer zhDefault = new TemplateRenderer(dir, LENDER, Locale.forLanguageTag("zh-CN"), Map.of(),
                "STOP", TemplateRendererTest::link, CLOCK, 0);
        Stage stage = new Stage("due", 0, List.of(SMS), "zh-only");

        // it renders for a borrower in the default language ...
        Message m = zhDefault.renderFor(contact(account("王小明", "zh-CN", "1", "CNY"), stage, SMS), BUSINESS_DATE);
        assertThat(m.body()).isEqualTo("王小明您好");
        // ... so nothing is missing
        assertThat(zhDefault.missingDefaults(new Cadence(List.of(stage)), EnumSet.of(SMS))).isEmpty();
    }

    @Test
    void suffixIsLanguageAndCountry() {
        assertThat(TemplateRenderer.suffix(Locale.forLanguageTag("zh-TW"))).isEqualTo("zh_TW");
        assertThat(TemplateRenderer.suffix(Locale.forLanguageTag("zh"))).isEqualTo("zh");
        assertThat(TemplateRenderer.suffix(Locale.forLanguageTag("pt-BR"))).isEqualTo("pt_BR");
        assertThat(TemplateRenderer.Part.EMAIL_HTML.fileName("zh_TW")).isEqualTo("email-html_zh_TW.ftlh");
        assertThat(TemplateRenderer.Part.forChannel(EMAIL)).containsExactly(TemplateRenderer.Part.SUBJECT,
                TemplateRenderer.Part.EMAIL_TEXT, TemplateRenderer.Part.EMAIL_HTML);
    }
}
