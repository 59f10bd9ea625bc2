package io.kindly.dispatch.kannel;

import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;
import org.awaitility.Awaitility;
import io.kindly.support.Ports;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kannel on this machine (Debian's kannel and kannel-extras: bearerbox, smsbox, and the fake SMSC
 * {@code fakesmsc} playing the handsets), configured as README.md tells a lender: a sendsms-user for Kindly, and an
 * sms-service whose get-url is Kindly's reply endpoint with the token in the path.
 */
final class RealKannel implements KannelSide {
    static final Path BEARERBOX = Path.of("/usr/sbin/bearerbox");
    static final Path SMSBOX = Path.of("/usr/sbin/smsbox");
    static final Path FAKESMSC = Path.of("/usr/lib/kannel/test/fakesmsc");
    private static final Pattern GOT = Pattern.compile(
            "Got message \\d+: <(\\S+) (\\S+) (text|ucs-2|data|udh (\\S+) data) (.*)>$");

    private final Path dir;
    private final int smscPort = Ports.free();
    private final int sendsmsPort = Ports.free();
    private final int adminPort = Ports.free();
    private final List<Process> boxes = new ArrayList<>();
    private Process handsets;
    private int handsetRuns;

    static boolean installed() {
        return Files.isExecutable(BEARERBOX) && Files.isExecutable(SMSBOX) && Files.isExecutable(FAKESMSC);
    }

    /** @param getUrl the sms-service's get-url, exactly as README.md gives it */
    RealKannel(Path dir, String getUrl) throws Exception {
        this.dir = dir;
        int boxPort = Ports.free();
        String conf = String.join("\n",
                "group = core", "admin-port = " + adminPort, "admin-password = admin-" + adminPort,
                "smsbox-port = " + boxPort, "log-level = 1", "log-file = \"" + dir.resolve("bearerbox.log") + "\"",
                "box-allow-ip = \"127.0.0.1\"", "admin-allow-ip = \"127.0.0.1\"", "dlr-storage = internal", "",
                "group = smsc", "smsc = fake", "smsc-id = FAKE", "port = " + smscPort,
                "connect-allow-ip = \"127.0.0.1\"", "",
                "group = smsbox", "bearerbox-host = 127.0.0.1", "bearerbox-port = " + boxPort,
                "sendsms-port = " + sendsmsPort, "log-file = \"" + dir.resolve("smsbox.log") + "\"", "log-level = 1",
                "mo-recode = true", "",
                "group = sendsms-user", "username = " + USERNAME, "password = " + PASSWORD, "max-messages = 3",
                "concatenation = true", "",
                "group = sms-service", "keyword = default", "catch-all = true", "max-messages = 0",
                "get-url = \"" + getUrl + "\"", "");
        Path file = dir.resolve("kannel.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        boxes.add(start(dir.resolve("bearerbox.out"), BEARERBOX.toString(), file.toString()));
        awaitPort(boxPort);
        boxes.add(start(dir.resolve("smsbox.out"), SMSBOX.toString(), file.toString()));
        awaitPort(sendsmsPort);
        connectHandsets(null);
    }

    private static Process start(Path out, String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static void awaitPort(int port) {
        Awaitility.await("Kannel opening port " + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    /**
     * (Re)connects the fake SMSC's client, which prints every message it gets and sends the one MO message given (the
     * fake SMSC takes one client at a time; each run's output is kept).
     */
    private void connectHandsets(String mo) throws Exception {
        if (handsets != null) {
            handsets.destroy();
            handsets.waitFor();
        }
        handsetRuns++;
        // with -m 0 the client sends nothing, but it still wants a message template
        handsets = start(dir.resolve("fakesmsc-" + handsetRuns + ".out"), FAKESMSC.toString(), "-H", "127.0.0.1",
                "-r", String.valueOf(smscPort), "-i", "0.1", "-m", mo == null ? "0" : "1",
                mo == null ? "0 0 text unused" : mo);
        // bearerbox's own status page says when the fake SMSC's client is connected
        Awaitility.await("the fake SMSC's client connected").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> status().contains("online"));
    }

    private String status() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + adminPort + "/status.txt?password=admin-" + adminPort)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = r.body();
        int smsc = text.indexOf("FAKE[");
        return smsc < 0 ? "" : text.substring(smsc, text.indexOf('\n', smsc) < 0 ? text.length() : text.indexOf('\n', smsc));
    }

    @Override
    public String sendsmsUrl() {
        return "http://127.0.0.1:" + sendsmsPort + "/cgi-bin/sendsms";
    }

    @Override
    public List<Received> received() throws IOException {
        List<Part> parts = new ArrayList<>();
        for (File f : dir.toFile().listFiles((d, name) -> name.startsWith("fakesmsc-"))) {
            for (String line : Files.readAllLines(f.toPath(), StandardCharsets.ISO_8859_1)) {
                Matcher m = GOT.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String to = m.group(2);
                if (m.group(4) != null) {
                    byte[] udh = KannelSide.urlBytes(m.group(4));
                    // 05 00 03 <reference> <count> <number>: the concatenation header
                    parts.add(new Part(to, udh[3] & 0xff, udh[4] & 0xff, udh[5] & 0xff, KannelSide.urlBytes(m.group(5))));
                } else {
                    // read as ISO-8859-1 above, so these are the bytes the fake SMSC printed
                    byte[] bytes = m.group(3).equals("text") ? m.group(5).getBytes(StandardCharsets.ISO_8859_1)
                            : KannelSide.urlBytes(m.group(5));
                    parts.add(new Part(to, 0, 1, 1, bytes));
                }
            }
        }
        return KannelSide.join(parts);
    }

    @Override
    public void reply(String from, String to, String text) throws Exception {
        // the fake SMSC's line: sender, receiver, "text", the message as UTF-8 bytes
        connectHandsets(from + " " + to + " text " + text);
    }

    @Override
    public void close() {
        if (handsets != null) {
            handsets.destroy();
        }
        // smsbox first, then bearerbox, each by its own process handle
        for (int i = boxes.size() - 1; i >= 0; i--) {
            Process p = boxes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
