package io.kindly.dispatch.presets;

import io.kindly.support.LedgerRows;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMSC that refuses Kindly's bind for its password: a refusal of the channel, not of each message. The messages
 * wait (DEFERRED GATEWAY_CREDENTIALS) instead of being FAILED one by one, nothing is submitted, and the password is
 * in no log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmppRefusedBindTest {
    static final String WRONG = "wrong-pw";
    @TempDir
    static Path dir;
    final PresetFixture kindly = new PresetFixture();
    FakeSmsc smsc;
    long log;

    @BeforeAll
    void start() throws Exception {
        log = RawLog.mark();
        smsc = new FakeSmsc(Ports.free(), "kindly", "right-pw");
        kindly.start(dir, Map.of(
                "kindly.channel.sms.transport", "smpp",
                "kindly.channel.sms.url", "smpp://127.0.0.1:" + smsc.port(),
                "kindly.channel.sms.username", "kindly",
                "kindly.channel.sms.password", WRONG,
                "kindly.channel.sms.smpp.reconnect-seconds", "1"));
    }

    @AfterAll
    void stop() throws Exception {
        kindly.close();
        smsc.close();
    }

    @Test
    void aRefusedBindDefersTheMessagesWithGatewayCredentials() {
        List<Map<String, String>> rows = LedgerRows.query(kindly.app.ledgerDataSource(),
                "select status, reason from kindly_contact where channel = 'sms'");
        assertThat(rows).hasSize(PresetFixture.BORROWERS.size());
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("DEFERRED");
            assertThat(r.get("reason")).isEqualTo("GATEWAY_CREDENTIALS");
        });
        assertThat(smsc.refusedBinds.get()).isPositive();
        assertThat(smsc.binds.get()).isZero();
        assertThat(smsc.submits).isEmpty();
        String written = RawLog.since(log);
        assertThat(written).contains("sms channel stopped").doesNotContain(WRONG);
    }
}
