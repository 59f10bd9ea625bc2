package io.kindly.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The demo's mail server: a real SMTP server (GreenMail) on this machine's loopback address, so the demo exercises
 * the same SMTP path as production. Every message it receives is written to {@code data/outbox/email/} as an
 * {@code .eml} file that any mail program opens.
 */
public final class DemoMailSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMailSink.class);

    private final GreenMail server;
    private final Path outbox;
    private final Set<String> written = new HashSet<>();

    public DemoMailSink(int port, Path outbox) {
        this.outbox = outbox.resolve("email");
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        // port 0: a free port (several demo daemons on one machine), read back with port() once started
        this.server = new GreenMail(port == 0 ? smtp.dynamicPort() : smtp);
    }

    public void start() {
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outbox, e);
        }
        server.start();
        LOG.info("demo mail sink listening on 127.0.0.1:{}, writing to {}", server.getSmtp().getPort(), outbox);
    }

    /** The port the sink listens on, once started (the one chosen when kindly.demo.smtp-port is 0). */
    public int port() {
        return server.getSmtp().getPort();
    }

    /** Writes every message received since the last call to the outbox; returns how many were written. */
    public synchronized int flushToOutbox() {
        int n = 0;
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String id = message.getMessageID();
                String key = id == null ? String.valueOf(System.identityHashCode(message)) : id;
                if (!written.add(key)) {
                    continue;
                }
                String name = key.replaceAll("[^A-Za-z0-9._-]", "");
                try (OutputStream out = Files.newOutputStream(outbox.resolve(name + ".eml"))) {
                    message.writeTo(out);
                }
                n++;
            } catch (MessagingException | IOException e) {
                LOG.warn("demo mail sink could not write a message: {}", e.getClass().getSimpleName());
            }
        }
        return n;
    }

    @Override
    public void close() {
        flushToOutbox();
        server.stop();
    }
}
