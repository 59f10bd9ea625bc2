package io.kindly.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bench's handle on the {@link StubServers} child: the same java binary and classpath (the running jar, or the
 * test classpath), started before Kindly and ended after the bare HTTP loop. Closing its standard input is what ends
 * it; a forced kill follows if it does not go within ten seconds.
 */
final class StubProcess {
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread onExit;
    private int httpPort;
    private int smtpPort;

    private StubProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readLines, "stub-process-stdout");
        reader.setDaemon(true);
        reader.start();
        // the bench stopped by Ctrl-C: the stub goes too (it would also go when its standard input closes)
        onExit = new Thread(process::destroyForcibly, "stub-process-kill");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * @param maxSeconds the child exits after this in any case
     * @param log        where the child's standard error goes (Vert.x and Netty warnings, if any)
     */
    static StubProcess start(long maxSeconds, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the stub keeps every key it has seen: a few hundred bytes each, millions of them in a big run
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath());
        command.add(StubServers.class.getName());
        command.add("--max-seconds");
        command.add(String.valueOf(maxSeconds));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        StubProcess stub = new StubProcess(builder.start());
        String ready = stub.nextLine(StubServers.READY, 60);
        if (ready == null) {
            stub.stop();
            throw new IOException("the stub servers did not start within 60 s (see " + log + ")");
        }
        for (String part : ready.substring(StubServers.READY.length()).split(" ")) {
            String[] kv = part.split("=");
            if (kv[0].equals("http")) {
                stub.httpPort = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("smtp")) {
                stub.smtpPort = Integer.parseInt(kv[1]);
            }
        }
        return stub;
    }

    /** This JVM's own classpath, absolute: the running jar under {@code java -jar}, the test classpath in tests. */
    static String classpath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    int smtpPort() {
        return smtpPort;
    }

    StubCounts counts() throws Exception {
        return ask("stats", StubServers.STATS);
    }

    /**
     * What the stubs received so far (the warm-up), after which they count from nothing again: only to be called when
     * no Kindly is sending. Their CPU time keeps counting.
     */
    StubCounts resetCounts() throws Exception {
        return ask("reset", StubServers.RESET);
    }

    private StubCounts ask(String command, String answer) throws Exception {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String line = nextLine(answer, 30);
        if (line == null) {
            throw new IOException("the stub servers did not answer '" + command + "' within 30 s");
        }
        return StubCounts.parse(line.substring(answer.length()));
    }

    /** @return true when the child process is gone */
    boolean stop() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException stopping) {
            // the JVM is shutting down; the hook runs anyway
        }
        return !process.isAlive();
    }

    private String nextLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
