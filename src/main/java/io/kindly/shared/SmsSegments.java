package io.kindly.shared;

/**
 * How many SMS an SMS text costs. Texts entirely in the GSM 03.38 alphabet are sent 7 bits a character (160 in one
 * message, 153 a part once split; the extension characters such as {@code €} and {@code [} count twice); anything
 * else (Chinese, emoji, most accented letters) goes as UCS-2 (70 in one message, 67 a part), counted in UTF-16 units.
 */
public record SmsSegments(boolean gsm7, int units, int segments) {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "^{}\\[~]|€\f";

    public static SmsSegments of(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
                break;
            }
        }
        if (gsm) {
            return new SmsSegments(true, septets, septets <= 160 ? 1 : (septets + 152) / 153);
        }
        int units = text.length();
        return new SmsSegments(false, units, units <= 70 ? 1 : (units + 66) / 67);
    }

    public String describe() {
        return segments + " SMS (" + (gsm7 ? "GSM-7, " : "UCS-2, ") + units + (gsm7 ? " septets)" : " characters)");
    }
}
