package io.kindly.cli;

import io.kindly.preview.PreviewResult;
import io.kindly.app.ConfigLookup;
import io.kindly.app.Preview;
import io.kindly.preview.PreviewWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kindly preview}: what a cycle would do, message by message, without sending or recording anything.
 */
@Command(name = "preview", description = "Show what a cycle would send, defer or suppress, and the messages; sends "
        + "nothing and records nothing.")
public final class PreviewCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Business date of the cycle (default: today in kindly.cycle.time-zone).")
    LocalDate date;

    @Option(names = "--at", paramLabel = "HH:MM",
            description = "Time of day the cycle runs, in kindly.cycle.time-zone (default: now for today; the "
                    + "scheduled time, kindly.cycle.cron, for another date).")
    LocalTime at;

    @Option(names = "--format", paramLabel = "table|csv|json|html", defaultValue = "table",
            description = "table (default), csv, json, or html: one self-contained page with the counts at the top.")
    PreviewWriter.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        PreviewResult result;
        try {
            ZoneId zone;
            String cron;
            try (ConfigLookup lookup = ConfigLookup.open(config.dir())) {
                zone = ZoneId.of(lookup.get("kindly.cycle.time-zone").orElse("Asia/Shanghai"));
                cron = lookup.get("kindly.cycle.cron").orElse("0 0 10 * * ?");
            }
            LocalDate day = date != null ? date : LocalDate.now(clock.withZone(zone));
            Instant moment = Preview.moment(day, at, cron, zone, clock);
            result = Preview.run(config.dir(), Map.of(), day, moment);
        } catch (RuntimeException e) {
            String why = LedgerAccess.explain(e);
            return Failures.report(why.equals(String.valueOf(e.getMessage())) ? e
                    : new IllegalStateException(why, e), System.err);
        }
        try (Writer writer = new BufferedWriter(out == null
                ? new OutputStreamWriter(LedgerCommand.unclosable(System.out), StandardCharsets.UTF_8)
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            PreviewWriter.write(result, format, writer);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.err.println("Cannot write the preview: " + e.getMessage());
            return 1;
        }
        if (out != null) {
            System.err.println("Preview of " + result.report().rows().size() + " planned messages written to " + out);
        }
        return 0;
    }
}
