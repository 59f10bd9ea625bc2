package io.kindly.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.kindly.domain.Checked;
import io.kindly.domain.Reason;

/** Mobile numbers, checked with libphonenumber and stored in E.164 form (+8613800138000). */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    public static boolean isKnownRegion(String region) {
        return UTIL.getSupportedRegions().contains(region);
    }

    /**
     * Reads a mobile number. Numbers without a country code are read in {@code defaultRegion}.
     *
     * <p>The detail strings never contain the number itself: they describe the problem only.
     */
    public static Checked<String> mobile(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Checked.problem(Reason.NO_MOBILE, "no mobile number");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(raw.strip(), defaultRegion);
        } catch (NumberParseException e) {
            return Checked.problem(Reason.MOBILE_INVALID, "mobile number cannot be read: " + e.getErrorType());
        }
        if (!UTIL.isValidNumber(number)) {
            return Checked.problem(Reason.MOBILE_INVALID, "not a valid number for country code +" + number.getCountryCode());
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            return Checked.problem(Reason.MOBILE_NOT_MOBILE, "the number is a " + type + " number, which cannot take SMS");
        }
        return Checked.ok(UTIL.format(number, PhoneNumberFormat.E164));
    }

    /** The ISO region a number belongs to ("CN", "US"), or null when it cannot be told. */
    public static String regionOf(String e164) {
        // most calling codes belong to one region (+86: CN): then the code alone says it, without parsing the number
        // (the policy asks for every message, and parsing was a noticeable part of a cycle's CPU)
        if (e164 != null && e164.length() >= 9 && e164.length() <= 16 && e164.startsWith("+")
                && e164.chars().skip(1).allMatch(c -> c >= '0' && c <= '9')) {
            for (int digits = 1; digits <= 3; digits++) {
                String code = e164.substring(1, 1 + digits);
                java.util.List<String> regions = UTIL.getRegionCodesForCountryCode(Integer.parseInt(code));
                if (!regions.isEmpty()) {
                    if (regions.size() == 1) {
                        String region = regions.get(0);
                        return region.equals("ZZ") || region.equals("001") ? null : region;
                    }
                    break; // a code shared by several regions (+1, +7, +44): the number itself decides
                }
            }
        }
        try {
            String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ"));
            return region == null || region.equals("ZZ") || region.equals("001") ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** Keeps the country code and the last two digits, for places where a number must be referred to. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 6) {
            return "***";
        }
        int keep = 1; // the '+'
        try {
            keep += String.valueOf(UTIL.parse(e164, "ZZ").getCountryCode()).length();
        } catch (NumberParseException e) {
            keep = 1;
        }
        return e164.substring(0, keep) + "*".repeat(Math.max(0, e164.length() - keep - 2))
                + e164.substring(e164.length() - 2);
    }
}
