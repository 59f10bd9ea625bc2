package io.kindly.support;

import io.kindly.app.KindlyApp;
import io.kindly.domain.Status;
import io.kindly.cycle.CycleSummary;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;

/**
 * Kindly in a process of its own, for tests that kill it: starts as {@link KindlyTestApp} does (the shipped config,
 * routes and templates, databases in a test folder), runs one cycle on a clock standing at the given moment, and exits.
 *
 * <p>Arguments: the data folder, the business date, the moment (ISO instant), and a properties file of overrides.
 */
public final class CycleProcess {
    private CycleProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        LocalDate date = LocalDate.parse(args[1]);
        Instant at = Instant.parse(args[2]);
        Properties overrides = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[3]), StandardCharsets.UTF_8)) {
            overrides.load(r);
        }
        KindlyTestApp.Builder builder = KindlyTestApp.in(data).clock(new MutableClock(at));
        overrides.stringPropertyNames().forEach(k -> builder.property(k, overrides.getProperty(k)));
        int status;
        try (KindlyTestApp app = builder.start()) {
            // as the once command does: SIGTERM stops Kindly gracefully
            KindlyApp.stopOnSignal(app::close);
            CycleSummary summary = app.runCycle(date);
            System.out.println("cycle finished: sent " + summary.count(Status.SENT));
            status = 0;
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
