package io.kindly.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Kindly as a daemon in a process of its own (the schedule on), for tests of several daemons on one ledger: starts as
 * {@link KindlyTestApp} does, runs for the given number of seconds (or until killed), stops gracefully and exits.
 *
 * <p>Arguments: the data folder, the seconds to run, and a properties file of overrides.
 */
public final class DaemonProcess {
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
        overrides.stringPropertyNames().forEach(k -> builder.property(k, overrides.getProperty(k)));
        try (KindlyTestApp app = builder.start()) {
            System.out.println("daemon started");
            Thread.sleep(seconds * 1000);
        }
        System.exit(0);
    }
}
