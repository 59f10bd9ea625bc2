package io.kindly.dispatch.presets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kindly.channel.sms.preset = tencent} against a loopback imitation of Tencent Cloud's SendSms (API 3.0) that
 * checks the TC3-HMAC-SHA256 signature as Tencent does and fills the registered template's {1}, {2}, ... from
 * TemplateParamSet: the text the borrower gets is the text in the ledger. Status reports and replies come as JSON
 * arrays, as Tencent pushes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TencentPresetTest {
    static final String SECRET_ID = "AKIDkindlyTest0000000000000000000001";
    static final String SECRET_KEY = "tencent-secret-key-0123456789";
    @TempDir
    static Path dir;
    final CloudSmsImitation tencent = new CloudSmsImitation(SECRET_ID, SECRET_KEY, TemplateModeFixture.registered(true));
    final TemplateModeFixture fixture = new TemplateModeFixture();

    @BeforeAll
    void start() {
        fixture.start(dir, tencent, true, Map.of(
                "kindly.channel.sms.api-key", SECRET_ID,
                "kindly.channel.sms.api-secret", SECRET_KEY,
                "kindly.channel.sms.app-id", "1400000001"));
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void theRegisteredTemplateFilledByTencentIsTheLedgersTextAndItsReportsSetTheStatus() throws Exception {
        List<Map<String, String>> contacts = fixture.kindly.smsContacts();
        assertThat(contacts).hasSize(PresetFixture.BORROWERS.size());
        StringBuilder report = new StringBuilder("[");
        for (Map<String, String> c : contacts) {
            assertThat(c.get("status")).as(c.get("borrower_id")).isEqualTo("SENT");
            CloudSmsImitation.Taken taken = tencent.delivered.get(c.get("gateway_message_id"));
            assertThat(taken).isNotNull();
            assertThat(taken.text()).isEqualTo(fixture.body(c.get("contact_id")));
            assertThat(taken.reference()).isEqualTo(c.get("contact_id"));
            assertThat(taken.phone()).startsWith("+86");
            boolean failed = taken.phone().equals(PresetFixture.UNDELIVERABLE);
            report.append(report.length() > 1 ? "," : "").append("{\"user_receive_time\":\"2026-11-23 10:00:05\",")
                    .append("\"nationcode\":\"86\",\"mobile\":\"").append(taken.phone().substring(3))
                    .append("\",\"report_status\":\"").append(failed ? "FAIL" : "SUCCESS").append("\",\"errmsg\":\"")
                    .append(failed ? "MN:0001" : "DELIVRD").append("\",\"description\":\"")
                    .append(failed ? "空号" : "用户短信送达成功").append("\",\"sid\":\"").append(taken.id()).append("\"}");
        }
        HttpResponse<String> answer = fixture.post("/inbound/sms/receipt", report.append("]").toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"result\":0");
        for (Map<String, String> c : contacts) {
            String expected = c.get("borrower_id").equals("P3") ? "UNDELIVERED" : "DELIVERED";
            PresetFixture.await(() -> expected.equals(fixture.kindly.status(c.get("contact_id"))) ? expected : null);
        }
    }

    @Test
    void repliesPushedAsAnArrayOptOut() throws Exception {
        HttpResponse<String> answer = fixture.post("/inbound/sms/reply", "[{\"extend\":\"\",\"mobile\":\"13900000201\","
                + "\"nationcode\":\"86\",\"sign\":\"示范贷\",\"text\":\"STOP\",\"time\":1795400000},{\"extend\":\"\","
                + "\"mobile\":\"13900000202\",\"nationcode\":\"86\",\"sign\":\"示范贷\",\"text\":\"退订\",\"time\":1795400001}]");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(fixture.kindly.optedOut("+8613900000201")).isTrue();
        assertThat(fixture.kindly.optedOut("+8613900000202")).isTrue();
    }
}
