package io.kindly.dispatch.presets;

import io.kindly.shared.SmsEncoding;
import io.kindly.shared.SmsSegments;
import io.kindly.support.LedgerRows;
import io.kindly.support.Ports;
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
 * {@code kindly.channel.sms.smpp.long-messages = payload}: a long message goes as one submit_sm with the whole text in
 * message_payload (short_message empty), for SMSCs that split messages themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmppPayloadTest {
    @TempDir
    static Path dir;
    final PresetFixture kindly = new PresetFixture();
    FakeSmsc smsc;

    @BeforeAll
    void start() throws Exception {
        smsc = new FakeSmsc(Ports.free(), "kindly", "smpp-pw2");
        kindly.start(dir, Map.of(
                "kindly.channel.sms.transport", "smpp",
                "kindly.channel.sms.url", "smpp://127.0.0.1:" + smsc.port(),
                "kindly.channel.sms.username", "kindly",
                "kindly.channel.sms.password", "smpp-pw2",
                "kindly.channel.sms.smpp.long-messages", "payload"));
    }

    @AfterAll
    void stop() throws Exception {
        kindly.close();
        smsc.close();
    }

    @Test
    void aLongMessageIsOneSubmitWithTheWholeTextInMessagePayload() {
        boolean longOne = false;
        for (Map<String, String> c : kindly.smsContacts()) {
            String number = PresetFixture.BORROWERS.stream().filter(b -> b[0].equals(c.get("borrower_id")))
                    .findFirst().orElseThrow()[2];
            String body = LedgerRows.query(kindly.app.ledgerDataSource(), "select body from kindly_ledger_entry"
                    + " where contact_id = ? and body is not null", c.get("contact_id")).get(0).get("body");
            SmsSegments segments = SmsSegments.of(body);
            List<FakeSmsc.Submitted> submits = smsc.to(number);
            assertThat(submits).hasSize(1);
            FakeSmsc.Submitted s = submits.get(0);
            int coding = segments.gsm7() ? 0 : 8;
            assertThat(s.dataCoding()).isEqualTo((byte) coding);
            assertThat(s.udh()).isFalse();
            assertThat(s.registeredDelivery() & 1).isEqualTo(1);
            if (segments.segments() > 1) {
                longOne = true;
                assertThat(s.shortMessage()).isEmpty();
                assertThat(SmsEncoding.decode(s.payload(), coding)).isEqualTo(body);
            } else {
                assertThat(SmsEncoding.decode(s.shortMessage(), coding)).isEqualTo(body);
            }
            assertThat(c.get("gateway_message_id")).isEqualTo(s.messageId());
        }
        assertThat(longOne).isTrue();
    }
}
