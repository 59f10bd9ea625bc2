package io.kindly.app;

import io.kindly.cli.Failures;
import io.kindly.Kindly;
import io.kindly.config.ConfigException;
import io.kindly.support.Console;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.RawLog;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad configuration stops start-up before anything runs, naming the file, the key and the problem. */
class ConfigStartupTest {
    @TempDir
    Path dir;

    Path config() {
        return TestConfig.copyOfShipped(dir.resolve("config"));
    }

    ConfigException startFails(Path config) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> KindlyTestApp.in(dir.resolve("data")).config(config).start().close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        throw new AssertionError("expected a configuration problem, got " + thrown, thrown);
    }


    @Test
    void aMisspeltKeyIsNamedWithItsFileLineAndTheKeyItProbablyMeant() throws Exception {
        Path config = config();
        Path cadence = config.resolve("cadence.properties");
        TestConfig.replace(cadence, "kindly.cadence.stage.before-1.channels = sms, inapp",
                "kindly.cadence.stage.before-1.chanels = sms, inapp");

        ConfigException e = startFails(config);

        int line = TestConfig.lineOf(cadence, "before-1.chanels");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.origin()).isEqualTo(cadence + ":" + line);
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.before-1.chanels");
            assertThat(p.problem()).contains("unknown key").contains("did you mean kindly.cadence.stage.before-1.channels?");
        });
        // and the stage, now without channels, is reported too: every problem at once
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.before-1.channels");
            assertThat(p.problem()).startsWith("missing:");
        });
    }

    @Test
    void badValuesAreExplained() throws Exception {
        Path config = config();
        Path app = config.resolve("application.properties");
        Path cadence = config.resolve("cadence.properties");
        TestConfig.replace(app, "kindly.cycle.cron = 0 0 10 * * ?", "kindly.cycle.cron = every morning");
        TestConfig.replace(app, "kindly.cycle.time-zone = Asia/Shanghai", "kindly.cycle.time-zone = China");
        TestConfig.replace(cadence, "kindly.cadence.stage.overdue-3.channels = sms, email",
                "kindly.cadence.stage.overdue-3.channels = sms, fax");
        TestConfig.replace(cadence, "kindly.cadence.stage.overdue-7.offset-days = 7",
                "kindly.cadence.stage.overdue-7.offset-days = 3");

        ConfigException e = startFails(config);

        assertThat(e.getMessage()).contains(app + ":" + TestConfig.lineOf(app, "kindly.cycle.cron ="))
                .contains("'every morning' is not a Quartz cron expression")
                .contains("'China' is not an IANA time zone")
                .contains(cadence + ":" + TestConfig.lineOf(cadence, "overdue-3.channels"))
                .contains("'fax' is not a channel")
                .contains("stage 'overdue-3' already falls on day 3");
    }

    @Test
    void aMissingTemplateForTheDefaultLanguageStopsStartUp() throws Exception {
        Path templates = TestConfig.copyTree(Path.of("templates"), dir.resolve("templates"));
        Files.delete(templates.resolve("overdue/sms_en.ftl"));
        Path config = config();
        TestConfig.local(config, java.util.Map.of("kindly.templates.dir", templates.toString()));

        ConfigException e = startFails(config);

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.overdue-1.template");
            assertThat(p.problem()).contains("overdue").contains("sms_en.ftl is missing");
        });
    }

    @Test
    void theDemoRefusesToPointAChannelAwayFromThisMachine() {
        Path config = config();
        TestConfig.local(config, java.util.Map.of("kindly.channel.sms.url", "https://sms.gateway.example/v1/send"));

        ConfigException e = startFails(config);

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.channel.sms.url");
            assertThat(p.origin()).endsWith("local.properties:1");
            assertThat(p.problem()).contains("demo is on").contains("sms.gateway.example");
        });
    }

    @Test
    void aBadInboundSettingIsNamedWithItsFileAndKey() {
        Path config = config();
        TestConfig.replace(config.resolve("inbound.properties"), "#kindly.inbound.sms.auth = hmac",
                "kindly.inbound.sms.auth = none");
        TestConfig.replace(config.resolve("inbound.properties"), "kindly.inbound.sms.opt-out-words = STOP,",
                "kindly.inbound.sms.opt-out-words = HALT,");
        TestConfig.local(config, java.util.Map.of("kindly.inbound.lender-notice.url", "https://crm.lender.example/hooks"));

        ConfigException e = startFails(config);

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.inbound.sms.auth");
            assertThat(p.origin()).startsWith(config.resolve("inbound.properties") + ":");
            assertThat(p.problem()).contains("'none' is not an authentication").contains("must be authenticated");
        }).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.inbound.sms.opt-out-words");
            assertThat(p.problem()).contains("does not contain STOP");
        }).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.inbound.lender-notice.url");
            assertThat(p.problem()).contains("demo is on").contains("crm.lender.example");
        });
    }

    @Test
    void badSmtpConnectionSettingsAreNamedWithTheirFileAndKey() {
        Path config = config();
        Path channels = config.resolve("channels.properties");
        TestConfig.replace(channels, "kindly.channel.email.connections = 4", "kindly.channel.email.connections = 0");
        TestConfig.replace(channels, "kindly.channel.email.idle-seconds = 30", "kindly.channel.email.idle-seconds = half a minute");
        TestConfig.append(channels, "kindly.channel.email.connection = 8\n");

        ConfigException e = startFails(config);

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.origin()).isEqualTo(channels + ":" + TestConfig.lineOf(channels, "email.connections ="));
            assertThat(p.key()).isEqualTo("kindly.channel.email.connections");
            assertThat(p.problem()).contains("'0' is out of range: use a whole number from 1 to 64");
        }).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.channel.email.idle-seconds");
            assertThat(p.problem()).contains("'half a minute' is not a whole number");
        }).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.channel.email.connection");
            assertThat(p.problem()).contains("unknown key").contains("did you mean kindly.channel.email.connections?");
        });
    }

    @Test
    void theCommandLineSaysWhatIsWrongAndExitsWithTheConfigCode() {
        Path config = config();
        TestConfig.replace(config.resolve("channels.properties"), "kindly.channel.inapp.secret = demo-webhook-secret-not-for-production",
                "kindly.channel.inapp.secret = short");

        Console.Result result = Console.capture(() -> Kindly.commandLine()
                .execute("once", "--date", "2026-11-23", "--config", config.toString()));

        assertThat(result.exitCode()).isEqualTo(Failures.EXIT_CONFIG);
        assertThat(result.err()).startsWith("Kindly cannot start: 1 configuration problem")
                .contains(config.resolve("channels.properties") + ":")
                .contains("kindly.channel.inapp.secret: too short")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingConfigFileIsNamed() throws IOException {
        Path config = config();
        Files.delete(config.resolve("cadence.properties"));

        Console.Result result = Console.capture(() -> Kindly.commandLine()
                .execute("once", "--config", config.toString()));

        assertThat(result.exitCode()).isEqualTo(Failures.EXIT_CONFIG);
        assertThat(result.err()).contains(config.resolve("cadence.properties").toString()).contains("missing");
    }

    @Test
    void aLoosenedProfileIsRefusedUnlessAcknowledgedAndThenLoggedAtEveryStart() throws Exception {
        Path config = config();
        TestConfig.replace(config.resolve("policy.properties"), "kindly.policy.profile.cn.window = 08:00-22:00",
                "kindly.policy.profile.cn.window = 07:30-22:00");

        ConfigException refused = startFails(config);
        assertThat(refused.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("kindly.policy.profile.cn");
            assertThat(p.problem()).contains("starts at 07:30, before 08:00", "China Banking Association",
                    "kindly.policy.profile.cn.loosened-because");
        });

        TestConfig.local(config, java.util.Map.of("kindly.policy.profile.cn.loosened-because",
                "borrowers asked for early reminders before their commute"));
        for (int start = 1; start <= 2; start++) {
            long before = RawLog.mark();
            try (KindlyTestApp app = KindlyTestApp.in(dir.resolve("data")).config(config).start()) {
                assertThat(app.settings().policy().profile("cn").windowStart()).hasToString("07:30");
            }
            String log = RawLog.since(before);
            assertThat(log).as("start %d", start).contains("policy profile cn is looser than its baseline",
                    "starts at 07:30, before 08:00", "acknowledged: borrowers asked for early reminders");
        }
    }

    @Test
    void theShippedConfigurationIsClean() {
        // the other tests break a copy; this one proves the copy was fine to begin with
        try (KindlyTestApp app = KindlyTestApp.in(dir.resolve("data")).config(config()).start()) {
            assertThat(app.settings().cadence().stages()).hasSize(8);
        }
    }
}
