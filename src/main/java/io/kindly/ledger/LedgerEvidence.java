package io.kindly.ledger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One loan's evidence bundle, for a regulator or a court: every ledger entry of the loan (each decision and each send
 * attempt, with what was said, to which address, when in UTC and in the borrower's time, under which template
 * version, and what came of it) with its place in the loan's hash chain, as JSON ({@code evidence.json}) and as one
 * readable page ({@code evidence.html}), a script that checks the chain with nothing but Python
 * ({@code verify.py}), and the SHA-256 of each file ({@code SHA256SUMS}, for {@code sha256sum -c}).
 *
 * <p>The JSON repeats, for each entry, the exact fields its two hashes are taken over, in order ({@link EntryHash}),
 * so a reader recomputes them without knowing Kindly's tables.
 */
public final class LedgerEvidence {
    /** What was written: the number of entries and the files. */
    public record Bundle(int entries, List<Path> files) {
    }

    private record Entry(long entryId, Map<String, String> columns, List<String[]> personalFields,
            List<String[]> entryFields) {
    }

    private final DataSource ds;

    public LedgerEvidence(DataSource ds) {
        this.ds = ds;
    }

    public Bundle write(String loanId, Path dir, Optional<LedgerCheckpoints.Checkpoint> checkpoint, Instant now)
            throws SQLException, IOException {
        List<Entry> entries = read(loanId);
        Files.createDirectories(dir);
        String chainId = EntryRow.chainOf(loanId);
        Optional<LedgerCheckpoints.Head> anchored = checkpoint.map(cp -> cp.heads().get(chainId));
        Path json = dir.resolve("evidence.json");
        try (OutputStream out = Files.newOutputStream(json)) {
            json(out, loanId, chainId, entries, checkpoint, anchored.orElse(null), now);
        }
        Path html = dir.resolve("evidence.html");
        Files.writeString(html, html(loanId, chainId, entries, checkpoint, anchored.orElse(null), now),
                StandardCharsets.UTF_8);
        Path script = dir.resolve("verify.py");
        try (InputStream in = LedgerEvidence.class.getResourceAsStream("evidence-verify.py")) {
            Files.write(script, in.readAllBytes());
        }
        StringBuilder sums = new StringBuilder();
        for (Path f : List.of(json, html, script)) {
            sums.append(EntryHash.sha256(Files.readAllBytes(f))).append("  ").append(f.getFileName()).append('\n');
        }
        Path sumsFile = dir.resolve("SHA256SUMS");
        Files.writeString(sumsFile, sums.toString(), StandardCharsets.US_ASCII);
        return new Bundle(entries.size(), List.of(json, html, script, sumsFile));
    }

