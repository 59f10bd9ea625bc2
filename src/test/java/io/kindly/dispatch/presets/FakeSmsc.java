package io.kindly.dispatch.presets;

import org.jsmpp.PDUStringException;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An SMSC for the tests, on 127.0.0.1, written with jsmpp's server side: it takes binds (refusing a wrong password
 * with ESME_RINVPASWD, as SMSCs do), keeps every submit_sm as it came, answers with a message id, and then sends the
 * delivery receipt the submit asked for (DELIVRD, or UNDELIV for the numbers the test names), sending it again a few
 * times if Kindly answers with an error, as an SMSC does. It sends mobile-originated messages on request and can drop
 * every connection, as an SMSC that restarts does.
 */
final class FakeSmsc implements AutoCloseable {
    static final int ESME_RINVPASWD = 0x0E;

    /** A submit_sm as the SMSC received it. */
    record Submitted(String messageId, String to, String from, byte dataCoding, byte esmClass,
            byte registeredDelivery, byte[] shortMessage, byte[] payload) {
        boolean udh() {
            return (esmClass & 0x40) != 0;
        }
    }

    final String systemId;
    volatile String password;
    volatile Predicate<String> undeliverable = to -> false;
    final List<Submitted> submits = new CopyOnWriteArrayList<>();
    final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    final AtomicInteger binds = new AtomicInteger();
    final AtomicInteger refusedBinds = new AtomicInteger();
    final AtomicInteger receiptsTaken = new AtomicInteger();
    private final Map<String, Submitted> byId = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final SMPPServerSessionListener listener;
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private volatile boolean open = true;

    FakeSmsc(int port, String systemId, String password) throws IOException {
        this.systemId = systemId;
        this.password = password;
        // loopback only: jsmpp's own factory would listen on every interface
        listener = new SMPPServerSessionListener(port, new org.jsmpp.session.connection.ServerConnectionFactory() {
            @Override
            public org.jsmpp.session.connection.ServerConnection listen(int p) throws IOException {
                return listen(p, 0, 50);
            }

            @Override
            public org.jsmpp.session.connection.ServerConnection listen(int p, int timeout) throws IOException {
                return listen(p, timeout, 50);
            }

            @Override
            public org.jsmpp.session.connection.ServerConnection listen(int p, int timeout, int backlog)
                    throws IOException {
                ServerSocket socket = new ServerSocket(p, backlog, InetAddress.getLoopbackAddress());
                socket.setSoTimeout(timeout);
                return new org.jsmpp.session.connection.socket.ServerSocketConnection(socket);
            }
        });
        listener.setMessageReceiverListener(new Receiver());
        listener.setResponseDeliveryListener(new ServerResponseDeliveryAdapter() {
            @Override
            public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession session) {
                Submitted s = byId.get(result.getMessageId());
                if (s != null && (s.registeredDelivery() & 0x01) != 0) {
                    later.schedule(() -> receipt(session, s, 1), 300, TimeUnit.MILLISECONDS);
                }
            }
        });
        acceptor.submit(this::accept);
    }

    int port() {
        return listener.getPort();
    }

    private void accept() {
        while (open) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5000);
                if (bind.getSystemId().equals(systemId) && bind.getPassword().equals(password)) {
                    bind.accept("fake-smsc");
                    sessions.add(session);
                    binds.incrementAndGet();
                } else {
                    refusedBinds.incrementAndGet();
                    // the ESME hangs up on the negative bind_resp; closing first could lose the answer
                    bind.reject(ESME_RINVPASWD);
                }
            } catch (Exception e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    /** The delivery receipt for a submit, sent again (at most 5 times) while Kindly answers with an error. */
    private void receipt(SMPPServerSession session, Submitted s, int attempt) {
        boolean delivered = !undeliverable.test(s.to());
        String stat = delivered ? "DELIVRD" : "UNDELIV";
        String date = new SimpleDateFormat("yyMMddHHmm").format(new Date());
        String text = "id:" + s.messageId() + " sub:001 dlvrd:" + (delivered ? "001" : "000") + " submit date:" + date
                + " done date:" + date + " stat:" + stat + " err:" + (delivered ? "000" : "001") + " text:";
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, s.to(),
                    TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, s.from(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    text.getBytes(StandardCharsets.US_ASCII),
                    new OptionalParameter.Receipted_message_id(s.messageId()),
                    new OptionalParameter.Message_state((byte) (delivered ? 2 : 5)));
            receiptsTaken.incrementAndGet();
        } catch (Exception refusedOrLost) {
            if (attempt < 5 && open) {
                later.schedule(() -> receipt(session, s, attempt + 1), 1, TimeUnit.SECONDS);
            }
        }
    }

    /** A borrower's message to the sender id, on the newest bound session. */
    void mobileOriginated(String from, String text, boolean ucs2) throws Exception {
        SMPPServerSession session = sessions.get(sessions.size() - 1);
        session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from.replace("+", ""),
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "LENDER", new ESMClass(), (byte) 0,
                (byte) 0, new RegisteredDelivery(0),
                new GeneralDataCoding(ucs2 ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT),
                ucs2 ? text.getBytes(StandardCharsets.UTF_16BE) : text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Drops every connection without an unbind, as an SMSC that goes down does. */
    void dropAll() {
        for (SMPPServerSession s : sessions) {
            s.close();
        }
    }

    /** The submits to a number, in the order they came. */
    List<Submitted> to(String number) {
        return submits.stream().filter(s -> ("+" + s.to()).equals(number)).toList();
    }

    @Override
    public void close() throws IOException {
        open = false;
        dropAll();
        listener.close();
        acceptor.shutdownNow();
        later.shutdownNow();
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession session) throws ProcessRequestException {
            String id = String.format("%08X", ids.incrementAndGet());
            OptionalParameter.OctetString payload = submit.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD)
                    instanceof OptionalParameter.OctetString p ? p : null;
            Submitted s = new Submitted(id, submit.getDestAddress(), submit.getSourceAddr(), submit.getDataCoding(),
                    submit.getEsmClass(), submit.getRegisteredDelivery(), submit.getShortMessage(),
                    payload == null ? null : payload.getValue());
            byId.put(id, s);
            submits.add(s);
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("bad id", 0x08, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not here", 0x03);
        }
    }
}
