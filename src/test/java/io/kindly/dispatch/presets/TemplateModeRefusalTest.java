package io.kindly.dispatch.presets;

import io.kindly.support.LedgerRows;
import io.kindly.support.RawLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template-mode vendor that refuses Kindly's signature (a wrong secret): Alibaba answers HTTP 400
 * SignatureDoesNotMatch, Tencent 200 with AuthFailure.SignatureFailure. Either is the channel's refusal: the messages
 * wait (DEFERRED GATEWAY_CREDENTIALS) rather than being FAILED one by one, and the secret is in no log line.
 */
class TemplateModeRefusalTest {
    @TempDir
    Path dir;

    @Test
    void alibabaRefusingTheSignatureStopsTheChannel() {
        check(false, Map.of("kindly.channel.sms.api-key", "LTAI5tKindlyTest0001",
                "kindly.channel.sms.api-secret", "not-the-secret-0123"));
    }

    @Test
    void tencentRefusingTheSignatureStopsTheChannel() {
        check(true, Map.of("kindly.channel.sms.api-key", "AKIDkindlyTest0000000000000000000001",
                "kindly.channel.sms.api-secret", "not-the-secret-0123", "kindly.channel.sms.app-id", "1400000001"));
    }

    private void check(boolean tencent, Map<String, String> settings) {
        long log = RawLog.mark();
        CloudSmsImitation vendor = new CloudSmsImitation(settings.get("kindly.channel.sms.api-key"), "the-real-secret",
                TemplateModeFixture.registered(tencent));
        TemplateModeFixture fixture = new TemplateModeFixture();
        try {
            fixture.start(dir, vendor, tencent, settings);
            List<Map<String, String>> rows = LedgerRows.query(fixture.kindly.app.ledgerDataSource(),
                    "select status, reason from kindly_contact where channel = 'sms'");
            assertThat(rows).hasSize(PresetFixture.BORROWERS.size()).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("DEFERRED");
                assertThat(r.get("reason")).isEqualTo("GATEWAY_CREDENTIALS");
            });
            assertThat(vendor.delivered).isEmpty();
            // Kindly's own lines (Camel's start-up summary lists the test's override properties, which a daemon
            // takes from the environment instead)
            String kindlys = RawLog.since(log).lines().filter(l -> l.startsWith("io.kindly"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            assertThat(kindlys).contains("sms channel stopped").doesNotContain("not-the-secret-0123");
        } finally {
            fixture.close();
        }
    }
}
