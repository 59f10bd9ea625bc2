package io.kindly.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindly.cycle.Cycles;
import io.kindly.db.LedgerException;
import io.kindly.domain.CycleRun;
import io.kindly.preview.PreviewResult;
import io.kindly.preview.PreviewWriter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The admin API's runs (routes/admin.camel.yaml): a cycle now, for a business date, through the same route as the
 * schedule's ({@code direct:kindly-cycle}, handed over by the route's wireTap so that the request is answered at once);
 * a run's record; and the preview, as JSON.
 */
public final class AdminRuns {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRuns.class);
    /** The trigger recorded for a run asked for through the admin API. */
    public static final String TRIGGER = "admin";

    /** Runs a preview for a business date (null: today in the cycle's zone) at a time of day (null: as the CLI). */
    @FunctionalInterface
    public interface Previews {
        PreviewResult run(LocalDate date, LocalTime at);
    }

    private final Cycles cycles;
    private final DataSource ledger;
    private final Previews previews;
    /** The run this API has handed to the cycle route and not yet seen end (begun or not). */
    private final AtomicReference<String> handedOver = new AtomicReference<>();
    private final AtomicBoolean previewing = new AtomicBoolean();

    public AdminRuns(Cycles cycles, DataSource ledger, Previews previews) {
        this.cycles = cycles;
        this.ledger = ledger;
        this.previews = previews;
    }

    /**
     * POST /admin/cycles {"date": "YYYY-MM-DD", "why"}: checks the request and that no cycle is running in this
     * Kindly (scheduled or asked for: 409), then sets the headers the cycle route reads (business date, trigger
     * {@value #TRIGGER}, the run id it is to have, who asked and why) for the route's wireTap to hand over.
     */
    public void startCycle(Exchange exchange) throws AdminException {
        JsonNode body = AdminApi.body(exchange);
        String dateText = AdminApi.text(body, "date", true, 10);
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new AdminException(400, "date: a date, YYYY-MM-DD");
        }
        String why = AdminApi.text(body, "why", true, AdminApi.WHY_MAX);
        String who = exchange.getProperty(AdminApi.WHO, String.class);
        String runId = UUID.randomUUID().toString();
        Optional<CycleRun> running = cycles.running();
        if (running.isPresent()) {
            throw new AdminException(409, "a cycle is running (" + running.get().runId() + ", business date "
                    + running.get().businessDate() + "); ask again once it has finished");
        }
        if (!handedOver.compareAndSet(null, runId)) {
            throw new AdminException(409, "a cycle asked for through this API is starting (" + handedOver.get()
                    + "); ask again once it has finished");
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        message.setHeader(Cycles.TRIGGER, TRIGGER);
        message.setHeader(Cycles.BUSINESS_DATE, date.toString());
        message.setHeader(Cycles.RUN_ID, runId);
        message.setHeader(Cycles.REQUESTED_BY, who);
        message.setHeader(Cycles.REQUEST_NOTE, why);
        LOG.info("{} asked for cycle {} for business date {}", who, runId, date);
    }

    /** After the hand-over: 202 with the run's id and where to follow it. */
    public void cycleStarted(Exchange exchange) {
        var message = exchange.getMessage();
        ObjectNode answer = AdminApi.JSON.createObjectNode()
                .put("runId", message.getHeader(Cycles.RUN_ID, String.class))
                .put("businessDate", message.getHeader(Cycles.BUSINESS_DATE, String.class))
                .put("requestedBy", message.getHeader(Cycles.REQUESTED_BY, String.class))
                .put("why", message.getHeader(Cycles.REQUEST_NOTE, String.class))
                .put("status", "started");
        String location = "/admin/cycles/" + answer.get("runId").asText();
        AdminApi.answer(exchange, 202, answer);
        message.setHeader("Location", location);
    }

    /** The last step of the handed-over cycle, however it ended: another may be asked for. */
    public void cycleEnded(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(Cycles.RUN_ID, String.class);
        handedOver.compareAndSet(runId, null);
        MDC.remove(Cycles.RUN_KEY);
        MDC.remove(Cycles.CONTACT_KEY);
    }

    /** GET /admin/cycles/{id}: a run as the ledger records it (any run, however started). */
    public void cycle(Exchange exchange) throws AdminException {
        String id = AdminApi.requiredId(exchange);
        String sql = "select run_id, business_date, trigger_kind, node, started_at_utc, finished_at_utc, outcome,"
                + " accounts_read, error, requested_by, request_note from kindly_cycle_run where run_id = ?";
        ObjectNode run = AdminApi.JSON.createObjectNode();
        try (Connection c = ledger.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AdminException(404, "no run with this id");
                }
                run.put("runId", rs.getString(1))
                        .put("businessDate", rs.getObject(2, LocalDate.class).toString())
                        .put("trigger", rs.getString(3))
                        .put("node", rs.getString(4))
                        .put("startedAt", utc(rs.getObject(5, LocalDateTime.class)))
                        .put("finishedAt", utc(rs.getObject(6, LocalDateTime.class)))
                        .put("outcome", rs.getString(7));
                int read = rs.getInt(8);
                if (rs.wasNull()) {
                    run.putNull("accountsRead");
                } else {
                    run.put("accountsRead", read);
                }
                run.put("error", rs.getString(9)).put("requestedBy", rs.getString(10)).put("why", rs.getString(11));
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read a run", e);
        }
        AdminApi.answer(exchange, 200, run);
    }

    /**
     * GET /admin/preview[?date=YYYY-MM-DD][&at=HH:MM]: what a cycle for that date at that time would do, message by
     * message, as {@code kindly preview --format json} writes it; nothing is sent or recorded. One at a time (409).
     */
    public void preview(Exchange exchange) throws AdminException {
        LocalDate date = null;
        LocalTime at = null;
        String dateText = exchange.getMessage().getHeader("date", String.class);
        String atText = exchange.getMessage().getHeader("at", String.class);
        try {
            date = dateText == null || dateText.isBlank() ? null : LocalDate.parse(dateText.strip());
        } catch (DateTimeParseException e) {
            throw new AdminException(400, "date: a date, YYYY-MM-DD");
        }
        try {
            at = atText == null || atText.isBlank() ? null : LocalTime.parse(atText.strip());
        } catch (DateTimeParseException e) {
            throw new AdminException(400, "at: a time of day in the cycle's time zone, HH:MM");
        }
        if (!previewing.compareAndSet(false, true)) {
            throw new AdminException(409, "a preview is being made; ask again once it is done");
        }
        StringWriter out = new StringWriter();
        try {
            PreviewWriter.write(previews.run(date, at), PreviewWriter.Format.JSON, out);
        } finally {
            previewing.set(false);
            // the preview's cycle ran on this thread: its run id is not this request's
            MDC.remove(Cycles.RUN_KEY);
            MDC.remove(Cycles.CONTACT_KEY);
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(out.toString());
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
    }

    private static String utc(LocalDateTime t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC).toString();
    }
}
