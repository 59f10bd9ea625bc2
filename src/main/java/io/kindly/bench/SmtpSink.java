package io.kindly.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback SMTP server that accepts every mail and keeps nothing but counts: mails, distinct Message-IDs (Kindly
 * derives each from the contact id, so a Message-ID seen twice is a reminder mailed twice) and connections.
 *
 * <p>Plain Java, a thread per connection: camel-mail opens a connection per message, so connections are short, and a
 * client that keeps one open may send any number of messages on it (MAIL, RCPT, DATA again, or RSET). Speaks just
 * enough ESMTP for Jakarta Mail: EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT.
 */
final class SmtpSink implements AutoCloseable {
    private static final int MAX_LINE = 1 << 20;

    final KeyTally mails = new KeyTally();
    final LongAdder connections = new LongAdder();
    private final ServerSocket server;

    private SmtpSink(ServerSocket server) {
        this.server = server;
    }

    static SmtpSink start() throws IOException {
        SmtpSink sink = new SmtpSink(new ServerSocket(0, 512, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(sink::accept, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.increment();
                Thread t = new Thread(() -> serve(socket), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("smtp sink: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(120_000);
            socket.setTcpNoDelay(true);
            reply(out, "220 kindly-bench-smtp ESMTP");
            String line;
            while ((line = readLine(in)) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-kindly-bench-smtp\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO" -> reply(out, "250 kindly-bench-smtp");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        if (!readMessage(in)) {
                            return;
                        }
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away mid-conversation: nothing was accepted, nothing to count
        }
    }

    /** Reads up to the lone dot, undoing dot-stuffing, and counts the mail by its Message-ID header. */
    private boolean readMessage(InputStream in) throws IOException {
        boolean inHeaders = true;
        boolean inMessageId = false;
        StringBuilder messageId = null;
        long size = 0;
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                mails.record(messageId == null ? null : messageId.toString().strip(), size);
                return true;
            }
            if (line.startsWith("..")) {
                line = line.substring(1);
            }
            size += line.length() + 2;
            if (inHeaders) {
                if (line.isEmpty()) {
                    inHeaders = false;
                } else if (inMessageId && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    messageId.append(line.strip()); // a folded header goes on on the next line
                } else {
                    inMessageId = line.regionMatches(true, 0, "Message-ID:", 0, 11);
                    if (inMessageId) {
                        messageId = new StringBuilder(line.substring(11).strip());
                    }
                }
            }
        }
        return false;
    }

    /** One line without its CRLF, read as Latin-1 (the headers that matter are ASCII); null at the end of input. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int n = buf.size();
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
            }
            if (buf.size() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
