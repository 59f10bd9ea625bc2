package io.kindly.cli;

import io.kindly.cycle.Cycles;
import io.kindly.app.KindlyApp;
import io.kindly.app.KindlySettings;
import io.kindly.demo.DemoMailSink;
import io.kindly.cycle.CycleSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;

/** One reminder cycle for a business date, then exit, printing what happened. */
@Command(name = "once", description = "Run one reminder cycle now and print a summary.")
public final class OnceCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Business date of the cycle (default: today in kindly.cycle.time-zone).")
    LocalDate date;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Main main;
        try {
            Map<String, String> overrides = date == null
                    ? Map.of("kindly.cycle.schedule-enabled", "false", "camel.management.enabled", "false")
                    : Map.of("kindly.cycle.schedule-enabled", "false", "kindly.demo.seed-date", date.toString(),
                            "camel.management.enabled", "false");
            main = KindlyApp.newMain(config.dir(), overrides);
            main.start();
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
        Thread onSignal = KindlyApp.stopOnSignal(main::stop);
        try {
            CamelContext camel = main.getCamelContext();
            Exchange result = camel.createProducerTemplate().request("direct:kindly-cycle", ex -> {
                ex.getMessage().setHeader(Cycles.TRIGGER, "once");
                if (date != null) {
                    ex.getMessage().setHeader(Cycles.BUSINESS_DATE, date.toString());
                }
            });
            if (result.getException() != null) {
                return Failures.report(result.getException(), System.err);
            }
            CycleSummary summary = result.getMessage().getBody(CycleSummary.class);
            // a short run ends before the daemon's first timed checkpoint: anchor what this cycle wrote
            camel.createProducerTemplate().requestBody("direct:kindly-ledger-checkpoint", (Object) null);
            out.println();
            out.print(summary.render());
            KindlySettings settings = camel.getRegistry().lookupByNameAndType("kindlySettings", KindlySettings.class);
            if (settings.demo().enabled()) {
                DemoMailSink mail = camel.getRegistry().lookupByNameAndType("demoMailSink", DemoMailSink.class);
                mail.flushToOutbox();
                out.println("Demo outbox (what a borrower would have received): " + settings.demo().outbox()
                        + "  [sms " + count(settings.demo().outbox().resolve("sms")) + " files, email "
                        + count(settings.demo().outbox().resolve("email")) + ", inapp "
                        + count(settings.demo().outbox().resolve("inapp")) + "]");
            }
            return 0;
        } finally {
            KindlyApp.forgetSignal(onSignal);
            main.stop();
        }
    }

    private static int count(Path dir) {
        File[] files = dir.toFile().listFiles(File::isFile);
        return files == null ? 0 : files.length;
    }
}
