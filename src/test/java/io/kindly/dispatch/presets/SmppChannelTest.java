package io.kindly.dispatch.presets;

import io.kindly.shared.SmsEncoding;
import io.kindly.shared.SmsSegments;
import io.kindly.support.LedgerRows;
import io.kindly.support.Ports;
import io.kindly.support.RawLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kindly.channel.sms.transport = smpp} against an SMSC written with jsmpp's server side ({@link FakeSmsc}):
 * English reminders go as GSM-7 (data_coding 0), Chinese as UCS-2 (8), long ones in parts joined by a user data
 * header; the SMSC's receipts set DELIVERED and UNDELIVERED; borrowers' replies (STOP, 退订) opt their numbers out;
 * when the SMSC drops the link, Kindly binds again and carries on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmppChannelTest {
    static final String SYSTEM_ID = "kindly";
    static final String PASSWORD = "smpp-pw1";
    @TempDir
    static Path dir;
    final PresetFixture kindly = new PresetFixture();
    FakeSmsc smsc;
    long log;

    @BeforeAll
    void start() throws Exception {
        log = RawLog.mark();
        smsc = new FakeSmsc(Ports.free(), SYSTEM_ID, PASSWORD);
        smsc.undeliverable = to -> ("+" + to).equals(PresetFixture.UNDELIVERABLE);
        kindly.start(dir, Map.of(
                "kindly.channel.sms.transport", "smpp",
                "kindly.channel.sms.url", "smpp://127.0.0.1:" + smsc.port(),
                "kindly.channel.sms.username", SYSTEM_ID,
                "kindly.channel.sms.password", PASSWORD,
                "kindly.channel.sms.sender-id", "LENDER",
                "kindly.channel.sms.smpp.window", "2",
                "kindly.channel.sms.smpp.reconnect-seconds", "1"));
    }

    @AfterAll
    void stop() throws Exception {
        kindly.close();
        smsc.close();
    }

    @Test
    @Order(1)
    void eachMessageGoesInItsCodingAndPartsAndItsReceiptSetsItsStatus() {
        List<Map<String, String>> contacts = kindly.smsContacts();
        assertThat(contacts).hasSize(PresetFixture.BORROWERS.size());
        boolean longOne = false;
        for (Map<String, String> c : contacts) {
            String number = PresetFixture.BORROWERS.stream().filter(b -> b[0].equals(c.get("borrower_id")))
                    .findFirst().orElseThrow()[2];
            String body = LedgerRows.query(kindly.app.ledgerDataSource(), "select body from kindly_ledger_entry"
                    + " where contact_id = ? and body is not null", c.get("contact_id")).get(0).get("body");
            SmsSegments segments = SmsSegments.of(body);
            List<FakeSmsc.Submitted> parts = smsc.to(number);
            assertThat(parts).as(c.get("borrower_id")).hasSize(segments.segments());
            // GSM-7 for the English reminders, UCS-2 for the Chinese one
            assertThat(segments.gsm7()).isEqualTo(!c.get("borrower_id").equals("P2"));
            byte coding = (byte) (segments.gsm7() ? 0 : 8);
            assertThat(parts).allSatisfy(p -> assertThat(p.dataCoding()).isEqualTo(coding));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                FakeSmsc.Submitted p = parts.get(i);
                byte[] sm = p.shortMessage();
                if (parts.size() > 1) {
                    // UDH: 05 00 03 <reference> <total> <number>, one reference for all parts
                    assertThat(p.udh()).isTrue();
                    assertThat(new byte[] {sm[0], sm[1], sm[2], sm[4], sm[5]})
                            .containsExactly(5, 0, 3, parts.size(), i + 1);
                    assertThat(sm[3]).isEqualTo(parts.get(0).shortMessage()[3]);
                    joined.write(sm, 6, sm.length - 6);
                } else {
                    assertThat(p.udh()).isFalse();
                    joined.write(sm, 0, sm.length);
                }
                // one receipt per message, asked for on its last part
                assertThat(p.registeredDelivery() & 1).isEqualTo(i == parts.size() - 1 ? 1 : 0);
            }
            assertThat(SmsEncoding.decode(joined.toByteArray(), coding)).isEqualTo(body);
            assertThat(c.get("gateway_message_id")).isEqualTo(parts.get(parts.size() - 1).messageId());
            longOne |= parts.size() > 1;
            String expected = number.equals(PresetFixture.UNDELIVERABLE) ? "UNDELIVERED" : "DELIVERED";
            PresetFixture.await(() -> expected.equals(kindly.status(c.get("contact_id"))) ? expected : null);
        }
        assertThat(longOne).as("at least one reminder is longer than one SMS").isTrue();
        assertThat(smsc.binds.get()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void repliesStopAndTuidingOptTheNumberOut() throws Exception {
        smsc.mobileOriginated("+8613900000201", "Stop", false);
        smsc.mobileOriginated("+8613900000202", "退订", true);
        PresetFixture.await(() -> kindly.optedOut("+8613900000201") && kindly.optedOut("+8613900000202") ? true : null);
        assertThat(LedgerRows.query(kindly.app.ledgerDataSource(), "select action from kindly_inbound"
                + " where source = 'smpp-reply' order by received_at_utc"))
                .extracting(r -> r.get("action")).containsExactly("OPTED_OUT", "OPTED_OUT");
        assertThat(kindly.optedOut("+8613900000203")).isFalse();
    }

    @Test
    @Order(3)
    void whenTheSmscDropsTheLinkKindlyBindsAgainAndCarriesOn() throws Exception {
        int before = smsc.submits.size();
        smsc.dropAll();
        PresetFixture.await(() -> smsc.binds.get() == 2 ? true : null);
        // the next day's reminders go on the new session: only P3's, the others opted out
        LocalDate nov25 = PresetFixture.NOV_23.plusDays(2);
        kindly.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        kindly.app.runCycle(nov25);
        String p3 = LedgerRows.query(kindly.app.ledgerDataSource(), "select contact_id from kindly_contact"
                + " where channel = 'sms' and borrower_id = 'P3' and business_date = ?", nov25).get(0).get("contact_id");
        PresetFixture.await(() -> "UNDELIVERED".equals(kindly.status(p3)) ? true : null);
        assertThat(smsc.submits.size()).isGreaterThan(before);
        assertThat(smsc.submits.subList(before, smsc.submits.size()))
                .allSatisfy(s -> assertThat("+" + s.to()).isEqualTo(PresetFixture.UNDELIVERABLE));
        // and what the borrowers send comes in on it
        smsc.mobileOriginated("+8613900000203", "STOP", false);
        PresetFixture.await(() -> kindly.optedOut("+8613900000203") ? true : null);
        // no number, no message text, no password in the log, Kindly's or jsmpp's
        assertThat(RawLog.since(log)).doesNotContain("13900000201", "13900000202", "13900000203", PASSWORD,
                "friendly reminder", "温馨提醒");
    }
}