    private List<Entry> read(String loanId) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        String sql = "select entry_id, chain_id, chain_seq, prev_hash, personal_salt, personal_hash, entry_hash,"
                + " erased_at_utc, " + EntryRow.COLUMNS + " from kindly_ledger_entry where loan_id = ? order by entry_id";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, loanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EntryRow row = EntryRow.read(rs, 9);
                    String chain = rs.getString(2);
                    long seqValue = rs.getLong(3);
                    String seq = rs.wasNull() ? null : Long.toString(seqValue);
                    Object erased = rs.getObject(8);
                    Map<String, String> columns = new LinkedHashMap<>();
                    columns.put("entry_id", Long.toString(rs.getLong(1)));
                    columns.put("recorded_at_utc", EntryHash.time(row.recordedAt()));
                    columns.put("local_time", row.localTime());
                    columns.put("time_zone", row.timeZone());
                    columns.put("run_id", row.runId());
                    columns.put("contact_id", row.contactId());
                    columns.put("business_date", row.businessDate() == null ? null : row.businessDate().toString());
                    columns.put("borrower_id", row.borrowerId());
                    columns.put("loan_id", row.loanId());
                    columns.put("stage", row.stage());
                    columns.put("channel", row.channel());
                    columns.put("status", row.status());
                    columns.put("reason", row.reason());
                    columns.put("detail", row.detail());
                    columns.put("recipient", row.recipient());
                    columns.put("template", row.template());
                    columns.put("template_hash", row.templateHash());
                    columns.put("locale", row.locale());
                    columns.put("subject", row.subject());
                    columns.put("body", row.body());
                    columns.put("body_html", row.bodyHtml());
                    columns.put("content_hash", row.contentHash());
                    columns.put("gateway_message_id", row.gatewayMessageId());
                    columns.put("error", row.error());
                    columns.put("source_ref", row.sourceRef());
                    columns.put("policy_profile", row.policyProfile());
                    columns.put("not_before_utc", EntryHash.time(row.notBefore()));
                    columns.put("chain_id", chain);
                    columns.put("chain_seq", seq);
                    columns.put("prev_hash", rs.getString(4));
                    columns.put("personal_hash", rs.getString(6));
                    columns.put("entry_hash", rs.getString(7));
                    columns.put("erased", erased == null ? "false" : "true");
                    List<String[]> personal = List.of(new String[] {"salt", rs.getString(5)},
                            new String[] {"recipient", row.recipient()}, new String[] {"subject", row.subject()},
                            new String[] {"body", row.body()}, new String[] {"body_html", row.bodyHtml()},
                            new String[] {"detail", row.detail()}, new String[] {"error", row.error()});
                    List<String[]> sealed = new ArrayList<>();
                    for (String name : List.of("chain_id", "chain_seq", "prev_hash", "recorded_at_utc", "local_time",
                            "time_zone", "run_id", "contact_id", "business_date", "borrower_id", "loan_id", "stage",
                            "channel", "status", "reason", "template", "template_hash", "locale", "content_hash",
                            "gateway_message_id", "source_ref", "policy_profile", "not_before_utc", "personal_hash")) {
                        sealed.add(new String[] {name, columns.get(name)});
                    }
                    entries.add(new Entry(rs.getLong(1), columns, personal, sealed));
                }
            }
        }
        return entries;
    }

    private static void json(OutputStream out, String loanId, String chainId, List<Entry> entries,
            Optional<LedgerCheckpoints.Checkpoint> checkpoint, LedgerCheckpoints.Head anchored, Instant now)
            throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("format", "kindly-evidence-v1");
        g.writeStringField("loan_id", loanId);
        g.writeStringField("chain_id", chainId);
        g.writeStringField("written_at_utc", now.toString());
        g.writeStringField("hash_format", "README.md, 'Tamper evidence': kindly-entry-v1 and kindly-personal-v1;"
                + " each field written as name:-\\n when null, else name:<UTF-8 byte length>:<value>\\n");
        if (checkpoint.isPresent()) {
            g.writeObjectFieldStart("checkpoint");
            g.writeStringField("file", checkpoint.get().file().getFileName().toString());
            g.writeStringField("created_at_utc", checkpoint.get().createdAt().toString());
            if (anchored != null) {
                g.writeNumberField("chain_entries", anchored.entries());
                g.writeStringField("chain_head_hash", anchored.hash());
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("entries");
        for (Entry e : entries) {
            g.writeStartObject();
            for (Map.Entry<String, String> col : e.columns().entrySet()) {
                g.writeStringField(col.getKey(), col.getValue());
            }
            fields(g, "personal_fields", e.personalFields());
            fields(g, "entry_fields", e.entryFields());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void fields(JsonGenerator g, String name, List<String[]> fields) throws IOException {
        g.writeArrayFieldStart(name);
        for (String[] f : fields) {
            g.writeStartArray();
            g.writeString(f[0]);
            g.writeString(f[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static String html(String loanId, String chainId, List<Entry> entries,
            Optional<LedgerCheckpoints.Checkpoint> checkpoint, LedgerCheckpoints.Head anchored, Instant now) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Kindly evidence: loan " + esc(loanId) + "</title><style>body{font-family:sans-serif;"
                + "margin:2em}table{border-collapse:collapse;margin-bottom:1.5em;width:100%}th,td{border:1px solid #bbb;"
                + "padding:4px 8px;text-align:left;vertical-align:top}th{background:#eee;width:14em}"
                + "pre{white-space:pre-wrap;margin:0}.hash{font-family:monospace;font-size:85%}</style></head><body>\n");
        h.append("<h1>Contact record for loan ").append(esc(loanId)).append("</h1>\n<p>Written ")
                .append(esc(now.toString())).append(" from Kindly's ledger: ").append(entries.size())
                .append(" entries, oldest first, each a decision or a send attempt. Each entry is sealed into the loan's"
                        + " hash chain (<code>").append(esc(chainId)).append("</code>): its hash covers its contents and"
                        + " the previous entry's hash. <code>verify.py</code> beside this page checks the chain;"
                        + " <code>SHA256SUMS</code> the files.</p>\n");
        if (checkpoint.isPresent()) {
            h.append("<p>Signed checkpoint <code>").append(esc(checkpoint.get().file().getFileName().toString()))
                    .append("</code> of ").append(esc(checkpoint.get().createdAt().toString()));
            if (anchored != null) {
                h.append(" records this chain at ").append(anchored.entries()).append(" entries, last hash <span"
                        + " class=\"hash\">").append(esc(anchored.hash())).append("</span>");
            } else {
                h.append(" was written before this loan's first entry");
            }
            h.append(".</p>\n");
        }
        for (Entry e : entries) {
            Map<String, String> c = e.columns();
            h.append("<h2>").append(esc(c.get("chain_seq"))).append(". ").append(esc(c.get("status")))
                    .append(c.get("reason") == null ? "" : " " + esc(c.get("reason"))).append(" &middot; ")
                    .append(esc(c.get("channel") == null ? "source row" : c.get("channel"))).append(" &middot; ")
                    .append(esc(c.get("local_time") == null ? c.get("recorded_at_utc") + " UTC" : c.get("local_time")))
                    .append("</h2>\n<table>\n");
            for (Map.Entry<String, String> col : c.entrySet()) {
                if (col.getValue() == null || col.getKey().equals("erased") && col.getValue().equals("false")) {
                    continue;
                }
                boolean text = col.getKey().equals("body") || col.getKey().equals("body_html")
                        || col.getKey().equals("detail") || col.getKey().equals("error");
                boolean hash = col.getKey().endsWith("_hash");
                h.append("<tr><th>").append(esc(col.getKey())).append("</th><td>")
                        .append(text ? "<pre>" : hash ? "<span class=\"hash\">" : "")
                        .append(esc(col.getValue())).append(text ? "</pre>" : hash ? "</span>" : "")
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** HTML-escaped: the HTML body of an email is shown as its source, never rendered. */
    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
