package io.kindly.render;

import io.kindly.config.Settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who the borrower is dealing with and where they can get help: shown in every message. The name can differ per
 * language ({@code kindly.lender.name.zh-TW}), the support phone per region ({@code kindly.lender.support-phone.GB});
 * the rest are links.
 */
public record LenderProfile(
        String name,
        Map<String, String> localizedNames,
        String supportPhone,
        String supportUrl,
        String planUrl,
        String paymentUrl,
        String preferencesUrl,
        Map<String, String> supportPhones) {

    /** One support phone for every borrower. */
    public LenderProfile(String name, Map<String, String> localizedNames, String supportPhone, String supportUrl,
            String planUrl, String paymentUrl, String preferencesUrl) {
        this(name, localizedNames, supportPhone, supportUrl, planUrl, paymentUrl, preferencesUrl, Map.of());
    }

    /**
     * The number a borrower in this region calls ({@code kindly.lender.support-phone.<REGION>}, e.g. {@code .GB}), else
     * the default: a borrower in London is not given the China number.
     */
    public String supportPhoneFor(String region) {
        return region == null ? supportPhone : supportPhones.getOrDefault(region.toUpperCase(Locale.ROOT), supportPhone);
    }

    public static LenderProfile read(Settings s) {
        String name = s.required("kindly.lender.name", "the lender's name as borrowers know it");
        Map<String, String> localized = new LinkedHashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith("kindly.lender.name.")) {
                localized.put(key.substring("kindly.lender.name.".length()), s.string(key, name));
            }
        }
        Map<String, String> phones = new LinkedHashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith("kindly.lender.support-phone.")) {
                String region = key.substring("kindly.lender.support-phone.".length()).toUpperCase(Locale.ROOT);
                if (!region.matches("[A-Z]{2}")) {
                    s.problem(key, "'" + region + "' is not a region: use an ISO 3166 code such as GB or AU");
                }
                phones.put(region, s.string(key, ""));
            }
        }
        Set<String> web = Set.of("https", "http");
        return new LenderProfile(
                name,
                localized,
                s.required("kindly.lender.support-phone", "the phone number borrowers can call for help"),
                str(s.url("kindly.lender.support-url", "a web page where borrowers can get help", web)),
                str(s.url("kindly.lender.plan-url", "where borrowers can ask for a flexible repayment plan", web)),
                str(s.url("kindly.lender.payment-url", "where borrowers can pay, used when an account has no link", web)),
                str(s.url("kindly.lender.preferences-url", "where borrowers can choose or stop reminders", web)),
                phones);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * The lender's name in the borrower's language: the first of the given locales (most specific first) that has a
     * {@code kindly.lender.name.<tag>}, trying each with and without its region; else the default name.
     */
    public String nameFor(Locale... preferred) {
        for (Locale locale : preferred) {
            String exact = localizedNames.get(locale.toLanguageTag());
            if (exact != null) {
                return exact;
            }
        }
        for (Locale locale : preferred) {
            String language = localizedNames.get(locale.getLanguage());
            if (language != null) {
                return language;
            }
        }
        return name;
    }
}
