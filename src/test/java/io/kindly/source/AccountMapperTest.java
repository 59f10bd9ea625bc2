package io.kindly.source;

import io.kindly.domain.Account;
import io.kindly.domain.HoldType;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AccountMapperTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Map<AccountField, String> defaultColumns() {
        Map<AccountField, String> columns = new EnumMap<>(AccountField.class);
        for (AccountField f : AccountField.values()) {
            columns.put(f, f.column());
        }
        return columns;
    }

    private static SourceSettings settings(Map<AccountField, String> columns) {
        return new SourceSettings("sql", null, null, null, 500, null, columns, Locale.ENGLISH, SHANGHAI,
                Currency.getInstance("CNY"), "CN");
    }

    private static AccountMapper mapper() {
        return new AccountMapper(settings(defaultColumns()));
    }

    /** A complete, valid row with the default column names. */
    private static Map<String, Object> goodRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("borrower_id", "B-1001");
        row.put("loan_id", "L2000123");
        row.put("name", "Amelia Clarke");
        row.put("locale", "zh-CN");
        row.put("time_zone", "Asia/Taipei");
        row.put("mobile", "+86 138 0013 8000");
        row.put("email", "Amelia.Clarke@Example.COM");
        row.put("app_user_id", "app-77");
        row.put("amount_due", "1250.50");
        row.put("currency", "cny");
        row.put("due_date", "2026-11-26");
        row.put("days_past_due", "4");
        row.put("repayment_link", "https://pay.example.com/l/L2000123");
        return row;
    }

    @Test
    void goodRowMapsEveryField() {
        Account a = mapper().map(goodRow(), "row 1");

        assertThat(a.borrowerId()).isEqualTo("B-1001");
        assertThat(a.loanId()).isEqualTo("L2000123");
        assertThat(a.name()).isEqualTo("Amelia Clarke");
        assertThat(a.locale().isOk()).isTrue();
        assertThat(a.locale().value()).isEqualTo(Locale.forLanguageTag("zh-CN"));
        assertThat(a.timeZone()).isEqualTo(ZoneId.of("Asia/Taipei"));
        assertThat(a.mobile().value()).isEqualTo("+8613800138000");
        // the local part is kept as written, the domain is lower-cased
        assertThat(a.email().value()).isEqualTo("Amelia.Clarke@example.com");
        assertThat(a.appUserId().value()).isEqualTo("app-77");
        assertThat(a.amountDue()).isEqualByComparingTo("1250.50");
        assertThat(a.currency()).isEqualTo(Currency.getInstance("CNY"));
        assertThat(a.dueDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(a.daysPastDue()).isEqualTo(4);
        assertThat(a.repaymentLink()).isEqualTo("https://pay.example.com/l/L2000123");
        assertThat(a.sourceRef()).isEqualTo("row 1");
        assertThat(a.notes()).isEmpty();
    }

    @Test
    void columnNamesAreMatchedIgnoringCase() {
        Map<String, Object> upper = new LinkedHashMap<>();
        goodRow().forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v)); // as H2 returns them

        Account a = mapper().map(upper, "row 3");

        assertThat(a.borrowerId()).isEqualTo("B-1001");
        assertThat(a.loanId()).isEqualTo("L2000123");
        assertThat(a.mobile().value()).isEqualTo("+8613800138000");
        assertThat(a.amountDue()).isEqualByComparingTo("1250.50");
        assertThat(a.dueDate()).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    @Test
    void customColumnMappingIsUsedInsteadOfTheFieldName() {
        Map<AccountField, String> columns = defaultColumns();
        columns.put(AccountField.LOAN_ID, "loan_no");
        columns.put(AccountField.AMOUNT_DUE, "Outstanding");
        AccountMapper mapper = new AccountMapper(settings(columns));

        Map<String, Object> row = goodRow();
        row.remove("loan_id");
        row.remove("amount_due");
        row.put("LOAN_NO", "L-555-0001");
        row.put("OUTSTANDING", new BigDecimal("99.90"));
        Account a = mapper.map(row, "row 2");
        assertThat(a.loanId()).isEqualTo("L-555-0001");
        assertThat(a.amountDue()).isEqualByComparingTo("99.90");

        // the field's own name is no longer read once another column is mapped to it
        Map<String, Object> unmapped = goodRow();
        RowRejectedException e = catchThrowableOfType(RowRejectedException.class, () -> mapper.map(unmapped, "row 4"));
        assertThat(e).isNotNull();
        assertThat(e.detail()).contains("loan_id: missing").contains("amount_due: missing");
    }

    @Test
    void missingLocaleUsesTheDefaultWithANote() {
        Map<String, Object> row = goodRow();
        row.remove("locale");
        Account a = mapper().map(row, "row 1");
        assertThat(a.locale().value()).isEqualTo(Locale.ENGLISH);
        assertThat(a.notes()).contains("locale missing; used en");

        row.put("locale", "   ");
        assertThat(mapper().map(row, "row 1").notes()).contains("locale missing; used en");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh_CN!", "chinese", "xx-CN", "12"})
    void malformedOrUnknownLocaleIsAProblemNotAGuess(String raw) {
        Map<String, Object> row = goodRow();
        row.put("locale", raw);
        Account a = mapper().map(row, "row 1");
        assertThat(a.locale().isOk()).isFalse();
        assertThat(a.locale().problem()).isEqualTo(Reason.LOCALE_INVALID);
        assertThat(a.locale().detail()).isNotBlank();
        // only the locale is affected: the rest of the account goes ahead
        assertThat(a.mobile().isOk()).isTrue();
        assertThat(a.email().isOk()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yue", "fil", "yue-HK"})
    void threeLetterLanguagesAreLanguagesToo(String raw) {
        Map<String, Object> row = goodRow();
        row.put("locale", raw);
        assertThat(mapper().map(row, "row 1").locale().isOk()).as(raw).isTrue();
    }

    @Test
    void theOptionalContactFactsAreRead() {
        Map<String, Object> row = goodRow();
        row.put("region", "us");
        row.put("other_time_zones", "America/New_York, Mars/Base");
        row.put("consent", "SMS, inapp, fax");
        row.put("work_email", "Y");
        row.put("holds", "Dispute; cease-contact; nonsense");
        row.put("quiet_days", "sat, SUNDAY, Funday");

        Account a = mapper().map(row, "row 1");

        assertThat(a.facts().region()).isEqualTo("US");
        assertThat(a.facts().otherZones()).containsExactly(ZoneId.of("America/New_York"));
        assertThat(a.facts().consent()).containsExactlyInAnyOrder(Channel.SMS, Channel.INAPP);
        assertThat(a.facts().workEmail()).isTrue();
        assertThat(a.facts().holds()).containsExactlyInAnyOrder(HoldType.DISPUTE, HoldType.CEASE_CONTACT);
        assertThat(a.facts().quietDays()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        // what could not be read is noted and left out, never guessed
        assertThat(a.notes()).contains("other time zone 'Mars/Base' not recognised; ignored",
                "consent 'fax' is not a channel; ignored",
                "hold 'nonsense' from the source is not a known hold type; ignored",
                "quiet day 'Funday' is not a day of the week; ignored");

        // without the columns: nothing known, and consent is unknown (null), not "everything"
        Account plain = mapper().map(goodRow(), "row 2");
        assertThat(plain.facts().consent()).isNull();
        assertThat(plain.facts().quietDays()).isEmpty();
        assertThat(plain.facts().workEmail()).isFalse();
    }

    @Test
    void underscoreLocaleFormIsAccepted() {
        Map<String, Object> row = goodRow();
        row.put("locale", "zh_TW");
        Account a = mapper().map(row, "row 1");
        assertThat(a.locale().value()).isEqualTo(Locale.forLanguageTag("zh-TW"));
        assertThat(a.locale().value().toLanguageTag()).isEqualTo("zh-TW");
    }

    @Test
    void missingOrUnknownTimeZoneUsesTheDefaultWithANote() {
        Map<String, Object> row = goodRow();
        row.remove("time_zone");
        Account missing = mapper().map(row, "row 1");
        assertThat(missing.timeZone()).isEqualTo(SHANGHAI);
        assertThat(missing.notes()).contains("time zone missing; used Asia/Shanghai");

        row.put("time_zone", "Mars/Base");
        Account unknown = mapper().map(row, "row 1");
        assertThat(unknown.timeZone()).isEqualTo(SHANGHAI);
        assertThat(unknown.notes()).anySatisfy(n -> assertThat(n)
                .contains("Mars/Base").contains("not recognised").endsWith("used Asia/Shanghai"));
    }

    @Test
    void missingCurrencyUsesTheDefaultWithANote() {
        Map<String, Object> row = goodRow();
        row.remove("currency");
        Account a = mapper().map(row, "row 1");
        assertThat(a.currency()).isEqualTo(Currency.getInstance("CNY"));
        assertThat(a.notes()).contains("currency missing; used CNY");
    }

    @Test
    void mobileProblemsAreKeptOnTheField() {
        assertThat(mobileOf("12345").problem()).isEqualTo(Reason.MOBILE_INVALID);
        assertThat(mobileOf("+86 10 6552 9988").problem()).isEqualTo(Reason.MOBILE_NOT_MOBILE);
        assertThat(mobileOf("").problem()).isEqualTo(Reason.NO_MOBILE);
        assertThat(mobileOf("   ").problem()).isEqualTo(Reason.NO_MOBILE);
        assertThat(mobileOf(null).problem()).isEqualTo(Reason.NO_MOBILE);
        // without a country code the number is read in the default region (CN)
        assertThat(mobileOf("138 0013 8000").value()).isEqualTo("+8613800138000");
    }

    private Checked<String> mobileOf(String raw) {
        Map<String, Object> row = goodRow();
        row.put("mobile", raw);
        return mapper().map(row, "row 1").mobile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.at.example.com", "Name <a@example.com>", "user@localhost", "a@b@example.com",
            "a@example.com, b@example.com"})
    void emailThatIsNotAPlainAddressIsInvalid(String raw) {
        Map<String, Object> row = goodRow();
        row.put("email", raw);
        Account a = mapper().map(row, "row 1");
        assertThat(a.email().isOk()).isFalse();
        assertThat(a.email().problem()).isEqualTo(Reason.EMAIL_INVALID);
        assertThat(a.mobile().isOk()).isTrue();
    }

    @Test
    void missingEmailAndAppUserAreNamedProblems() {
        Map<String, Object> row = goodRow();
        row.remove("email");
        row.put("app_user_id", " ");
        Account a = mapper().map(row, "row 1");
        assertThat(a.email().problem()).isEqualTo(Reason.NO_EMAIL);
        assertThat(a.appUserId().problem()).isEqualTo(Reason.NO_APP_USER);

        row.put("app_user_id", "u".repeat(129));
        assertThat(mapper().map(row, "row 1").appUserId().problem()).isEqualTo(Reason.NO_APP_USER);
    }

    @Test
    void rowWithoutItsEssentialsIsRejectedNamingEveryBadField() {
        Map<String, Object> row = goodRow();
        row.remove("borrower_id");
        row.put("loan_id", "  ");
        row.put("amount_due", "abc");
        row.put("due_date", "2026-13-45");
        row.put("currency", "RMB");
        row.put("days_past_due", "x");

        RowRejectedException e = catchThrowableOfType(RowRejectedException.class, () -> mapper().map(row, "row 17"));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.ROW_INVALID);
        assertThat(e.sourceRef()).isEqualTo("row 17");
        assertThat(e.detail())
                .contains("borrower_id: missing")
                .contains("loan_id: missing")
                .contains("amount_due: 'abc' is not a number")
                .contains("due_date: '2026-13-45' is not a date")
                .contains("currency: 'RMB' is not an ISO 4217 code")
                .contains("days_past_due: 'x' is not a whole number");
        assertThat(e.detail().split("; ")).hasSize(6);
        assertNoPersonalData(e.getMessage(), row);
        assertThat(e.getMessage()).contains("row 17").contains("ROW_INVALID");
    }

    @Test
    void negativeAmountRejectsTheRow() {
        Map<String, Object> row = goodRow();
        row.put("amount_due", "-5.00");
        RowRejectedException e = catchThrowableOfType(RowRejectedException.class, () -> mapper().map(row, "row 9"));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.ROW_INVALID);
        assertThat(e.detail()).contains("amount_due: negative");
        // the ids that were readable are kept for the ledger
        assertThat(e.loanId()).isEqualTo("L2000123");
        assertThat(e.borrowerId()).isEqualTo("B-1001");
        assertNoPersonalData(e.getMessage(), row);
    }

    @Test
    void missingAmountOrDueDateRejectsTheRow() {
        Map<String, Object> row = goodRow();
        row.remove("amount_due");
        row.put("due_date", "");
        RowRejectedException e = catchThrowableOfType(RowRejectedException.class, () -> mapper().map(row, "row 5"));
        assertThat(e).isNotNull();
        assertThat(e.detail()).contains("amount_due: missing").contains("due_date: missing");
        assertNoPersonalData(e.getMessage(), row);
    }

    @Test
    void tooLongIdRejectsTheRow() {
        Map<String, Object> row = goodRow();
        row.put("loan_id", "L".repeat(65));
        RowRejectedException e = catchThrowableOfType(RowRejectedException.class, () -> mapper().map(row, "row 6"));
        assertThat(e).isNotNull();
        assertThat(e.detail()).contains("loan_id: longer than 64 characters");
    }

    private static void assertNoPersonalData(String message, Map<String, Object> row) {
        assertThat(message)
                .doesNotContain("Amelia")
                .doesNotContain("Clarke")
                .doesNotContain("138")
                .doesNotContain("8000")
                .doesNotContain("@")
                .doesNotContain("Example")
                .doesNotContain(String.valueOf(row.get("mobile")))
                .doesNotContain(String.valueOf(row.get("email")));
    }

    @Test
    void sqlAndJavaTimeDueDatesAreAccepted() {
        LocalDate due = LocalDate.of(2026, 11, 26);
        List<Object> values = new ArrayList<>();
        values.add(java.sql.Date.valueOf(due));
        values.add(due);
        values.add(Timestamp.valueOf(LocalDateTime.of(2026, 11, 26, 23, 30)));
        values.add(LocalDateTime.of(2026, 11, 26, 0, 0));
        for (Object v : values) {
            Map<String, Object> row = goodRow();
            row.put("due_date", v);
            assertThat(mapper().map(row, "row 1").dueDate()).as("due date from %s", v.getClass()).isEqualTo(due);
        }
    }

    @Test
    void numericColumnValuesAreAccepted() {
        Map<String, Object> row = goodRow();
        row.put("amount_due", new BigDecimal("1250.5"));
        row.put("days_past_due", 12L);
        row.put("loan_id", 2000123);
        Account a = mapper().map(row, "row 1");
        assertThat(a.amountDue()).isEqualByComparingTo("1250.5");
        assertThat(a.daysPastDue()).isEqualTo(12);
        assertThat(a.loanId()).isEqualTo("2000123");
    }

    @Test
    void columnsForOtherPeopleAreIgnoredAndAppearNowhere() {
        Map<String, Object> row = goodRow();
        row.put("emergency_contact_mobile", "+86 139 0000 1111");
        row.put("EMPLOYER_NAME", "Zhongguancun Widgets Ltd");
        row.put("guarantor_email", "guarantor@example.org");

        Account a = mapper().map(row, "row 1");

        List<String> everything = new ArrayList<>();
        everything.add(a.toString());
        everything.add(a.borrowerId());
        everything.add(a.loanId());
        everything.add(a.name());
        everything.add(String.valueOf(a.locale().orNull()));
        everything.add(a.locale().detail());
        everything.add(String.valueOf(a.timeZone()));
        everything.add(a.mobile().orNull());
        everything.add(a.mobile().detail());
        everything.add(a.email().orNull());
        everything.add(a.email().detail());
        everything.add(a.appUserId().orNull());
        everything.add(a.appUserId().detail());
        everything.add(String.valueOf(a.amountDue()));
        everything.add(String.valueOf(a.currency()));
        everything.add(String.valueOf(a.dueDate()));
        everything.add(String.valueOf(a.daysPastDue()));
        everything.add(a.repaymentLink());
        everything.add(a.sourceRef());
        everything.addAll(a.notes());
        for (String s : everything) {
            assertThat(String.valueOf(s))
                    .doesNotContain("1390000")
                    .doesNotContain("0000 1111")
                    .doesNotContain("1111")
                    .doesNotContain("Zhongguancun")
                    .doesNotContain("Widgets")
                    .doesNotContain("guarantor");
        }
        // and the borrower's own mobile is still the one used
        assertThat(a.mobile().value()).isEqualTo("+8613800138000");
    }

    @Test
    void repaymentLinkThatIsNotHttpIsDroppedWithANote() {
        Map<String, Object> row = goodRow();
        row.put("repayment_link", "javascript:alert(document.cookie)");
        Account a = mapper().map(row, "row 1");
        assertThat(a.repaymentLink()).isNull();
        assertThat(a.notes()).contains("repayment link is not an http(s) URL; used the lender's payment page");

        row.put("repayment_link", "https://pay example.com/x"); // not a URI at all
        Account b = mapper().map(row, "row 1");
        assertThat(b.repaymentLink()).isNull();
        assertThat(b.notes()).anySatisfy(n -> assertThat(n).startsWith("repayment link is not an http(s) URL"));
    }

    @Test
    void longNameIsCutTo200Characters() {
        Map<String, Object> row = goodRow();
        row.put("name", "名".repeat(250));
        assertThat(mapper().map(row, "row 1").name()).hasSize(200);
    }
}
