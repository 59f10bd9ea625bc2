package io.kindly.app;

import io.kindly.cycle.Cycles;
import io.kindly.preview.PreviewReport;
import io.kindly.preview.PreviewLedgerStore;
import io.kindly.preview.PreviewResult;
import io.kindly.ledger.Ledger;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.quartz.CronExpression;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * Runs the reminder pipeline for a business date at a moment, without sending or recording anything: the routes in
 * {@code kindly.preview.routes} (the cycle, not the channels) with the daemon's own beans, except that the ledger is
 * read-only and its decisions go to a {@link PreviewReport}. The clock stands still at the chosen moment, so the
 * contact window, caps and wording are judged as a run at that moment would judge them.
 */
public final class Preview {
    public static final String ROUTES = "kindly.preview.routes";
    static final String DEFAULT_ROUTES = "file:routes/cycle.camel.yaml,file:routes/channels/*.camel.yaml";

    private Preview() {
    }

    /**
     * @param overrides properties that win over config/ (tests move the databases with them)
     */
    public static PreviewResult run(Path configDir, Map<String, String> overrides, LocalDate date, Instant at) {
        String routes;
        ZoneId zone;
        try (ConfigLookup config = ConfigLookup.open(configDir, overrides)) {
            routes = config.get(ROUTES).orElse(DEFAULT_ROUTES);
            zone = config.get("kindly.cycle.time-zone").map(ZoneId::of).orElse(ZoneId.of("Asia/Shanghai"));
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put(KindlyConfiguration.PREVIEW, "true");
        all.put("kindly.cycle.schedule-enabled", "false");
        all.put("kindly.demo.seed-date", date.toString());
        all.put("camel.main.routes-include-pattern", routes);
        all.put("camel.server.enabled", "false");
        all.put("camel.management.enabled", "false");
        Main main = KindlyApp.newMain(configDir, all);
        main.bind(KindlyConfiguration.CLOCK, Clock.fixed(at, ZoneOffset.UTC));
        try {
            main.start();
            Exchange result = main.getCamelContext().createProducerTemplate().request("direct:kindly-cycle", ex -> {
                ex.getMessage().setHeader(Cycles.TRIGGER, "preview");
                ex.getMessage().setHeader(Cycles.BUSINESS_DATE, date.toString());
            });
            if (result.getException() != null) {
                throw new IllegalStateException("the preview could not finish: " + result.getException().getMessage(),
                        result.getException());
            }
            Ledger ledger = main.getCamelContext().getRegistry().lookupByNameAndType("ledger", Ledger.class);
            return new PreviewResult(date, at, zone, ((PreviewLedgerStore) ledger.store()).report());
        } finally {
            main.stop();
        }
    }

    /**
     * The moment a preview judges at, as {@code kindly preview --at} and {@code GET /admin/preview?at=} take it: the
     * time of day on the business date in the cycle's zone, or, without one, {@link #defaultAt}.
     */
    public static Instant moment(LocalDate date, LocalTime at, String cron, ZoneId zone, Clock clock) {
        return at != null ? date.atTime(at).atZone(zone).toInstant() : defaultAt(date, cron, zone, clock);
    }

    /**
     * The moment to preview when none is given: now, for today; for another date, the time the schedule
     * ({@code kindly.cycle.cron}) runs on that date, else the same time of day as now.
     */
    public static Instant defaultAt(LocalDate date, String cron, ZoneId zone, Clock clock) {
        Instant now = clock.instant();
        if (date.equals(LocalDate.now(clock.withZone(zone)))) {
            return now;
        }
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            Date next = expression.getNextValidTimeAfter(Date.from(date.atStartOfDay(zone).toInstant().minusMillis(1)));
            if (next != null && next.toInstant().atZone(zone).toLocalDate().equals(date)) {
                return next.toInstant();
            }
        } catch (ParseException e) {
            // a bad cron is reported by the configuration check when the preview starts
        }
        return date.atTime(LocalTime.now(clock.withZone(zone))).atZone(zone).toInstant();
    }
}
