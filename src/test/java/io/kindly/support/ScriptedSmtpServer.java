package io.kindly.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real SMTP server on 127.0.0.1 that answers the end of each message with the reply a test scripts: {@code 250} to
 * accept it, a {@code 4xx} ("try again later") or a {@code 5xx} ("never"), by attempt number. GreenMail accepts
 * everything; this one is for the failure classes of SMTP.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final IntFunction<String> replyForAttempt;

    /**
     * @param replyForAttempt the reply to the end of the message data, by attempt (1, 2, ...), e.g. {@code "451 4.3.0
     *                        try later"} or {@code "250 OK"}
     */
    public ScriptedSmtpServer(IntFunction<String> replyForAttempt) throws IOException {
        this.replyForAttempt = replyForAttempt;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Messages handed over, counted per connection that reached the end of its data. */
    public int attempts() {
        return attempts.get();
    }

    /** The raw messages the server accepted with 250. */
    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.submit(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(10_000);
            say(out, "220 scripted.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    say(out, "250 scripted.test");
                } else if (command.startsWith("DATA")) {
                    say(out, "354 go ahead");
                    StringBuilder message = new StringBuilder();
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        message.append(data).append('\n');
                    }
                    String reply = replyForAttempt.apply(attempts.incrementAndGet());
                    if (reply.startsWith("250")) {
                        accepted.add(message.toString());
                    }
                    say(out, reply);
                } else if (command.startsWith("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 OK"); // MAIL FROM, RCPT TO, RSET, NOOP
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
