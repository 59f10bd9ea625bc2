package io.kindly.dispatch;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * camel-mail's sender for one SMTP endpoint, keeping its connections open: a small bounded pool of SMTP connections,
 * each sending many messages, where camel-mail's own {@link DefaultJavaMailSender} connects, sends one message and
 * says QUIT every time.
 *
 * <p>It is plugged in through camel-mail's {@code javaMailSender} option ({@link #install}), so a route keeps its
 * {@code to: smtp://...} step and camel-mail still builds the message. Where to connect and how (host, port, user
 * and password or authenticator, TLS, timeouts: the {@link Session} and its properties) is what camel-mail itself
 * makes of the endpoint's {@link MailConfiguration}; nothing here reads the URI.
 *
 * <ul>
 *   <li>At most {@code connections} are open at once; a send waits for a free one (bounded: twice the endpoint's
 *       timeout), and fails as "not reachable", nothing sent, if none frees up.</li>
 *   <li>A connection is given back after a message the server took, or refused with a 4xx/5xx reply other than 421
 *       (the transport has already said RSET, and a NOOP must answer 250, so the next message starts clean). After
 *       anything else (421, a dropped connection, an I/O error, a timeout, an unanswered command) it is closed, and
 *       the next send opens a new one.</li>
 *   <li>A connection the server closed while it was idle, or closes in its answer to the next command (an idle
 *       timeout, a limit of messages per connection), is found out by that next message. If the failure came before
 *       the end of the message data was sent, the server cannot have taken the message: it is sent once more on a new
 *       connection, so a stale connection never turns into a failed or unknown message. Any failure on a new
 *       connection, or after the end of the data, is reported exactly as camel-mail reports it, so
 *       {@link SendFailure} classifies it as before.</li>
 *   <li>A connection unused for {@code idleSeconds} is closed (QUIT); all are closed when Camel stops.</li>
 * </ul>
 */
