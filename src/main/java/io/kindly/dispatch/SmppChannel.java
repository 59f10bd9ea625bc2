package io.kindly.dispatch;

import io.kindly.domain.Contact;
import io.kindly.shared.Regions;
import io.kindly.shared.SmsEncoding;
import io.kindly.shared.SmsSegments;
import org.apache.camel.Exchange;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMS channel over SMPP ({@code kindly.channel.sms.transport = smpp}): the {@code kindly-channel} route template's
 * steps for an SMSC. {@link #prepare} turns the claimed contact into a {@link Submit}; the route's endpoint,
 * {@code bean:smppChannel?method=submit}, sends it on the {@link SmppLink}'s session; {@link #readAnswer} takes the
 * SMSC's message id.
 *
 * <p>Each message goes in the coding {@link SmsSegments} chose for its text: GSM 03.38 ({@code data_coding = 0}) or
 * UCS-2 ({@code data_coding = 8}). A long message goes either as the parts {@link SmsSegments} counted, each with a
 * user data header (8-bit reference, part count, part number: what every handset joins), or as one submit_sm with the
 * whole text in message_payload ({@code kindly.channel.sms.smpp.long-messages = payload}), for SMSCs that split
 * themselves. A delivery receipt is asked for once per message: on its last part, whose id is the one Kindly keeps.
 */
public final class SmppChannel implements ChannelAdapter {
    /** What the route carries from {@link #prepare} to {@link #submit}; never logged (it holds the text and number). */
    public record Submit(String contactId, String to, String from, String text) {
        @Override
        public String toString() {
            return "Submit[" + contactId + "]";
        }
    }

    private static final DataCoding GSM7 = new GeneralDataCoding(Alphabet.ALPHA_DEFAULT);
    private static final DataCoding UCS2 = new GeneralDataCoding(Alphabet.ALPHA_UCS2);
    private static final ESMClass PLAIN = new ESMClass();
    private static final ESMClass WITH_UDH = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
            GSMSpecificFeature.UDHI);
    private static final RegisteredDelivery RECEIPT = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);
    private static final RegisteredDelivery NO_RECEIPT = new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT);

    private final ChannelSettings.Sms settings;
    private final SmppLink link;
    private final AtomicInteger references = new AtomicInteger();

    public SmppChannel(ChannelSettings.Sms settings, SmppLink link) {
        this.settings = settings;
        this.link = link;
    }

    /** Route step before the SMSC: the message to submit. Runs again before every retry. */
    @Override
    public void prepare(Exchange exchange) {
        Contact contact = Dispatch.claimedContact(exchange);
        exchange.getMessage().setBody(new Submit(contact.id(), contact.recipient(),
                settings.senderIdFor(Regions.known(contact.account())), contact.message().body()));
    }

    /** The route's endpoint: submits the message, in parts or not, and leaves the SMSC's id for it as the body. */
    public void submit(Exchange exchange) throws SmppFailure {
        Submit m = exchange.getMessage().getBody(Submit.class);
        SmsSegments segments = SmsSegments.of(m.text());
        DataCoding coding = segments.gsm7() ? GSM7 : UCS2;
        String id;
        // the id kept is the one submit that asks for a receipt: the only part, or the last
        if (segments.segments() == 1) {
            id = submitOne(m, PLAIN, RECEIPT, coding, SmsEncoding.encode(m.text()), false);
        } else if (settings.smpp().payload()) {
            id = submitOne(m, PLAIN, RECEIPT, coding, new byte[0], false,
                    new OptionalParameter.Message_payload(SmsEncoding.encode(m.text())));
        } else {
            List<byte[]> parts = SmsEncoding.parts(m.text());
            byte reference = (byte) references.incrementAndGet();
            id = null;
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1;
                id = submitOne(m, WITH_UDH, last ? RECEIPT : NO_RECEIPT, coding,
                        withHeader(reference, parts.size(), i + 1, parts.get(i)), i > 0);
            }
        }
        exchange.getMessage().setBody(id);
    }

    /** Route step after the SMSC answered: its message id for the ledger (receipts name the message by it). */
    @Override
    public void readAnswer(Exchange exchange) {
        exchange.getMessage().setHeader(Dispatch.GATEWAY_MESSAGE_ID, exchange.getMessage().getBody(String.class));
    }

    /** The concatenation user data header (3GPP TS 23.040 9.2.3.24.1: IEI 0, 8-bit reference) and the part. */
    static byte[] withHeader(byte reference, int total, int number, byte[] part) {
        byte[] out = new byte[6 + part.length];
        out[0] = 5;
        out[1] = 0;
        out[2] = 3;
        out[3] = reference;
        out[4] = (byte) total;
        out[5] = (byte) number;
        System.arraycopy(part, 0, out, 6, part.length);
        return out;
    }

    private String submitOne(Submit m, ESMClass esm, RegisteredDelivery receipt, DataCoding coding, byte[] message,
            boolean partsWent, OptionalParameter... options) throws SmppFailure {
        SMPPSession session = link.bound();
        link.acquire();
        try {
            boolean alpha = !m.from().replace("+", "").chars().allMatch(Character::isDigit);
            String id = session.submitShortMessage("",
                    alpha ? TypeOfNumber.ALPHANUMERIC : m.from().startsWith("+") ? TypeOfNumber.INTERNATIONAL
                            : TypeOfNumber.UNKNOWN,
                    alpha ? NumberingPlanIndicator.UNKNOWN : NumberingPlanIndicator.ISDN,
                    alpha ? m.from() : m.from().replace("+", ""),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, m.to().replace("+", ""),
                    esm, (byte) 0, (byte) 1, null, null, receipt, (byte) 0, coding, (byte) 0, message, options)
                    .getMessageId();
            if (receipt == RECEIPT) {
                // at once: the SMSC's receipt can come before the route has recorded the send
                link.sent(id, m.contactId());
            }
            return id;
        } catch (NegativeResponseException e) {
            throw SmppFailure.submitRefused(e.getCommandStatus(), partsWent, e);
        } catch (ResponseTimeoutException e) {
            throw SmppFailure.unanswered("no submit_sm_resp within " + settings.smpp().responseSeconds() + " s", e);
        } catch (InvalidResponseException e) {
            throw SmppFailure.unanswered("an answer that is not a submit_sm_resp", e);
        } catch (PDUException e) {
            // a field Kindly filled that SMPP does not allow (a sender id too long): the message as it is cannot go
            throw new SmppFailure(io.kindly.domain.Reason.SEND_ERROR, SendFailure.Kind.PERMANENT,
                    "the submit_sm cannot be built: " + e.getMessage(), e);
        } catch (IOException e) {
            // the link broke while the PDU was going out: it may have arrived
            throw SmppFailure.unanswered("the link broke: " + e.getClass().getSimpleName(), e);
        } finally {
            link.release();
        }
    }
}
