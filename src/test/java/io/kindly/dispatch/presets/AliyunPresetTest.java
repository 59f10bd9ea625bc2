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
 * {@code kindly.channel.sms.preset = aliyun} against a loopback imitation of Alibaba Cloud's SendSms that checks the
 * RPC signature as Alibaba does and fills the registered template with TemplateParam: the text the borrower gets is the
 * text in the ledger. Receipts (SmsReport) and replies (SmsUp) come as JSON arrays, as Alibaba pushes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AliyunPresetTest {
    static final String KEY_ID = "LTAI5tKindlyTest0001";
    static final String SECRET = "aliyun-access-key-secret-0123";
    @TempDir
    static Path dir;
    final CloudSmsImitation aliyun = new CloudSmsImitation(KEY_ID, SECRET, TemplateModeFixture.registered(false));
    final TemplateModeFixture fixture = new TemplateModeFixture();

    @BeforeAll
    void start() {
        fixture.start(dir, aliyun, false, Map.of(
                "kindly.channel.sms.api-key", KEY_ID,
                "kindly.channel.sms.api-secret", SECRET));
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void theRegisteredTemplateFilledByAlibabaIsTheLedgersTextAndItsReceiptsSetTheStatus() throws Exception {
        List<Map<String, String>> contacts = fixture.kindly.smsContacts();
        assertThat(contacts).hasSize(PresetFixture.BORROWERS.size());
        StringBuilder report = new StringBuilder("[");
        for (Map<String, String> c : contacts) {
            assertThat(c.get("status")).as(c.get("borrower_id")).isEqualTo("SENT");
            CloudSmsImitation.Taken taken = aliyun.delivered.get(c.get("gateway_message_id"));
            assertThat(taken).isNotNull();
            assertThat(taken.text()).isEqualTo(fixture.body(c.get("contact_id")));
            assertThat(taken.reference()).isEqualTo(c.get("contact_id"));
            boolean failed = ("+" + taken.phone()).equals(PresetFixture.UNDELIVERABLE);
            report.append(report.length() > 1 ? "," : "").append("{\"phone_number\":\"").append(taken.phone())
                    .append("\",\"send_time\":\"2026-11-23 10:00:01\",\"report_time\":\"2026-11-23 10:00:05\",")
                    .append("\"success\":").append(!failed).append(",\"err_code\":\"")
                    .append(failed ? "MK:0001" : "DELIVERED").append("\",\"err_msg\":\"")
                    .append(failed ? "空号" : "用户接收成功").append("\",\"sms_size\":\"1\",\"biz_id\":\"")
                    .append(taken.id()).append("\",\"out_id\":\"").append(taken.reference()).append("\"}");
        }
        HttpResponse<String> answer = fixture.post("/inbound/sms/receipt", report.append("]").toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"code\":0");
        for (Map<String, String> c : contacts) {
            String expected = c.get("borrower_id").equals("P3") ? "UNDELIVERED" : "DELIVERED";
            PresetFixture.await(() -> expected.equals(fixture.kindly.status(c.get("contact_id"))) ? expected : null);
        }
    }

    @Test
    void repliesPushedAsAnArrayOptOut() throws Exception {
        HttpResponse<String> answer = fixture.post("/inbound/sms/reply", "[{\"phone_number\":\"13900000201\","
                + "\"send_time\":\"2026-11-23 10:05:00\",\"content\":\"TD\",\"sign_name\":\"示范贷\",\"dest_code\":\"1\","
                + "\"sequence_id\":1},{\"phone_number\":\"13900000202\",\"send_time\":\"2026-11-23 10:06:00\","
                + "\"content\":\"退订\",\"sign_name\":\"示范贷\",\"dest_code\":\"1\",\"sequence_id\":2}]");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(fixture.kindly.optedOut("+8613900000201")).isTrue();
        assertThat(fixture.kindly.optedOut("+8613900000202")).isTrue();
        assertThat(fixture.kindly.optedOut("+8613900000203")).isFalse();
    }
}
