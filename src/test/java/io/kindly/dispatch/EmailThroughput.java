package io.kindly.dispatch;

import io.kindly.app.MailProviders;
import org.apache.camel.Exchange;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: measures the shipped email channel route ({@link EmailRoute}) against a fast SMTP sink on this
 * machine, e.g. Postfix's {@code smtp-sink -c 127.0.0.1:2526 1000}.
 *
 * <pre>
 * mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.kindly.dispatch.EmailThroughput \
 *      kindly smtp://127.0.0.1:2526 20000 4 2000
 * </pre>
 *
 * Arguments: the mode ({@code camel}: camel-mail's own sender, one connection per message, and jakarta.mail's
 * provider looked up on every call, as before Kindly changed either; {@code providers}: the provider named once;
 * {@code kindly}: as Kindly runs, the provider named once and {@link SmtpConnections} with 4 connections), the SMTP
 * endpoint, messages to measure, sending threads, warm-up messages. Prints messages per second and the CPU time of
 * this JVM per message (every thread: Camel, jakarta.mail, the JIT, the GC). With {@code -Dbench.jfr=file.jfr} it
 * records a JFR profile of the measured messages (after the warm-up).
 */
public final class EmailThroughput {
    private EmailThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "kindly";
        String uri = args.length > 1 ? args[1] : "smtp://127.0.0.1:2526";
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
        if (!mode.equals("camel")) {
            MailProviders.resolveOnce();
        }
        try (EmailRoute route = EmailRoute.start(uri, 4, 30, mode.equals("kindly"))) {
            route.sendAll(1_000_000, warmup, threads);
            // -Dbench.jfr=file.jfr: a profile of the measured messages only, after the warm-up
            String jfr = System.getProperty("bench.jfr");
            jdk.jfr.Recording recording = null;
            if (jfr != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<Exchange> failed = route.sendAll(0, total, threads);
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            if (recording != null) {
                recording.dump(java.nio.file.Path.of(jfr));
                recording.close();
            }
            failed.stream().limit(3).forEach(f -> System.err.println("failed: " + SendFailure.of(f.getException()).forLog()));
            System.out.printf(Locale.ROOT, "%s: %d messages, %d threads, %d failed: %.0f messages/s, %.3f ms CPU per"
                    + " message (%.2f cores busy)%n", mode, total, threads, failed.size(), total / (wall / 1e9),
                    cpu / 1e6 / total, (double) cpu / wall);
        }
    }
}
