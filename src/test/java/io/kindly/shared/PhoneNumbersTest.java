package io.kindly.shared;

import io.kindly.domain.Checked;
import io.kindly.domain.Reason;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} read in {1} -> {2}")
    @CsvSource({
            "'+86 138 0013 8000', CN, +8613800138000",
            "'+86-138-0013-8000', US, +8613800138000",   // an explicit country code wins over the default region
            "'+886 912 345 678',  CN, +886912345678",
            "'+852 5123 4567',    CN, +85251234567",
            "'+852 9123 4567',    CN, +85291234567",
            "'+1 212 555 0123',   CN, +12125550123",     // FIXED_LINE_OR_MOBILE in the US: accepted
            "'  +86 138 0013 8000  ', CN, +8613800138000",
    })
    void validMobilesComeBackInE164(String raw, String region, String e164) {
        Checked<String> mobile = PhoneNumbers.mobile(raw, region);
        assertThat(mobile.isOk()).isTrue();
        assertThat(mobile.value()).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0} read in {1} -> {2}")
    @CsvSource({
            "'138 0013 8000', CN, +8613800138000",
            "'13800138000',   CN, +8613800138000",
            "'0912 345 678',  TW, +886912345678",
            "'5123 4567',     HK, +85251234567",
            "'(212) 555-0123', US, +12125550123",
    })
    void numbersWithoutCountryCodeAreReadInTheDefaultRegion(String raw, String region, String e164) {
        assertThat(PhoneNumbers.mobile(raw, region).value()).isEqualTo(e164);
    }

    @Test
    void problemsAreClassified() {
        assertThat(PhoneNumbers.mobile("12345", "CN").problem()).isEqualTo(Reason.MOBILE_INVALID);
        assertThat(PhoneNumbers.mobile("not a number", "CN").problem()).isEqualTo(Reason.MOBILE_INVALID);
        assertThat(PhoneNumbers.mobile("+86 10 6552 9988", "CN").problem()).isEqualTo(Reason.MOBILE_NOT_MOBILE);
        assertThat(PhoneNumbers.mobile("010 6552 9988", "CN").problem()).isEqualTo(Reason.MOBILE_NOT_MOBILE);
        assertThat(PhoneNumbers.mobile("", "CN").problem()).isEqualTo(Reason.NO_MOBILE);
        assertThat(PhoneNumbers.mobile(" \t", "CN").problem()).isEqualTo(Reason.NO_MOBILE);
        assertThat(PhoneNumbers.mobile(null, "CN").problem()).isEqualTo(Reason.NO_MOBILE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "+86 10 6552 9988", "010 6552 9988", "+86 1380013800099999",
            "+886 2 2345 6789", "+1 555 0100 9999", "+999 4567 8901", "phone: 1380013800", "987654321"})
    void problemDetailsNeverQuoteTheNumber(String raw) {
        Checked<String> result = PhoneNumbers.mobile(raw, "CN");
        assertThat(result.isOk()).as("%s should be refused", raw).isFalse();
        String detail = result.detail();
        assertThat(detail).isNotBlank().doesNotContain(raw.strip());
        // at most a country code (1 to 3 digits) may appear: no run of 4 or more digits, and no digits of the
        // national part of the input
        assertThat(detail).doesNotContainPattern("\\d{4,}");
        String digits = raw.replaceAll("\\D", "");
        String national = digits.length() > 3 ? digits.substring(3) : digits;
        assertThat(detail.replaceAll("\\D", "")).doesNotContain(national);
    }

    @Test
    void maskKeepsTheCountryCodeAndTheLastTwoDigits() {
        String masked = PhoneNumbers.mask("+8613800138000");
        assertThat(masked).isEqualTo("+86*********00");
        assertThat(masked).hasSameSizeAs("+8613800138000");
        assertThat(masked).doesNotContain("138").doesNotContain("0013");
    }

    @Test
    void maskOfTooShortOrMissingNumbersRevealsNothing() {
        assertThat(PhoneNumbers.mask(null)).isEqualTo("***");
        assertThat(PhoneNumbers.mask("+8612")).isEqualTo("***");
    }

    /**
     * The Javadoc promises the country code is kept. For country codes that are not two digits long it is not:
     * +886 (Taiwan) loses its last digit and +1 (US) leaks the first digit of the area code.
     */
    @Test
    void maskKeepsWholeCountryCodeForOneAndThreeDigitCodes() {
        SoftAssertions soft = new SoftAssertions();
        String tw = PhoneNumbers.mask("+886912345678");
        soft.assertThat(tw).as("Taiwan mobile masked").startsWith("+886").endsWith("78")
                .hasSameSizeAs("+886912345678");
        soft.assertThat(nationalDigitsShown(tw, "+886")).as("national digits shown besides the last two").isEmpty();

        String us = PhoneNumbers.mask("+12125550123");
        soft.assertThat(us).as("US number masked").startsWith("+1*").endsWith("23");
        soft.assertThat(nationalDigitsShown(us, "+1")).as("national digits shown besides the last two").isEmpty();
        soft.assertAll();
    }

    /** Digits visible between the country code and the last two characters. */
    private static String nationalDigitsShown(String masked, String countryCode) {
        if (!masked.startsWith(countryCode) || masked.length() < countryCode.length() + 2) {
            return "(country code not kept)";
        }
        Matcher m = Pattern.compile("\\d").matcher(masked.substring(countryCode.length(), masked.length() - 2));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            sb.append(m.group());
        }
        return sb.toString();
    }

    @Test
    void knownRegions() {
        assertThat(PhoneNumbers.isKnownRegion("CN")).isTrue();
        assertThat(PhoneNumbers.isKnownRegion("TW")).isTrue();
        assertThat(PhoneNumbers.isKnownRegion("XX")).isFalse();
        assertThat(PhoneNumbers.isKnownRegion("cn")).isFalse();
    }
}
