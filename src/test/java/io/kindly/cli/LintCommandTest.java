package io.kindly.cli;

import io.kindly.Kindly;
import io.kindly.support.Console;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.RawLog;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kindly lint} and the same checks at start-up, on copies of the shipped config, routes and templates. */
class LintCommandTest {
    @TempDir
    Path dir;
    Path config;
    Path templates;
    Path routes;

    @BeforeEach
    void copies() {
        config = TestConfig.copyOfShipped(dir.resolve("config"));
        templates = TestConfig.copyTree(Path.of("templates"), dir.resolve("templates"));
        routes = TestConfig.copyTree(Path.of("routes"), dir.resolve("routes"));
        TestConfig.local(config, Map.of("kindly.templates.dir", templates.toString().replace('\\', '/'),
                "camel.main.routes-include-pattern",
                "file:" + routes.toAbsolutePath().toString().replace('\\', '/') + "/**/*.camel.yaml"));
    }

    Console.Result kindly(String... args) {
        return Console.capture(() -> Kindly.commandLine().execute(args));
    }


    @Test
    void theShippedConfigRoutesAndTemplatesPass() {
        Console.Result result = kindly("lint");
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("OK: 0 errors, 0 warnings");
    }

    @Test
    void eachFindingIsPrintedWithFileLineAndRuleAndAnErrorFailsTheCommand() throws Exception {
        Path cadence = config.resolve("cadence.properties");
        TestConfig.replace(cadence, "kindly.cadence.stage.before-1.channels", "kindly.cadence.stage.before-1.chanels");
        Path sms = templates.resolve("overdue/sms_en.ftl");
        Files.writeString(sms, "\n" + Files.readString(sms).replace("If you have paid, thank you.",
                "If you have paid, thank you. Otherwise: A.R.R.E.S.T."));
        Path inapp = templates.resolve("upcoming/inapp_en.ftl");
        Files.writeString(inapp, Files.readString(inapp).replace("A friendly reminder:", "Act now:"));
        Path cycle = routes.resolve("cycle.camel.yaml");
        TestConfig.replace(cycle, "method: plan", "method: plna");

        Console.Result result = kindly("lint", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(
                cadence + ":" + TestConfig.lineOf(cadence, "before-1.chanels") + ": error [config] "
                        + "kindly.cadence.stage.before-1.chanels: unknown key",
                "templates/overdue/sms_en.ftl:2: error [prohibited/threat-arrest] 'A.R.R.E.S.T' (A.R.R.E.S.T): a missed repayment is a civil matter",
                "templates/upcoming/inapp_en.ftl:1: warning [prohibited/false-urgency] 'Act now' (Act now): pressure and short deadlines are unfair",
                cycle.toString().replace('\\', '/') + ":" + (TestConfig.lineOf(cycle, "method: plna") - 2)
                        + ": error [route/bean] bean 'planner' has no method 'plna'",
                cadence + ": error [config] kindly.cadence.stage.before-1.channels: missing",
                "FAILED: 4 errors, 1 warning");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aLanguageTheTemplatesHaveAndDiscreetLacksIsAnError() throws Exception {
        Files.delete(templates.resolve("_discreet/sms_zh_TW.ftl"));

        Console.Result result = kindly("lint", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("templates/_discreet: error [discreet-language] lacks [sms_zh_TW.ftl]: "
                + "the other templates have zh_TW");
    }

    @Test
    void inTemplateModeEachSmsTemplateNeedsACodeAndPlainVariables() throws Exception {
        TestConfig.local(config, Map.of("kindly.channel.sms.preset", "aliyun",
                "kindly.channel.sms.sign-name", "示范贷", "kindly.channel.sms.api-key", "LTAI5t0000",
                "kindly.channel.sms.api-secret", "secret-0123",
                "kindly.channel.sms.template-code.upcoming", "SMS_1"));

        Console.Result result = kindly("lint", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(
                "templates/upcoming/sms_en.ftl: error [template-mode] a registered template's copy holds only text "
                        + "and plain ${name} variables",
                "templates/due-today/sms_zh.ftl: error [template-mode] no registered template code: set "
                        + "kindly.channel.sms.template-code.due-today.zh")
                .doesNotContain("templates/_discreet/sms_en.ftl: error [template-mode] a registered");
    }

    @Test
    void anHttpUnsubscribeLinkIsAnErrorOnceTheDemoIsOff() throws Exception {
        Path inbound = config.resolve("inbound.properties");
        TestConfig.replace(inbound, "kindly.inbound.public-url = http://127.0.0.1:{{camel.server.port}}",
                "kindly.inbound.public-url = http://reminders.lender.example");
        TestConfig.replace(config.resolve("application.properties"), "kindly.demo.enabled = true",
                "kindly.demo.enabled = false");

        Console.Result result = kindly("lint", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(inbound + ":" + TestConfig.lineOf(inbound, "kindly.inbound.public-url =")
                + ": error [email/unsubscribe-https] kindly.inbound.public-url makes every email's unsubscribe link "
                + "http:// (http://reminders.lender.example/optout/...): one-click unsubscribe (RFC 8058) needs https");

        TestConfig.replace(inbound, "http://reminders.lender.example", "https://reminders.lender.example");
        Console.Result https = kindly("lint", "--config", config.toString());
        assertThat(https.out()).doesNotContain("email/unsubscribe-https");
    }

    @Test
    void theDaemonRefusesToStartOnALintErrorAndSaysWhere() throws Exception {
        Path sms = templates.resolve("due-today/sms_zh.ftl");
        Files.writeString(sms, Files.readString(sms).replace("${repaymentLink}", "我们的网站"));
        TestConfig.localDemo(config, dir.resolve("data"));

        Console.Result result = kindly("once", "--date", "2026-11-23", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(Failures.EXIT_CONFIG);
        assertThat(result.err()).startsWith("Kindly cannot start: 1 lint error")
                .contains("templates/due-today/sms_zh.ftl: error [required/how-to-pay] does not say how to pay")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).doesNotContain("Kindly reminder cycle");
    }

    @Test
    void warningsAreLoggedAtStartAndDoNotStopIt() throws Exception {
        Path inapp = templates.resolve("upcoming/inapp_zh.ftl");
        Files.writeString(inapp, Files.readString(inapp).replace("温馨提醒：", "温馨提醒：请立即还款。"));
        long before = RawLog.mark();
        try (KindlyTestApp app = KindlyTestApp.in(dir.resolve("data")).config(config).start()) {
            assertThat(app.settings().templatesDir()).isEqualTo(templates);
        }
        assertThat(RawLog.since(before)).contains(
                "lint: templates/upcoming/inapp_zh.ftl:1: warning [prohibited/false-urgency] '立即还款'");
    }
}
