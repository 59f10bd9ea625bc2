package io.kindly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's gateways, in a process of their own so that Kindly's CPU time and memory are measured without theirs:
 * the HTTP stub for SMS and in-app ({@link GatewayStub}) and the SMTP sink ({@link SmtpSink}).
 *
 * <p>Protocol, one line each way: it prints {@code PORTS http=<port> smtp=<port>} when it is ready; each
 * {@code stats} line on its standard input is answered with {@code STATS <json>}; a {@code reset} line with
 * {@code RESET <json>}, the same figures, after which the counts start again from nothing (the bench's warm-up sends
 * the same keys as the measured cycle, which must not count as sent twice). The CPU time is not reset. It exits when its standard input
 * closes (the bench ended, or died) or after {@code --max-seconds}, whichever comes first, so it can never be left
 * running.
 */
public final class StubServers {
    static final String READY = "PORTS ";
    static final String STATS = "STATS ";
    static final String RESET = "RESET ";

    private StubServers() {
    }

    public static void main(String[] args) throws Exception {
        long maxSeconds = 3600;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--max-seconds")) {
                maxSeconds = Long.parseLong(args[i + 1]);
            }
        }
        exitAfter(maxSeconds);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        GatewayStub http = GatewayStub.start(freeLoopbackPort());
        SmtpSink smtp = SmtpSink.start();
        out.println(READY + "http=" + http.port() + " smtp=" + smtp.port());
        ObjectMapper json = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.strip();
            if (command.equals("stats") || command.equals("reset")) {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("sms", http.sms.snapshot());
                stats.put("inapp", http.inapp.snapshot());
                Map<String, Object> email = smtp.mails.snapshot();
                email.put("connections", smtp.connections.sum());
                stats.put("email", email);
                // the stubs' own CPU time: what they took from the two cores Kindly shares with them
                stats.put("cpuMillis", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis())
                        .orElse(-1L));
                if (command.equals("reset")) {
                    http.sms.reset();
                    http.inapp.reset();
                    smtp.mails.reset();
                    smtp.connections.reset();
                    out.println(RESET + json.writeValueAsString(stats));
                } else {
                    out.println(STATS + json.writeValueAsString(stats));
                }
            }
        }
        // standard input closed: the bench is done with us
        smtp.close();
        http.stop();
        System.exit(0);
    }

    private static void exitAfter(long seconds) {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
                System.err.println("stub servers: --max-seconds " + seconds + " reached, exiting");
                Runtime.getRuntime().halt(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stub-max-seconds");
        timer.setDaemon(true);
        timer.start();
    }

    /** Vert.x binds each of its event loops to the same port, so it is picked here rather than left to the OS. */
    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
