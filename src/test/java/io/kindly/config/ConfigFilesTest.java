package io.kindly.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void originIsFileAndLineOfTheFirstFileThatSetsTheKey() throws IOException {
        Path app = write("application.properties",
                "# Kindly",
                "",
                "kindly.test-only.shared = from application",
                "kindly.test-only.app-only = 1");
        Path local = write("local.properties",
                "# machine-local overrides",
                "kindly.test-only.shared = from local");
        Path cadence = write("cadence.properties",
                "kindly.test-only.app-only = later files lose",
                "kindly.cadence.stages = a");

        ConfigFiles files = ConfigFiles.in(dir);

        assertThat(files.originOf("kindly.test-only.shared")).isEqualTo(local + ":2");
        assertThat(files.originOf("kindly.test-only.app-only")).isEqualTo(app + ":4");
        assertThat(files.originOf("kindly.cadence.stages")).isEqualTo(cadence + ":2");
        assertThat(files.fileKeys()).containsOnlyKeys("kindly.test-only.shared", "kindly.test-only.app-only",
                "kindly.cadence.stages");
    }

    @Test
    void keySetNowhereIsPlacedInTheFileItBelongsIn() {
        ConfigFiles files = ConfigFiles.in(dir);
        assertThat(files.originOf("kindly.cadence.stage.x.offset-days"))
                .isEqualTo(dir.resolve("cadence.properties").toString());
        assertThat(files.originOf("kindly.channel.sms.test-only-url"))
                .isEqualTo(dir.resolve("channels.properties").toString());
        assertThat(files.originOf("kindly.policy.test-only")).isEqualTo(dir.resolve("policy.properties").toString());
        assertThat(files.originOf("kindly.test-only.other")).isEqualTo(dir.resolve("application.properties").toString());
        assertThat(files.fileKeys()).isEmpty();
    }

    @Test
    void lineNumbersSkipCommentsAndContinuationLines() throws IOException {
        Path app = write("application.properties",
                "# a comment ending in a backslash does not continue \\",
                "kindly.test-only.a = 1",
                "kindly.test-only.b = one, \\",
                "    kindly.test-only.not-a-key = two",
                "! another comment",
                "   kindly.test-only.c:3",
                "kindly.test-only.d\\:e = escaped colon",
                "kindly.test-only.f = ends with an escaped backslash \\\\",
                "kindly.test-only.g = 7");

        ConfigFiles files = ConfigFiles.in(dir);

        assertThat(files.fileKeys()).containsOnlyKeys("kindly.test-only.a", "kindly.test-only.b", "kindly.test-only.c",
                "kindly.test-only.d:e", "kindly.test-only.f", "kindly.test-only.g");
        assertThat(files.originOf("kindly.test-only.a")).isEqualTo(app + ":2");
        assertThat(files.originOf("kindly.test-only.b")).isEqualTo(app + ":3");
        assertThat(files.originOf("kindly.test-only.c")).isEqualTo(app + ":6");
        assertThat(files.originOf("kindly.test-only.d:e")).isEqualTo(app + ":7");
        assertThat(files.originOf("kindly.test-only.f")).isEqualTo(app + ":8");
        assertThat(files.originOf("kindly.test-only.g")).isEqualTo(app + ":9");
    }

    /**
     * java.util.Properties (and so Camel) lets the last of two lines that set the same key in one file win; the
     * origin should point at that line, since that is where the value in effect (and any problem with it) comes from.
     */
    @Test
    void originOfAKeySetTwiceInOneFileIsTheLineInEffect() throws IOException {
        Path app = write("application.properties",
                "kindly.test-only.count = 5",
                "kindly.test-only.count = ten");

        ConfigFiles files = ConfigFiles.in(dir);

        assertThat(files.originOf("kindly.test-only.count")).isEqualTo(app + ":2");
    }

    @Test
    void malformedFileIsAConfigProblemNamingTheFile() throws IOException {
        Path app = write("application.properties", "kindly.test-only.x = \\uZZZZ");
        assertThatThrownBy(() -> ConfigFiles.in(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(app.toString())
                .hasMessageContaining("not a valid properties file");
    }

    @Test
    void envNameIsCamelsMapping() {
        assertThat(ConfigFiles.envName("kindly.channel.sms.url")).isEqualTo("KINDLY_CHANNEL_SMS_URL");
        assertThat(ConfigFiles.envName("kindly.channel.sms.auth-value")).isEqualTo("KINDLY_CHANNEL_SMS_AUTH_VALUE");
        assertThat(ConfigFiles.envName("kindly.ledger.password")).isEqualTo("KINDLY_LEDGER_PASSWORD");
    }

    @Test
    void camelLocationsAreInPrecedenceOrderWithLocalOptional() {
        ConfigFiles files = ConfigFiles.in(dir);
        String d = dir.toString().replace('\\', '/');

        assertThat(files.camelLocations()).isEqualTo(String.join(",",
                "file:" + d + "/local.properties;optional=true",
                "file:" + d + "/application.properties",
                "file:" + d + "/cadence.properties",
                "file:" + d + "/channels.properties",
                "file:" + d + "/policy.properties",
                "file:" + d + "/inbound.properties"));
        assertThat(files.camelLocations().split(",")).filteredOn(l -> l.contains(";optional=true")).hasSize(1);
    }

    @Test
    void requiredFilesAreAllButLocal() {
        ConfigFiles files = ConfigFiles.in(dir);
        assertThat(files.dir()).isEqualTo(dir);
        assertThat(files.required()).containsExactly(dir.resolve("application.properties"),
                dir.resolve("cadence.properties"), dir.resolve("channels.properties"), dir.resolve("policy.properties"),
                dir.resolve("inbound.properties"));
    }

    @Test
    void fileForPlacesKeysByPrefix() {
        assertThat(ConfigFiles.fileFor("kindly.cadence.stages")).isEqualTo("cadence.properties");
        assertThat(ConfigFiles.fileFor("kindly.channel.inapp.secret")).isEqualTo("channels.properties");
        assertThat(ConfigFiles.fileFor("kindly.policy.quiet-hours")).isEqualTo("policy.properties");
        assertThat(ConfigFiles.fileFor("kindly.inbound.sms.secret")).isEqualTo("inbound.properties");
        assertThat(ConfigFiles.fileFor("kindly.lender.name")).isEqualTo("application.properties");
    }

    @Test
    void valuesAreReadAsUtf8() throws IOException {
        Path app = write("application.properties", "kindly.lender.name.zh-TW = 示範貸");
        ConfigFiles files = ConfigFiles.in(dir);
        assertThat(files.fileKeys()).containsEntry("kindly.lender.name.zh-TW", app + ":1");
    }
}
