package io.kindly.preview;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.apache.commons.csv.CSVFormat;
import io.kindly.shared.SpreadsheetCells;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A preview as a text table, as CSV, as JSON (the admin API's {@code GET /admin/preview}), or as one self-contained HTML
 * page for a compliance officer.
 */
public final class PreviewWriter {
    public enum Format { TABLE, CSV, JSON, HTML }

    static final List<String> DECISIONS = List.of("SEND", "DEFER", "SUPPRESS", "SKIP", "FAIL");
    private static final List<String> CSV_COLUMNS = List.of("business_date", "loan_id", "borrower_id", "stage",
            "channel", "decision", "reason", "detail", "not_before_utc", "not_before_local", "profile", "recipient",
            "locale", "template", "template_hash", "subject", "body", "body_html", "source_ref", "contact_id");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private PreviewWriter() {
    }

    public static void write(PreviewResult result, Format format, Writer out) {
        try {
            switch (format) {
                case TABLE -> table(result, out);
                case CSV -> csv(result, out);
                case JSON -> json(result, out);
                case HTML -> html(result, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String title(PreviewResult r) {
        ZonedDateTime at = r.at().atZone(r.zone());
        return "Kindly preview of the cycle for " + r.businessDate() + ", as at " + at.format(WHEN) + " " + r.zone();
    }

    // ------------------------------------------------------------------------------------------------- table

    private static void table(PreviewResult r, Writer out) throws IOException {
        PreviewReport report = r.report();
        List<PreviewRow> rows = report.rows();
        out.write(title(r) + "\nNothing was sent and nothing was recorded. " + capitalised(report.ledgerNote()) + ".\n");
        if (report.alreadyHandled() > 0) {
            out.write(report.alreadyHandled() + " planned messages were already sent or tried by an earlier run and "
                    + "would be left alone.\n");
        }
        out.write("\n");
        counts(out, "channel", report.countsBy(PreviewRow::channel));
        counts(out, "stage", report.countsBy(PreviewRow::stage));
        out.write("Outcome and reason\n");
        for (Map.Entry<String, Integer> e : report.reasons().entrySet()) {
            out.write(String.format(Locale.ROOT, "  %-36s %6d%n", e.getKey(), e.getValue()));
        }
        out.write(String.format(Locale.ROOT, "%n%-14s %-12s %-12s %-7s %-9s %-22s %-28s %s%n", "LOAN", "BORROWER",
                "STAGE", "CHANNEL", "DECISION", "REASON", "UNTIL", "TO"));
        for (PreviewRow row : rows) {
            out.write(String.format(Locale.ROOT, "%-14s %-12s %-12s %-7s %-9s %-22s %-28s %s%n", dash(row.loanId()),
                    dash(row.borrowerId()), dash(row.stage()), dash(row.channel()), row.decision(), dash(row.reason()),
                    dash(row.localTime()), dash(row.recipient())));
            if (row.detail() != null && row.decision() != PreviewRow.Decision.SEND) {
                out.write("    why: " + row.detail() + "\n");
            }
            if (row.subject() != null) {
                out.write("    subject: " + row.subject() + "\n");
            }
            if (row.body() != null) {
                out.write("    " + (row.decision() == PreviewRow.Decision.DEFER ? "would say" : "says") + " ("
                        + row.locale() + ", " + row.template() + "): "
                        + row.body().replace("\n", "\n      ") + "\n");
            }
        }
    }

    private static void counts(Writer out, String by, Map<String, Map<String, Integer>> counts) throws IOException {
        out.write(String.format(Locale.ROOT, "%-16s", "By " + by));
        for (String d : DECISIONS) {
            out.write(String.format(Locale.ROOT, " %9s", d));
        }
        out.write("\n");
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            out.write(String.format(Locale.ROOT, "  %-14s", e.getKey()));
            for (String d : DECISIONS) {
                out.write(String.format(Locale.ROOT, " %9d", e.getValue().getOrDefault(d, 0)));
            }
            out.write("\n");
        }
        out.write("\n");
    }

    // --------------------------------------------------------------------------------------------------- csv

    private static void csv(PreviewResult r, Writer out) throws IOException {
        // not closed: the writer belongs to the caller
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(CSV_COLUMNS.toArray(String[]::new)).get());
        for (PreviewRow row : r.report().rows()) {
            // cells a spreadsheet would read as a formula are written as text, as in the ledger export
            csv.printRecord(java.util.stream.Stream.of(row.businessDate(), row.loanId(), row.borrowerId(), row.stage(),
                    row.channel(), row.decision(), row.reason(), row.detail(), row.notBefore(), row.localTime(),
                    row.profile(), row.recipient(), row.locale(), row.template(), row.templateHash(), row.subject(),
                    row.body(), row.html(), row.sourceRef(), row.contactId()).map(SpreadsheetCells::text).toList());
        }
        csv.flush();
    }

    // -------------------------------------------------------------------------------------------------- json

    /**
     * The same facts as the table: what was asked, the counts, and one object per planned message with the CSV's
     * fields (camelCase). Times are ISO 8601: {@code at} and {@code notBefore} in UTC, {@code atLocal} in the zone.
     */
    private static void json(PreviewResult r, Writer out) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
        PreviewReport report = r.report();
        root.put("title", title(r));
        root.put("businessDate", r.businessDate().toString());
        root.put("at", r.at().toString());
        root.put("atLocal", r.at().atZone(r.zone()).toOffsetDateTime().toString());
        root.put("zone", r.zone().getId());
        root.put("ledgerNote", capitalised(report.ledgerNote()));
        root.put("alreadyHandled", report.alreadyHandled());
        com.fasterxml.jackson.databind.node.ObjectNode counts = root.putObject("counts");
        counts.set("byChannel", mapper.valueToTree(report.countsBy(PreviewRow::channel)));
        counts.set("byStage", mapper.valueToTree(report.countsBy(PreviewRow::stage)));
        counts.set("byOutcome", mapper.valueToTree(report.reasons()));
        com.fasterxml.jackson.databind.node.ArrayNode messages = root.putArray("messages");
        for (PreviewRow row : report.rows()) {
            messages.addObject()
                    .put("contactId", row.contactId())
                    .put("businessDate", row.businessDate() == null ? null : row.businessDate().toString())
                    .put("loanId", row.loanId())
                    .put("borrowerId", row.borrowerId())
                    .put("stage", row.stage())
                    .put("channel", row.channel())
                    .put("decision", row.decision().name())
                    .put("reason", row.reason())
                    .put("detail", row.detail())
                    .put("notBefore", row.notBefore() == null ? null : row.notBefore().toString())
                    .put("notBeforeLocal", row.localTime())
                    .put("profile", row.profile())
                    .put("recipient", row.recipient())
                    .put("locale", row.locale())
                    .put("template", row.template())
                    .put("templateHash", row.templateHash())
                    .put("subject", row.subject())
                    .put("body", row.body())
                    .put("bodyHtml", row.html())
                    .put("sourceRef", row.sourceRef());
        }
        mapper.writeValue(new NonClosing(out), root);
    }

    /** Jackson closes what it writes to; the writer belongs to the caller. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    // -------------------------------------------------------------------------------------------------- html

    private static void html(PreviewResult r, Writer out) throws IOException {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(PreviewWriter.class, "");
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        cfg.setNumberFormat("computer");
        cfg.setRecognizeStandardFileExtensions(true);
        PreviewReport report = r.report();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", title(r));
        model.put("ledgerNote", capitalised(report.ledgerNote()));
        model.put("alreadyHandled", report.alreadyHandled());
        model.put("decisions", DECISIONS);
        model.put("byChannel", report.countsBy(PreviewRow::channel));
        model.put("byStage", report.countsBy(PreviewRow::stage));
        model.put("reasons", report.reasons());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PreviewRow row : report.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loanId", dash(row.loanId()));
            m.put("borrowerId", dash(row.borrowerId()));
            m.put("stage", dash(row.stage()));
            m.put("channel", dash(row.channel()));
            m.put("decision", row.decision().name());
            m.put("reason", row.reason() == null ? "" : row.reason());
            m.put("detail", row.detail() == null ? "" : row.detail());
            m.put("until", row.localTime() == null ? "" : row.localTime());
            m.put("recipient", row.recipient() == null ? "" : row.recipient());
            m.put("profile", row.profile() == null ? "" : row.profile());
            m.put("locale", row.locale() == null ? "" : row.locale());
            m.put("template", row.template() == null ? "" : row.template());
            m.put("templateHash", row.templateHash() == null ? "" : row.templateHash().substring(0, 12));
            m.put("subject", row.subject() == null ? "" : row.subject());
            m.put("body", row.body() == null ? "" : row.body());
            m.put("html", row.html() == null ? "" : row.html());
            m.put("sourceRef", row.sourceRef() == null ? "" : row.sourceRef());
            rows.add(m);
        }
        model.put("rows", rows);
        try {
            cfg.getTemplate("preview-report.ftlh").process(model, out);
        } catch (TemplateException e) {
            throw new IllegalStateException("the preview page could not be written: " + e.getMessage(), e);
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
