package io.kindly.dispatch.kannel;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kannel that Kindly talks to in a test: a real one (bearerbox, smsbox and the fake SMSC) or a loopback imitation
 * of its HTTP interfaces.
 */
interface KannelSide extends AutoCloseable {
    String USERNAME = "kindly";
    String PASSWORD = "kannel-pw-0123456789";

    /** Kannel's sendsms URL, for kindly.channel.sms.url. */
    String sendsmsUrl();

    /** The messages that reached the handsets, each reassembled from its parts. */
    List<Received> received() throws Exception;

    /** A borrower's reply arriving at the SMSC, which Kannel passes to the sms-service's get-url. */
    void reply(String from, String to, String text) throws Exception;

    @Override
    void close();

    /**
     * A message as the handset got it.
     *
     * @param bytes the message's bytes as the fake SMSC shows them, all parts joined: UTF-16BE for UCS-2, and for
     *              GSM-7 the text as UTF-8 (the SMSC driver packs it into septets on the air)
     */
    record Received(String to, int parts, byte[] bytes) {
        /** The text, read in the coding it was sent in: a message sent in the other coding does not read back. */
        String text(String coding) {
            return new String(bytes, coding.equals("UCS-2") ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8);
        }
    }

    /** One part as the SMSC got it: the UDH's reference, count and number when the message was split. */
    record Part(String to, int reference, int count, int number, byte[] bytes) {
    }

    /** Parts joined per message (same recipient and UDH reference), in order. */
    static List<Received> join(List<Part> parts) {
        Map<String, List<Part>> byMessage = new LinkedHashMap<>();
        int single = 0;
        for (Part p : parts) {
            String key = p.count() <= 1 ? "single-" + single++ : p.to() + "/" + p.reference();
            byMessage.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Received> out = new ArrayList<>();
        byMessage.values().forEach(list -> {
            list.sort(Comparator.comparingInt(Part::number));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            list.forEach(p -> bytes.writeBytes(p.bytes()));
            out.add(new Received(list.get(0).to(), list.size(), bytes.toByteArray()));
        });
        return out;
    }

    /** Kannel's URL decoding of its own fields (%XX and + for a space). */
    static byte[] urlBytes(String s) {
        return URLDecoder.decode(s, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    }
}
