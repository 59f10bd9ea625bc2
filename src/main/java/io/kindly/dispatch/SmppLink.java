package io.kindly.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.shared.SmsEncoding;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kindly's one SMPP session with the SMSC: a transceiver, so the messages, their delivery receipts and the borrowers'
 * replies share one bound link. It binds when Kindly starts (in the background: an SMSC that is down does not stop
 * Kindly), checks an idle link with enquire_link, and binds again whenever the link is lost or a bind fails, every
 * {@code reconnect-seconds}, until Kindly stops.
 *
 * <p>Sends wait for a bound session (up to {@code response-seconds}) and for a place in the window (at most
 * {@code window} submit_sm unanswered at once). A bind the SMSC refuses for its credentials refuses every send at once
 * (a channel-level refusal: {@link ChannelStops} stops the channel and its messages wait, DEFERRED
 * GATEWAY_CREDENTIALS) until a bind succeeds.
 *
 * <p>What the SMSC delivers (deliver_sm) enters Camel at {@value #INBOUND} ({@code routes/inbound/smpp.camel.yaml}) as
 * JSON, with the header {@value #EVENT} ({@code receipt} or {@code reply}): the routes do the rest, as for receipts
 * and replies that come by HTTP. When the route fails (the ledger is away), the SMSC is answered with a temporary error
 * so that it delivers the PDU again later; a PDU the route refuses (unknown message id, not a mobile number) is kept
 * as refused and answered OK, since sending it again would not change that.
 */
public final class SmppLink extends ServiceSupport implements MessageReceiverListener, SessionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(SmppLink.class);
    /** The route that takes what the SMSC delivers. */
    public static final String INBOUND = "direct:kindly-smpp-inbound";
    /** Header on that route: {@code receipt} or {@code reply}. */
    public static final String EVENT = "KindlySmppEvent";
    /** Message ids remembered with Kindly's id for them, so a receipt that overtakes the ledger still finds its send. */
    private static final int RECENT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelSettings.Smpp settings;
    private final ChannelSettings.Credentials credentials;
    private final CamelContext camel;
    private final Semaphore window;
    private final Object lock = new Object();
    private final AtomicBoolean bindPending = new AtomicBoolean();
    private final Map<String, String> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENT;
        }
    };
    /** The bound session, or null; guarded by {@link #lock}. */
    private SMPPSession session;
    /** The last bind's refusal of Kindly's credentials, until a bind succeeds; guarded by {@link #lock}. */
    private int refusedStatus = -1;
    /** Why there is no session now, for the failure of a send that found none (no personal data). */
    private String problem = "not bound yet";
    private ScheduledExecutorService binder;
    private ProducerTemplate producer;

    public SmppLink(ChannelSettings.Smpp settings, ChannelSettings.Credentials credentials, CamelContext camel) {
        this.settings = settings;
        this.credentials = credentials;
        this.camel = camel;
        this.window = new Semaphore(settings.window(), true);
    }

    @Override
    protected void doStart() {
        producer = camel.createProducerTemplate();
        binder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kindly-smpp-bind");
            t.setDaemon(true);
            return t;
        });
        scheduleBind(0);
    }

    @Override
    protected void doStop() throws Exception {
        binder.shutdownNow();
        SMPPSession s;
        synchronized (lock) {
            s = session;
            session = null;
            problem = "Kindly is stopping";
            lock.notifyAll();
        }
        if (s != null) {
            s.removeSessionStateListener(this);
            s.unbindAndClose();
        }
        producer.stop();
    }

    /** A bound session to send on, waited for up to {@code response-seconds}. */
    SMPPSession bound() throws SmppFailure {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.responseSeconds());
        synchronized (lock) {
            while (true) {
                if (session != null && session.getSessionState().isBound()) {
                    return session;
                }
                if (refusedStatus >= 0) {
                    throw SmppFailure.bindRefused(refusedStatus, null);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !isRunAllowed()) {
                    throw SmppFailure.notBound(problem);
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SmppFailure.notBound("interrupted");
                }
            }
        }
    }

    /** A place in the window of unanswered submit_sm; {@link #release} gives it back. */
    void acquire() throws SmppFailure {
        try {
            if (!window.tryAcquire(settings.responseSeconds(), TimeUnit.SECONDS)) {
                throw SmppFailure.notBound("the window of " + settings.window() + " unanswered submit_sm stayed full");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SmppFailure.notBound("interrupted");
        }
    }

    void release() {
        window.release();
    }

    /** The SMSC took a message Kindly knows as {@code contactId}: its receipt may arrive before the ledger has it. */
    void sent(String messageId, String contactId) {
        synchronized (recent) {
            recent.put(messageId, contactId);
        }
    }

    private void scheduleBind(long delaySeconds) {
        if (!bindPending.compareAndSet(false, true)) {
            return;
        }
        try {
            binder.schedule(this::bind, delaySeconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopping) {
            bindPending.set(false);
        }
    }

    private void bind() {
        bindPending.set(false);
        if (!isRunAllowed()) {
            return;
        }
        SMPPSession s = new SMPPSession();
        s.setEnquireLinkTimer(settings.enquireLinkSeconds() * 1000);
        s.setTransactionTimer(settings.responseSeconds() * 1000L);
        s.setMessageReceiverListener(this);
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX,
                    credentials.username(), credentials.password(), settings.systemType(), TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.UNKNOWN, null), settings.responseSeconds() * 1000L);
        } catch (IOException e) {
            s.close();
            NegativeResponseException refused = cause(e, NegativeResponseException.class);
            String why = refused != null ? "bind refused, " + SmppFailure.status(refused.getCommandStatus())
                    : "cannot bind: " + e.getClass().getSimpleName();
            boolean credentialsRefused = refused != null && SmppFailure.bindRefused(refused.getCommandStatus(), null)
                    .failure().kind() == SendFailure.Kind.CHANNEL_REFUSED;
            boolean changed;
            synchronized (lock) {
                changed = !why.equals(problem);
                problem = why;
                refusedStatus = credentialsRefused ? refused.getCommandStatus() : -1;
                lock.notifyAll();
            }
            if (changed) {
                // once per kind of failure, not every reconnect-seconds
                LOG.warn("SMPP: {}:{} {}; binding again every {} s", settings.host(), settings.port(), why,
                        settings.reconnectSeconds());
            }
            scheduleBind(settings.reconnectSeconds());
            return;
        }
        s.addSessionStateListener(this);
        synchronized (lock) {
            session = s;
            refusedStatus = -1;
            problem = "the session was lost";
            lock.notifyAll();
        }
        LOG.info("SMPP: bound to {}:{} as a transceiver (window {}, enquire_link every {} s)", settings.host(),
                settings.port(), settings.window(), settings.enquireLinkSeconds());
        if (!s.getSessionState().isBound()) {
            lost(s); // it closed before the listener was there to see it
        }
    }

    /** The session was unbound or closed (the SMSC hung up, enquire_link went unanswered): bind again. */
    @Override
    public void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (!newState.isBound()) {
            lost(source);
        }
    }

    private void lost(Session source) {
        synchronized (lock) {
            if (session != source) {
                return;
            }
            session = null;
            problem = "the session was lost";
        }
        source.removeSessionStateListener(this);
        if (isRunAllowed()) {
            LOG.warn("SMPP: the session with {}:{} was lost; binding again in {} s", settings.host(), settings.port(),
                    settings.reconnectSeconds());
            scheduleBind(settings.reconnectSeconds());
        }
    }

    // ------------------------------------------------------------------------------------------ what comes in

    @Override
    public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
        boolean receipt = pdu.isSmscDeliveryReceipt();
        Map<String, String> fields = receipt ? receipt(pdu) : reply(pdu);
        String body;
        try {
            body = JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new ProcessRequestException("cannot read the PDU", SmppFailure.ESME_RX_T_APPN, e);
        }
        Exchange done = producer.send(INBOUND, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeader(EVENT, receipt ? "receipt" : "reply");
        });
        if (done.getException() != null) {
            LOG.warn("SMPP: a {} was not taken now ({}); the SMSC is asked to deliver it again",
                    receipt ? "receipt" : "reply", done.getException().getClass().getSimpleName());
            throw new ProcessRequestException("not taken now", SmppFailure.ESME_RX_T_APPN);
        }
    }

    /**
     * A delivery receipt: the message's id from receipted_message_id (SMPP 3.4), else the receipt text's {@code id:};
     * the state from the text's {@code stat:}, else message_state.
     */
    private Map<String, String> receipt(DeliverSm pdu) {
        Map<String, String> fields = new LinkedHashMap<>();
        String id = null;
        String status = null;
        String error = null;
        try {
            DeliveryReceipt text = pdu.getShortMessageAsDeliveryReceipt();
            id = text.getId();
            status = text.getFinalStatus() == null ? null : text.getFinalStatus().name();
            error = text.getError();
        } catch (InvalidDeliveryReceiptException | RuntimeException notText) {
            // the receipt is in the optional parameters only
        }
        if (pdu.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)
                instanceof OptionalParameter.Receipted_message_id receipted) {
            id = receipted.getValueAsString();
        }
        if (status == null && pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE)
                instanceof OptionalParameter.Message_state state) {
            status = state.getMessageState().name();
        }
        fields.put("messageId", id);
        synchronized (recent) {
            fields.put("reference", id == null ? null : recent.get(id));
        }
        fields.put("status", status);
        fields.put("error", error);
        return fields;
    }

    /** A borrower's message: the number (international when the SMSC says so) and the text in its coding. */
    private static Map<String, String> reply(DeliverSm pdu) {
        byte[] bytes = pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage();
        if (bytes.length == 0 && pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD)
                instanceof OptionalParameter.OctetString payload) {
            bytes = payload.getValue();
        }
        if (pdu.isUdhi() && bytes.length > 0) {
            // a part of a longer reply: its header is dropped and the part read on its own
            int header = (bytes[0] & 0xFF) + 1;
            bytes = header < bytes.length ? Arrays.copyOfRange(bytes, header, bytes.length) : new byte[0];
        }
        String source = pdu.getSourceAddr() == null ? "" : pdu.getSourceAddr();
        boolean international = pdu.getSourceAddrTon() == TypeOfNumber.INTERNATIONAL.value();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", international && !source.startsWith("+") ? "+" + source : source);
        fields.put("text", SmsEncoding.decode(bytes, pdu.getDataCoding() & 0xFF));
        return fields;
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // nothing to do: Kindly does not ask to be told when a handset is reachable again
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not taken; use deliver_sm", 0x03); // ESME_RINVCMDID
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