public final class SmtpConnections implements JavaMailSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnections.class);

    private final DefaultJavaMailSender endpoint;
    private final String server;
    private final int size;
    private final long idleNanos;
    private final long waitNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    /** Open and unused, the most recently used first. Guarded by {@link #lock}. */
    private final Deque<Connection> idle = new ArrayDeque<>();
    /** Connections open or being opened, in use or idle. Guarded by {@link #lock}. */
    private int open;
    private boolean closed;

    private final ScheduledExecutorService reaper;
    private final AtomicBoolean reaping = new AtomicBoolean();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param endpoint camel-mail's own sender for the endpoint (see {@link #senderFor}): its session, host, port,
     *                 protocol and credentials
     */
    SmtpConnections(DefaultJavaMailSender endpoint, int connections, int idleSeconds) {
        this.endpoint = endpoint;
        this.server = endpoint.getProtocol() + "://" + endpoint.getHost() + ":" + endpoint.getPort();
        this.size = connections;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(2L * timeoutMillis(endpoint));
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kindly-smtp-idle");
            t.setDaemon(true);
            return t;
        });
    }

    /** Looks for idle connections from the first connection on (its thread is only made then). */
    private void startReaper() {
        if (reaping.compareAndSet(false, true)) {
            long period = Math.min(1000, TimeUnit.NANOSECONDS.toMillis(idleNanos));
            reaper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Gives every SMTP endpoint of the context a pool of its own (one per endpoint URI), with the email channel's
     * {@code connections} and {@code idle-seconds}, as the endpoint is created: through camel-mail's
     * {@code javaMailSender} option, which an endpoint that names a sender of its own keeps. The pools are closed when
     * the context stops.
     */
    public static void install(CamelContext context, ChannelSettings.Email settings) {
        Pools pools = new Pools();
        context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
            if (endpoint instanceof MailEndpoint mail && mail.getConfiguration().getJavaMailSender() == null
                    && isSmtp(mail.getConfiguration().getProtocol())) {
                mail.getConfiguration().setJavaMailSender(pools.all.computeIfAbsent(mail.getEndpointUri(),
                        key -> new SmtpConnections(senderFor(mail), settings.connections(), settings.idleSeconds())));
            }
            return endpoint;
        });
        try {
            context.addService(pools, true, true);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /** Closes the pools when Camel stops (after the routes, so sends under way finish first). */
    private static final class Pools extends ServiceSupport {
        final Map<String, SmtpConnections> all = new ConcurrentHashMap<>();

        @Override
        protected void doStop() {
            all.values().forEach(SmtpConnections::close);
            all.clear();
        }
    }

    private static boolean isSmtp(String protocol) {
        return "smtp".equalsIgnoreCase(protocol) || "smtps".equalsIgnoreCase(protocol);
    }

    /**
     * The sender camel-mail itself would use for the endpoint, had it no {@code javaMailSender}: the endpoint's
     * configuration (a copy, without a sender) makes it, exactly as {@link MailEndpoint#createProducer()} does, so its
     * {@link Session} carries the endpoint's timeouts, authentication, TLS and extra {@code mail.*} properties.
     */
    static DefaultJavaMailSender senderFor(MailEndpoint endpoint) {
        MailConfiguration configuration = endpoint.getConfiguration().copy();
        configuration.setJavaMailSender(null);
        JavaMailSender[] made = new JavaMailSender[1];
        MailEndpoint maker = new MailEndpoint(endpoint.getEndpointUri(), (MailComponent) endpoint.getComponent(),
                configuration) {
            @Override
            public Producer createProducer(JavaMailSender sender) {
                made[0] = sender;
                return null;
            }
        };
        try {
            maker.createProducer();
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
        if (!(made[0] instanceof DefaultJavaMailSender sender)) {
            throw new IllegalStateException("camel-mail made a " + made[0] + " for " + endpoint);
        }
        return sender;
    }

    /** The endpoint's read timeout (camel-mail's connectionTimeout, which it stores as an Integer property). */
    private static long timeoutMillis(DefaultJavaMailSender endpoint) {
        Object value = endpoint.getSession().getProperties().get("mail." + endpoint.getProtocol() + ".timeout");
        try {
            long millis = value instanceof Number n ? n.longValue()
                    : value != null ? Long.parseLong(value.toString().strip()) : 30_000;
            return Math.max(1_000, millis);
        } catch (NumberFormatException e) {
            return 30_000;
        }
    }

    // ------------------------------------------------------------------------------------------------- sending

    @Override
    public void send(MimeMessage message) throws MessagingException {
        prepare(message);
        Address[] recipients = message.getAllRecipients();
        Connection c = take();
        boolean keep = false;
        try {
            boolean reused = c.transport != null;
            if (!reused) {
                connect(c);
            }
            try {
                c.transport.sendMessage(message, recipients);
            } catch (MessagingException e) {
                if (!reused || c.transport.dataSent() || refusal(e)) {
                    throw e;
                }
                // the server had closed this connection, or was closing it, before it had the whole message, so it
                // cannot have taken it: once more, on a new connection
                LOG.debug("{}: a kept connection had gone ({}); sending on a new one", server, e.getClass().getSimpleName());
                discard(c);
                connect(c);
                c.transport.sendMessage(message, recipients);
            }
            sent.incrementAndGet();
            keep = true;
        } catch (MessagingException | RuntimeException e) {
            // a clear "no" leaves the connection usable (the transport said RSET; NOOP checks it answers); anything
            // else may have left it mid-conversation
            keep = c.transport != null && refusal(e) && c.transport.isConnected();
            throw e;
        } finally {
            giveBack(c, keep);
        }
    }

    /** What camel-mail's own sender does before sending: a date, and the Message-ID kept through saveChanges. */
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    /** The server answered the message itself with a 4xx or 5xx, other than 421 (closing the connection). */
    private static boolean refusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            int code = t instanceof SMTPSendFailedException f ? f.getReturnCode()
                    : t instanceof SMTPAddressFailedException f ? f.getReturnCode()
                    : t instanceof SMTPSenderFailedException f ? f.getReturnCode() : -1;
            if (code >= 400 && code < 600 && code != 421) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void connect(Connection c) throws MessagingException {
        String protocol = endpoint.getProtocol();
        Tracked transport = new Tracked(endpoint.getSession(), protocol);
        PasswordAuthentication auth = endpoint.getPasswordAuthentication();
        transport.connect(endpoint.getHost(), endpoint.getPort(), auth.getUserName(), auth.getPassword());
        c.transport = transport;
        startReaper();
        LOG.debug("{}: connection {} opened", server, opened.incrementAndGet());
    }

    private static void discard(Connection c) {
        Tracked t = c.transport;
        c.transport = null;
        quietlyClose(t);
    }

    private static void quietlyClose(Tracked transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an SMTP connection: {}", e.getClass().getSimpleName());
        }
    }

    // --------------------------------------------------------------------------------------------------- the pool

    /** An idle connection, or room to open one; waits (bounded) while all are in use. */
    private Connection take() throws MessagingException {
        long deadline = System.nanoTime() + waitNanos;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw unavailable("Kindly is stopping");
                }
                Connection c = idle.pollFirst();
                if (c != null) {
                    return c;
                }
                if (open < size) {
                    open++;
                    return new Connection();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw unavailable("none of the " + size + " SMTP connections came free within "
                            + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
                }
                try {
                    freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable("interrupted while waiting for an SMTP connection");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Nothing was sent: reported like a server that cannot be reached (tried again later). */
    private MailConnectException unavailable(String why) {
        return new MailConnectException(new SocketConnectException(why, null, endpoint.getHost(), endpoint.getPort(),
                (int) TimeUnit.NANOSECONDS.toMillis(waitNanos / 2)));
    }

    private void giveBack(Connection c, boolean keep) {
        Tracked close = null;
        lock.lock();
        try {
            if (keep && !closed) {
                c.idleSince = System.nanoTime();
                idle.addFirst(c);
            } else {
                open--;
                close = c.transport;
                c.transport = null;
            }
            freed.signal();
        } finally {
            lock.unlock();
        }
        quietlyClose(close);
    }

    private void closeIdle() {
        List<Tracked> expired = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            for (Iterator<Connection> it = idle.descendingIterator(); it.hasNext(); ) {
                Connection c = it.next();
                if (now - c.idleSince < idleNanos) {
                    break; // the rest were used more recently
                }
                it.remove();
                open--;
                expired.add(c.transport);
            }
            if (!expired.isEmpty()) {
                freed.signal();
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(SmtpConnections::quietlyClose);
        if (!expired.isEmpty()) {
            LOG.debug("{}: {} idle connection(s) closed", server, expired.size());
        }
    }

    /** Closes the idle connections now, and the others as their sends finish; later sends are refused. */
    @Override
    public void close() {
        List<Tracked> all = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection c : idle) {
                all.add(c.transport);
                open--;
            }
            idle.clear();
            freed.signalAll();
        } finally {
            lock.unlock();
        }
        reaper.shutdownNow();
        all.forEach(SmtpConnections::quietlyClose);
        if (opened.get() > 0) {
            LOG.info("{}: closed; {} messages were sent over {} connections", server, sent.get(), opened.get());
        }
    }

    private static final class Connection {
        Tracked transport;
        long idleSince;
    }

    /**
     * Angus Mail's SMTP transport, noting whether the end of the message data (the final "." or the last BDAT chunk)
     * was sent: until then the server cannot have taken the message. It also hands the message data to the SMTP data
     * stream in blocks: jakarta.mail's encoders (quoted-printable, base64) write one byte at a time, and each byte
     * otherwise went through the dot-stuffing and line-ending stream and a synchronized buffer on its own. The
     * stream's block write applies the same dot-stuffing and CRLF rules (Angus wrote it for speed), so the bytes on
     * the wire are the same.
     */
    static final class Tracked extends SMTPTransport {
        private boolean dataSent;
        private Blocks blocks;

        Tracked(Session session, String protocol) {
            super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equalsIgnoreCase(protocol));
        }

        @Override
        public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
            dataSent = false;
            super.sendMessage(message, addresses);
        }

        @Override
        protected OutputStream data() throws MessagingException {
            blocks = new Blocks(super.data());
            return blocks;
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            if (blocks != null) {
                blocks.drain();
                blocks = null;
            }
            dataSent = true;
            super.finishData();
        }

        @Override
        protected void finishBdat() throws IOException, MessagingException {
            dataSent = true;
            super.finishBdat();
        }

        synchronized boolean dataSent() {
            return dataSent;
        }
    }

    /** Collects single bytes into blocks for the stream below; used by one thread, inside one sendMessage. */
    static final class Blocks extends FilterOutputStream {
        private final byte[] buffer = new byte[8192];
        private int count;

        Blocks(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                drain();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buffer.length - count) {
                drain();
                if (len >= buffer.length) {
                    out.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        void drain() throws IOException {
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
            }
        }
    }

    // ------------------------------------------------------ JavaMailSender: the endpoint's settings, read-only here

    @Override
    public Session getSession() {
        return endpoint.getSession();
    }

    @Override
    public String getHost() {
        return endpoint.getHost();
    }

    @Override
    public int getPort() {
        return endpoint.getPort();
    }

    @Override
    public String getProtocol() {
        return endpoint.getProtocol();
    }

    @Override
    public String getUsername() {
        return endpoint.getUsername();
    }

    @Override
    public String getPassword() {
        return endpoint.getPassword();
    }

    @Override
    public MailAuthenticator getAuthenticator() {
        return endpoint.getAuthenticator();
    }

    @Override
    public Properties getJavaMailProperties() {
        return endpoint.getJavaMailProperties();
    }

    private static UnsupportedOperationException configuredByEndpoint() {
        return new UnsupportedOperationException("the SMTP connections take their settings from the endpoint");
    }

    @Override
    public void setJavaMailProperties(Properties javaMailProperties) {
        throw configuredByEndpoint();
    }

    @Override
    public void addAdditionalJavaMailProperty(String key, String value) {
        throw configuredByEndpoint();
    }

    @Override
    public void setHost(String host) {
        throw configuredByEndpoint();
    }

    @Override
    public void setPort(int port) {
        throw configuredByEndpoint();
    }

    @Override
    public void setUsername(String username) {
        throw configuredByEndpoint();
    }

    @Override
    public void setPassword(String password) {
        throw configuredByEndpoint();
    }

    @Override
    public void setProtocol(String protocol) {
        throw configuredByEndpoint();
    }

    @Override
    public void setSession(Session session) {
        throw configuredByEndpoint();
    }

    @Override
    public void setAuthenticator(MailAuthenticator authenticator) {
        throw configuredByEndpoint();
    }

    @Override
    public String toString() {
        return "SmtpConnections[" + server + ", " + size + " connections]";
    }
}
