package io.kindly.shared;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMS text as the bytes a binary protocol (SMPP) carries, in the coding {@link SmsSegments} chose for it: GSM 03.38
 * (one septet per octet, unpacked, as SMPP's {@code data_coding = 0} carries it) or UCS-2 (UTF-16BE,
 * {@code data_coding = 8}); and split into the parts {@link SmsSegments} counted, so what the gateway bills is what
 * Kindly counted. HTTP gateways do this themselves; an SMPP client must.
 */
public final class SmsEncoding {
    /** The GSM 03.38 basic table by code (0x1B, the escape to the extension table, has no character). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table: each character, and its code after the escape. */
    private static final String EXTENSION = "^{}\\[~]|€\f";
    private static final byte[] EXTENSION_CODES = {0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65, 0x0A};
    private static final int ESCAPE = 0x1B;
    /** Septets in one part of a concatenated GSM-7 message (160 less the 7 the header takes). */
    private static final int GSM_PART = 153;
    /** UTF-16 units in one part of a concatenated UCS-2 message (70 less the header's 3). */
    private static final int UCS2_PART = 67;

    private SmsEncoding() {
    }

    /** The whole text in its coding: unpacked GSM 03.38 when {@link SmsSegments#gsm7()}, else UTF-16BE. */
    public static byte[] encode(String text) {
        return SmsSegments.of(text).gsm7() ? gsm7(text) : text.getBytes(StandardCharsets.UTF_16BE);
    }

    /**
     * The text in as many parts as {@link SmsSegments} counts, each part's bytes without the concatenation header: an
     * escape pair or a surrogate pair is never cut in two.
     */
    public static List<byte[]> parts(String text) {
        SmsSegments segments = SmsSegments.of(text);
        List<byte[]> parts = new ArrayList<>();
        if (segments.segments() <= 1) {
            parts.add(encode(text));
            return parts;
        }
        if (segments.gsm7()) {
            byte[] all = gsm7(text);
            int start = 0;
            while (start < all.length) {
                int end = Math.min(all.length, start + GSM_PART);
                if (end < all.length && all[end - 1] == ESCAPE) {
                    end--; // the escape goes with the character it escapes
                }
                parts.add(java.util.Arrays.copyOfRange(all, start, end));
                start = end;
            }
        } else {
            int start = 0;
            while (start < text.length()) {
                int end = Math.min(text.length(), start + UCS2_PART);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--;
                }
                parts.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
                start = end;
            }
        }
        return parts;
    }

    /** Unpacked GSM 03.38; a character outside it (which {@link SmsSegments} would not have called GSM-7) is a '?'. */
    static byte[] gsm7(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int code = c == ESCAPE ? -1 : BASIC.indexOf(c);
            int ext = EXTENSION.indexOf(c);
            if (code >= 0) {
                out.write(code);
            } else if (ext >= 0) {
                out.write(ESCAPE);
                out.write(EXTENSION_CODES[ext]);
            } else {
                out.write('?');
            }
        }
        return out.toByteArray();
    }

    /** A text an SMSC sent in its default alphabet (unpacked GSM 03.38). */
    public static String decodeGsm7(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int code = bytes[i] & 0x7F;
            if (code == ESCAPE && i + 1 < bytes.length) {
                int next = bytes[++i] & 0x7F;
                int ext = -1;
                for (int k = 0; k < EXTENSION_CODES.length; k++) {
                    if (EXTENSION_CODES[k] == next) {
                        ext = k;
                    }
                }
                sb.append(ext >= 0 ? EXTENSION.charAt(ext) : ' ');
            } else {
                sb.append(code == ESCAPE ? ' ' : BASIC.charAt(code));
            }
        }
        return sb.toString();
    }

    /**
     * The text of a message by its SMPP {@code data_coding}: 8 is UCS-2, 3 Latin-1, 1 ASCII, anything else the default
     * alphabet (GSM 03.38), as SMSCs send replies in it.
     */
    public static String decode(byte[] bytes, int dataCoding) {
        return switch (dataCoding) {
            case 8 -> new String(bytes, StandardCharsets.UTF_16BE);
            case 3 -> new String(bytes, StandardCharsets.ISO_8859_1);
            case 1 -> new String(bytes, StandardCharsets.US_ASCII);
            default -> decodeGsm7(bytes);
        };
    }
}
