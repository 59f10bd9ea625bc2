package io.kindly.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real SMTP server on 127.0.0.1 that answers the end of each message with the reply a test scripts: {@code 250} to
 * accept it, a {@code 4xx} ("try again later") or a {@code 5xx} ("never"), by attempt number. GreenMail accepts
 * everything; this one is for the failure classes of SMTP, and for how a client uses its connections: it counts them,
 * keeps each message's envelope, refuses commands out of order as a real server does (a message without recipients,
 * a MAIL inside an open transaction), closes the connection after a {@code 421} reply, and can drop a connection
 * without a word after a number of messages.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newFixedThreadPool(17);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final IntFunction<String> replyForAttempt;
    private volatile int dropAfter;
    private volatile boolean refuseLogin;

    /** A message the server accepted: on which connection (1, 2, ...), for whom (RCPT TO), and its text. */
    public record Delivery(int connection, List<String> recipients, String message) {
    }

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

    /** Offer AUTH and refuse every login with {@code 535}, as a server does to a wrong password. */
    public ScriptedSmtpServer refuseLogin() {
        this.refuseLogin = true;
        return this;
    }

    /** After every {@code n}-th message accepted on a connection, close that connection without a word (0: never). */
    public ScriptedSmtpServer dropConnectionAfter(int n) {
        this.dropAfter = n;
        return this;
    }

    /** Messages handed over, counted per connection that reached the end of its data. */
    public int attempts() {
        return attempts.get();
    }

    /** The raw messages the server accepted with 250. */
    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** The messages accepted with 250, with their connection and envelope. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Connections clients opened so far. */
    public int connections() {
        return connections.get();
    }

    /** The most connections that were open at the same time. */
    public int mostOpenConnections() {
        return mostOpen.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int number = connections.incrementAndGet();
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                // counted as closed once, at the first of: the server deciding to end it (before its last reply, so a
                // client that reconnects on seeing that reply never finds the old one still counted) or the end
                AtomicBoolean ended = new AtomicBoolean();
                Runnable ending = () -> {
                    if (ended.compareAndSet(false, true)) {
                        open.decrementAndGet();
                    }
                };
                threads.submit(() -> {
                    try {
                        converse(client, number, ending);
                    } finally {
                        ending.run();
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client, int connection, Runnable ending) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(10_000);
            say(out, "220 scripted.test ESMTP");
            boolean mail = false;
            List<String> recipients = new ArrayList<>();
            int acceptedHere = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("EHLO") && refuseLogin) {
                    say(out, "250-scripted.test");
                    say(out, "250 AUTH PLAIN LOGIN");
                } else if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    say(out, "250 scripted.test");
                } else if (command.startsWith("AUTH") && refuseLogin) {
                    say(out, "535 5.7.8 Authentication credentials invalid");
                } else if (command.startsWith("MAIL FROM")) {
                    if (mail) {
                        say(out, "503 5.5.1 nested MAIL command");
                    } else {
                        mail = true;
                        say(out, "250 OK");
                    }
                } else if (command.startsWith("RCPT TO")) {
                    if (!mail) {
                        say(out, "503 5.5.1 need MAIL first");
                    } else {
                        recipients.add(line.substring(line.indexOf(':') + 1).strip());
                        say(out, "250 OK");
                    }
                } else if (command.startsWith("DATA")) {
                    if (recipients.isEmpty()) {
                        say(out, "503 5.5.1 no valid recipients");
                        continue;
                    }
                    say(out, "354 go ahead");
                    StringBuilder message = new StringBuilder();
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        // RFC 5321 4.5.2: a line the client began with an extra "." loses it
                        message.append(data.startsWith(".") ? data.substring(1) : data).append('\n');
                    }
                    String reply = replyForAttempt.apply(attempts.incrementAndGet());
                    if (reply.startsWith("250")) {
                        accepted.add(message.toString());
                        deliveries.add(new Delivery(connection, List.copyOf(recipients), message.toString()));
                        acceptedHere++;
                    }
                    mail = false;
                    recipients.clear();
                    boolean closing = reply.startsWith("421")   // "closing transmission channel"
                            || reply.startsWith("250") && dropAfter > 0 && acceptedHere % dropAfter == 0; // gone, without a word
                    if (closing) {
                        ending.run();
                    }
                    say(out, reply);
                    if (closing) {
                        return;
                    }
                } else if (command.startsWith("RSET")) {
                    mail = false;
                    recipients.clear();
                    say(out, "250 OK");
                } else if (command.startsWith("QUIT")) {
                    ending.run();
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 OK"); // NOOP
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
