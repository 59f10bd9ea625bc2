package io.kindly.ledger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.commons.csv.CSVFormat;
import io.kindly.shared.SpreadsheetCells;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes the ledger out as CSV or JSON, one entry per row, oldest first. Rows are streamed from the database, so an
 * export of any size runs in constant memory.
 *
 * <p>The columns are the evidence for each decision and send: when (UTC and the borrower's local time), who, which
 * loan, stage and channel, to which address, with which template version, exactly what was said, and what came of it.
 *
 * <p>CSV cells that a spreadsheet would take for a formula (beginning with =, +, -, @, a tab or a carriage return: a
 * phone number in E.164, or whatever a lender's data or a borrower's reply holds) are written with a leading apostrophe
 * ({@link SpreadsheetCells}); JSON is written as stored.
 */
public final class LedgerExport {
    /** Export column, and the ledger column it comes from. */
    private record Column(String header, String sql) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("entry_id", "entry_id"),
            new Column("recorded_at_utc", "recorded_at_utc"),
            new Column("local_time", "local_time"),
            new Column("time_zone", "time_zone"),
            new Column("run_id", "run_id"),
            new Column("business_date", "business_date"),
            new Column("borrower_id", "borrower_id"),
            new Column("loan_id", "loan_id"),
            new Column("stage", "stage"),
            new Column("channel", "channel"),
            new Column("status", "status"),
            new Column("reason", "reason"),
            new Column("detail", "detail"),
            new Column("recipient", "recipient"),
            new Column("template", "template"),
            new Column("template_hash", "template_hash"),
            new Column("locale", "locale"),
            new Column("subject", "subject"),
            new Column("body", "body"),
            new Column("body_html", "body_html"),
            new Column("content_hash", "content_hash"),
            new Column("gateway_message_id", "gateway_message_id"),
            new Column("error", "error"),
            new Column("source_ref", "source_ref"),
            new Column("policy_profile", "policy_profile"),
            new Column("not_before_utc", "not_before_utc"),
            new Column("contact_id", "contact_id"));

    public enum Format { CSV, JSON }

    private final DataSource ds;

    public LedgerExport(DataSource ds) {
        this.ds = ds;
    }

    public static List<String> headers() {
        return COLUMNS.stream().map(Column::header).toList();
    }

    /**
     * @param loanId only this loan's entries, or all when null
     * @param runId  only this run's entries, or all when null
     * @return the number of entries written
     */
    public long write(Format format, String loanId, String runId, OutputStream out) throws IOException, SQLException {
        StringBuilder sql = new StringBuilder("select ");
        sql.append(String.join(", ", COLUMNS.stream().map(Column::sql).toList()));
        sql.append(" from kindly_ledger_entry where 1 = 1");
        List<String> params = new ArrayList<>();
        if (loanId != null) {
            sql.append(" and loan_id = ?");
            params.add(loanId);
        }
        if (runId != null) {
            sql.append(" and run_id = ?");
            params.add(runId);
        }
        sql.append(" order by entry_id");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(500);
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return format == Format.CSV ? csv(rs, out) : json(rs, out);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static long csv(ResultSet rs, OutputStream out) throws IOException, SQLException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(
                headers().toArray(String[]::new)).get());
        long n = 0;
        while (rs.next()) {
            List<String> row = new ArrayList<>(COLUMNS.size());
            for (int i = 1; i <= COLUMNS.size(); i++) {
                row.add(SpreadsheetCells.text(text(rs, i)));
            }
            printer.printRecord(row);
            n++;
        }
        printer.flush();
        return n;
    }

    private static long json(ResultSet rs, OutputStream out) throws IOException, SQLException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        long n = 0;
        while (rs.next()) {
            g.writeStartObject();
            for (int i = 1; i <= COLUMNS.size(); i++) {
                String header = COLUMNS.get(i - 1).header();
                if (header.equals("entry_id")) {
                    g.writeNumberField(header, rs.getLong(i));
                } else {
                    g.writeStringField(header, text(rs, i));
                }
            }
            g.writeEndObject();
            n++;
        }
        g.writeEndArray();
        g.writeRaw('\n');
        g.flush();
        return n;
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().atOffset(ZoneOffset.UTC).toString();
        }
        if (v instanceof java.time.LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC).toString();
        }
        if (v instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return v.toString();
    }

}
