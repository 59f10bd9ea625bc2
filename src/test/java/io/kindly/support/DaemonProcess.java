package io.kindly.support;

import io.kindly.app.KindlyApp;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Kindly as a daemon in a process of its own (the schedule on), for tests of several daemons on one ledger: starts as
 * {@link KindlyTestApp} does and runs until SIGTERM (stopped gracefully) or SIGKILL, or at most the given seconds.
 *
 * <p>Arguments: the data folder, the most seconds to run, and a properties file of overrides. The override
 * {@value #CLOCK_OFFSET} (not a Kindly setting) runs Kindly on the system clock shifted by that many seconds, the same
 * for every daemon of a test: a cycle at a time of day when the contact windows are open, whenever the test runs.
 */
public final class DaemonProcess {
    public static final String CLOCK_OFFSET = "test.clock-offset-seconds";

    private DaemonProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        Properties overrides = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
            overrides.load(r);
        }
        KindlyTestApp.Builder builder = KindlyTestApp.in(data).property("kindly.cycle.schedule-enabled", "true");
        String offset = (String) overrides.remove(CLOCK_OFFSET);
        if (offset != null) {
            builder.clock(java.time.Clock.offset(java.time.Clock.systemUTC(),
                    java.time.Duration.ofSeconds(Long.parseLong(offset))));
        }
        overrides.stringPropertyNames().forEach(k -> builder.property(k, overrides.getProperty(k)));
        CountDownLatch stopped = new CountDownLatch(1);
        KindlyTestApp app = builder.start();
        // SIGTERM (the test's destroy) stops Kindly gracefully, as the daemon's own signal handling does
        KindlyApp.stopOnSignal(() -> {
            app.close();
            stopped.countDown();
        });
        System.out.println("daemon started");
        // runs until stopped; the bound keeps a forgotten process from outliving its test for long
        if (!stopped.await(seconds, TimeUnit.SECONDS)) {
            app.close();
        }
        System.exit(0);
    }
}
