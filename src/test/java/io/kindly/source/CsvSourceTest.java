package io.kindly.source;

import io.kindly.domain.Channel;
import io.kindly.domain.Status;
import io.kindly.cycle.CycleSummary;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second source: an account export dropped as CSV into a folder. The cycle reads the oldest waiting file, row by
 * row, and moves it to done/; a malformed row is skipped with its reason and the rest go ahead.
 */
class CsvSourceTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    @Test
    void aDroppedExportIsReadRowByRowAndMovedAway() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        // the lender's own column names, mapped in config as for the SQL source; one row has a bad due date
        Files.writeString(inbox.resolve("accounts-2026-11-23.csv"), """
                cust_no,loan_no,full_name,lang,tz,mobile_no,email_addr,app_uid,outstanding,ccy,due_on,dpd,pay_url,employer_name
                C1,L-CSV-1,"Wang, Fang",zh-CN,Asia/Shanghai,+86 138 0013 8000,wang.fang@example.com,,980.50,CNY,2026-11-26,0,https://pay.example.com/l/1,Acme Ltd
                C2,L-CSV-2,Chen Yi-Jun,zh-TW,Asia/Taipei,+886 912 345 678,,,1500,TWD,2026-11-23,0,,Foo Corp
                C3,L-CSV-3,Broken Date,en,Europe/London,+44 7911 123456,b@example.com,,10,GBP,23/11/2026,0,,
                C4,L-CSV-4,Not Today,en,Europe/London,+44 7911 123457,c@example.com,,10,GBP,2026-11-30,0,,
                """, StandardCharsets.UTF_8);

        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> Response.json(200, "{\"messageId\":\"x\"}"));
                KindlyTestApp app = KindlyTestApp.in(dir)
                        .clock(Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC))
                        .property("kindly.source.type", "csv")
                        .property("kindly.demo.enabled", "false")
                        .property("kindly.channel.sms.url", gateway.url("/sms"))
                        .property("kindly.channel.email.enabled", "false")
                        .property("kindly.channel.inapp.enabled", "false")
                        .start()) {

            CycleSummary summary = app.runCycle(DATE);

            assertThat(summary.accountsRead()).isEqualTo(4);
            assertThat(summary.rowsRejected()).isEqualTo(1);
            assertThat(summary.count(Channel.SMS, Status.SENT)).isEqualTo(2);
            assertThat(gateway.requests()).hasSize(2);
            List<Map<String, String>> rejected = LedgerRows.entries(app.ledgerDataSource(), "reason = 'ROW_INVALID'");
            assertThat(rejected).singleElement().satisfies(e -> {
                assertThat(e.get("loan_id")).isEqualTo("L-CSV-3");
                assertThat(e.get("detail")).contains("due_date: '23/11/2026' is not a date");
                assertThat(e.get("source_ref")).isEqualTo("accounts-2026-11-23.csv record 3");
            });
            assertThat(LedgerRows.entries(app.ledgerDataSource(), "status = 'SENT'")).extracting(e -> e.get("stage"))
                    .containsExactlyInAnyOrder("before-3", "due-today");
            // the employer column in the export reached nothing
            assertThat(gateway.requests()).noneMatch(r -> r.bodyText().contains("Acme") || r.bodyText().contains("Foo"));

            assertThat(inbox.resolve("accounts-2026-11-23.csv")).doesNotExist();
            try (var done = Files.list(inbox.resolve("done"))) {
                assertThat(done).singleElement().satisfies(f ->
                        assertThat(f.getFileName().toString()).endsWith("-accounts-2026-11-23.csv"));
            }

            // with nothing waiting, a cycle reads nothing and says so in the log, rather than failing
            CycleSummary empty = app.runCycle(DATE);
            assertThat(empty.accountsRead()).isZero();
        }
    }
}
