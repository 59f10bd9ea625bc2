package io.kindly.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.domain.Status;
import io.kindly.support.TestDatabases;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A ledger export of hostile values opens in a spreadsheet as text, never as a formula (OWASP "CSV injection"). */
class LedgerExportTest {
    @TempDir
    Path dir;

    @Test
    void hostileValuesAreWrittenSoNoCellStartsWithAFormulaCharacter() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.h2(dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            JdbcLedgerStore store = new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node");
            Account hostile = new Account("=HYPERLINK(\"http://evil.example\",\"B\")", "+cmd|' /C calc'!A0",
                    "@SUM(1+1)", Checked.ok(Locale.ENGLISH), ZoneId.of("Asia/Shanghai"), Checked.ok("+8613800138000"),
                    Checked.ok("-x@example.com"), Checked.ok("\t=1+1"), new BigDecimal("10.00"),
                    Currency.getInstance("CNY"), LedgerStoreTest.DATE, 0, "https://pay.example.com",
                    "\r=row 1", List.of());
            Contact c = new Contact(hostile, new Stage("due-today", 0, List.of(Channel.SMS), "due-today"),
                    Channel.SMS, LedgerStoreTest.DATE, "run-1");
            c.recipient("+8613800138000");
            c.message(new Message("due-today/sms_en.ftl", "a".repeat(64), Locale.ENGLISH, "=1+1", "-HELLO", "@x"));
            assertThat(store.claim(c)).isTrue();
            store.recordOutcome(c, Status.FAILED, Reason.GATEWAY_REJECTED, "=gw", "@error");

            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            new LedgerExport(ds).write(LedgerExport.Format.CSV, null, null, csv);
            List<String> cells = new ArrayList<>();
            try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv.toString(StandardCharsets.UTF_8)))) {
                for (CSVRecord r : parser.getRecords()) {
                    r.forEach(cells::add);
                    assertThat(r.get("borrower_id")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"B\")");
                    assertThat(r.get("loan_id")).isEqualTo("'+cmd|' /C calc'!A0");
                    assertThat(r.get("recipient")).isEqualTo("'+8613800138000");
                }
            }
            assertThat(cells).hasSizeGreaterThan(40)
                    .noneMatch(cell -> !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0);

            // JSON is written as stored
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            new LedgerExport(ds).write(LedgerExport.Format.JSON, null, null, json);
            JsonNode first = new ObjectMapper().readTree(json.toByteArray()).get(0);
            assertThat(first.get("loan_id").asText()).isEqualTo("+cmd|' /C calc'!A0");
        }
    }
}
