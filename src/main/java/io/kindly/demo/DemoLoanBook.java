package io.kindly.demo;

import io.kindly.db.DatabaseSettings;
import io.kindly.domain.Channel;
import io.kindly.domain.HoldType;
import io.kindly.shared.PhoneNumbers;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * The demo lender's loan book: created by Flyway ({@code db/demo-loanbook}) and filled on first start with accounts
 * whose due dates are relative to that day, so every cadence stage has accounts on it.
 *
 * <p>The data are generated from a fixed seed, so a given size and date always give the same book. A handful of rows
 * at the start are deliberately bad (missing or malformed mobile, email, locale, time zone, loan number, amount,
 * currency) so that a demo run shows each kind of skip with its reason. All addresses are fictitious: email domains
 * are the reserved example.com/.org/.net, and the demo only ever sends to local sinks.
 */
public final class DemoLoanBook {
    /** Where the demo's special borrowers live. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");
    private static final Logger LOG = LoggerFactory.getLogger(DemoLoanBook.class);

    /** The days relative to the due date on which the default cadence has a stage. */
    static final int[] STAGE_OFFSETS = {-3, -1, 0, 1, 3, 7, 15, 30};

    private static final String[] CN_SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
    private static final String[] CN_GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "杰",
        "娟", "涛", "明", "超", "秀英", "晓燕", "志强", "海燕"};
    private static final String[] TW_SURNAMES = {"陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊"};
    private static final String[] TW_GIVEN = {"怡君", "雅婷", "志明", "家豪", "淑芬", "美玲", "俊傑", "宜蓁", "冠宇",
        "詩涵", "建宏", "佩君"};
    private static final String[] EN_FIRST = {"Amelia", "Oliver", "Grace", "Samuel", "Chloe", "Daniel", "Priya",
        "Liam", "Sofia", "Noah", "Hannah", "Mateo", "Aisha", "Ethan", "Mei", "Lucas"};
    private static final String[] EN_LAST = {"Clarke", "Bennett", "Okafor", "Murphy", "Patel", "Nguyen", "Walsh",
        "Hughes", "Garcia", "Kowalski", "Tan", "Reid", "Silva", "Byrne"};

    private record Market(String lang, String zone, String ccy, String mobilePrefix, int mobileDigits) {
    }

    private static final List<Market> MARKETS = List.of(
            new Market("zh-CN", "Asia/Shanghai", "CNY", "+86 13", 9),
            new Market("zh-CN", "Asia/Shanghai", "CNY", "+86 18", 9),
            new Market("zh-CN", "Asia/Urumqi", "CNY", "+86 15", 9),
            new Market("zh-TW", "Asia/Taipei", "TWD", "+886 9", 8),
            new Market("zh-TW", "Asia/Taipei", "TWD", "+886 9", 8),
            new Market("zh-HK", "Asia/Hong_Kong", "HKD", "+852 9", 7),
            new Market("en", "Asia/Singapore", "SGD", "+65 9", 7),
            new Market("en-GB", "Europe/London", "GBP", "+44 79", 8),
            new Market("en", "America/New_York", "USD", "+1 212 555 01", 2),
            new Market("en", "America/Los_Angeles", "USD", "+1 415 555 01", 2),
            new Market("en-IE", "Europe/Dublin", "EUR", "+353 85", 7),
            new Market("en-AU", "Australia/Sydney", "AUD", "+61 4", 8));

    private DemoLoanBook() {
    }

    /**
     * Creates the loan book (Flyway) and fills it if it is empty. Uses its own short-lived connection because
     * Kindly's pool on the loan book is read-only: Kindly never writes to a lender's loan book.
     *
     * @return the number of rows written (0 if the book was already filled)
     */
    public static int prepare(DatabaseSettings db, LocalDate today, int size) {
        return prepare(db, today, today.getDayOfWeek(), size);
    }

    /**
     * @param today    due dates are set relative to this business date
     * @param quietDay the day of the week one borrower asked not to be contacted on: the day it is in Shanghai when
     *                 the demo starts, which is not the business date's when {@code once --date} names another day
     */
    public static int prepare(DatabaseSettings db, LocalDate today, java.time.DayOfWeek quietDay, int size) {
        createTable(db);
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from loan_book")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return 0;
                }
            }
            c.setAutoCommit(false);
            int n = insert(c, today, quietDay, size);
            c.commit();
            LOG.info("demo loan book seeded with {} accounts, due dates relative to {}", n, today);
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the demo loan book: " + e.getMessage(), e);
        }
    }

    /**
     * Creates (or brings up to date) the empty {@code loan_book} table, with the lender-style columns that
     * {@code config/source/accounts.sql} and the shipped column mapping read. {@code kindly bench} fills it with its own
     * synthetic accounts.
     */
    public static void createTable(DatabaseSettings db) {
        String url = db.url().toLowerCase(java.util.Locale.ROOT);
        // MySQL and MariaDB have no identity columns: their DDL is kept beside the H2/PostgreSQL one
        String folder = url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:") ? "db/demo-loanbook-mysql"
                : "db/demo-loanbook";
        Flyway.configure().dataSource(db.url(), db.username(), db.password())
                .locations("classpath:" + folder).table("demo_schema_history").load().migrate();
    }

    private static int insert(Connection c, LocalDate today, java.time.DayOfWeek quietDay, int size)
            throws SQLException {
        String sql = "insert into loan_book (cust_no, loan_no, full_name, lang, tz, mobile_no, email_addr, app_uid,"
                + " outstanding, ccy, due_on, dpd, pay_url, status, emergency_contact_name, emergency_contact_mobile,"
                + " employer_name, region, other_tz, consent, work_email, lender_holds, quiet_days)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Random random = new Random(20_261_123L);
        int written = 0;
        List<Row> earlier = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < size; i++) {
                Row row = i < Special.values().length ? special(Special.values()[i], i, today, quietDay, random)
                        : ordinary(i, today, random);
                if (i >= Special.values().length && !earlier.isEmpty() && random.nextInt(100) < 6) {
                    // a borrower with more than one loan: the same person, so the caps count both
                    row.sameBorrowerAs(earlier.get(random.nextInt(earlier.size())));
                }
                if (i >= Special.values().length) {
                    earlier.add(row);
                }
                row.bind(ps);
                ps.addBatch();
                written++;
                if (written % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        return written;
    }

    /**
     * The deliberately bad or unusual rows, all due today so the demo cycle meets every one of them: bad data, and
     * every hold, opt-out and consent case the contact policy knows. Their borrower and loan numbers follow their
     * position ({@code C100000 + index}, {@code L2000000 + index}).
     */
    enum Special {
        NO_MOBILE, MALFORMED_MOBILE, LANDLINE, NO_EMAIL, MALFORMED_EMAIL, NO_APP_ACCOUNT, NO_LOCALE,
        UNKNOWN_LANGUAGE, MALFORMED_LOCALE, UNKNOWN_TIME_ZONE, NO_LOAN_NUMBER, NEGATIVE_AMOUNT, NOT_A_CURRENCY,
        UNSAFE_PAY_LINK, HONG_KONG_CHINESE, MARKUP_IN_NAME,
        // holds placed in Kindly (by a reply, by staff) and holds in the lender's own records
        DISPUTED, ASKED_NOT_TO_BE_CONTACTED, IN_HARDSHIP, ON_A_REPAYMENT_PLAN, PROMISED_TO_PAY, DECEASED,
        BANKRUPT_IN_LENDER_RECORDS, PAID_IN_LENDER_RECORDS,
        // the borrower's own choices and the law's conditions
        OPTED_OUT_OF_SMS_AT_THIS_NUMBER, OPTED_OUT_OF_EMAIL, US_WITHOUT_SMS_CONSENT, US_WORK_EMAIL,
        // the demo's fictional region, whose public holiday is today
        ON_A_DEMO_HOLIDAY,
        // asked not to be contacted on the day of the week it is when the demo starts
        ASKED_FOR_QUIET_DAY
    }

    static String borrowerOf(Special s) {
        return String.format("C%06d", 100_000 + s.ordinal());
    }

    static String loanOf(Special s) {
        return String.format("L%07d", 2_000_000 + s.ordinal());
    }

    /**
     * The demo's holds and opt-outs in Kindly's own tables, matching the special rows: what a borrower's reply or a
     * member of staff would have placed.
     */
    public static void placeDemoHoldsAndOptOuts(io.kindly.policy.PolicyStore store, LocalDate today) {
        String by = "demo";
        store.placeHold(borrowerOf(Special.DISPUTED), loanOf(Special.DISPUTED), HoldType.DISPUTE, null, by,
                "borrower disputes the amount");
        store.placeHold(borrowerOf(Special.ASKED_NOT_TO_BE_CONTACTED), null, HoldType.CEASE_CONTACT, null, by,
                "written request to stop contact");
        store.placeHold(borrowerOf(Special.IN_HARDSHIP), loanOf(Special.IN_HARDSHIP), HoldType.HARDSHIP, null, by,
                "lost job; income review");
        store.placeHold(borrowerOf(Special.ON_A_REPAYMENT_PLAN), loanOf(Special.ON_A_REPAYMENT_PLAN),
                HoldType.REPAYMENT_PLAN, null, by, "6 monthly instalments agreed");
        store.placeHold(borrowerOf(Special.PROMISED_TO_PAY), loanOf(Special.PROMISED_TO_PAY), HoldType.PROMISE_TO_PAY,
                today.plusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), by, "will pay on payday");
        store.placeHold(borrowerOf(Special.DECEASED), null, HoldType.DECEASED, null, by, "notified by family");
        store.optOut(Channel.SMS, "+8613800138003", null, by, "replied STOP");
        store.optOut(Channel.EMAIL, null, borrowerOf(Special.OPTED_OUT_OF_EMAIL), by, "asked by phone");
    }

    private static Row special(Special kind, int i, LocalDate today, java.time.DayOfWeek quietDay, Random random) {
        Row row = ordinary(i, today, random);
        row.dueOn = today;
        row.dpd = 0;
        row.status = "OPEN";
        if (row.outstanding.signum() == 0) {
            row.outstanding = new BigDecimal("1250.00");
        }
        switch (kind) {
            case NO_MOBILE -> row.mobile = null;
            case MALFORMED_MOBILE -> row.mobile = "12345";
            case LANDLINE -> {
                row.lang = "zh-CN";
                row.mobile = "+86 10 6552 9988";
            }
            case NO_EMAIL -> row.email = null;
            case MALFORMED_EMAIL -> row.email = "li.na.at.example.com";
            case NO_APP_ACCOUNT -> row.appUid = null;
            case NO_LOCALE -> row.lang = null;
            case UNKNOWN_LANGUAGE -> row.lang = "chinese";
            case MALFORMED_LOCALE -> row.lang = "zh_CN!";
            case UNKNOWN_TIME_ZONE -> row.tz = "Mars/Olympus_Mons";
            case NO_LOAN_NUMBER -> row.loanNo = null;
            case NEGATIVE_AMOUNT -> row.outstanding = new BigDecimal("-5.00");
            case NOT_A_CURRENCY -> row.ccy = "RMB";
            case UNSAFE_PAY_LINK -> row.payUrl = "javascript:alert(1)";
            case HONG_KONG_CHINESE -> {
                row.lang = "zh-HK";
                row.tz = "Asia/Hong_Kong";
                row.ccy = "HKD";
            }
            case MARKUP_IN_NAME -> {
                china(row);
                row.lang = "en";
                row.name = "<b>Sam</b> & \"Co\"";
            }
            case DISPUTED, ASKED_NOT_TO_BE_CONTACTED, IN_HARDSHIP, ON_A_REPAYMENT_PLAN, PROMISED_TO_PAY, DECEASED ->
                china(row);
            case BANKRUPT_IN_LENDER_RECORDS -> {
                china(row);
                row.lenderHolds = "bankruptcy";
            }
            case PAID_IN_LENDER_RECORDS -> {
                china(row);
                row.lenderHolds = "paid";
            }
            case OPTED_OUT_OF_SMS_AT_THIS_NUMBER -> {
                china(row);
                row.mobile = "+86 138 0013 8003";
            }
            case OPTED_OUT_OF_EMAIL -> china(row);
            case US_WITHOUT_SMS_CONSENT -> {
                us(row);
                row.consent = "email,inapp";
            }
            case US_WORK_EMAIL -> {
                us(row);
                row.workEmail = "Y";
            }
            case ON_A_DEMO_HOLIDAY -> {
                china(row);
                row.lang = "en";
                row.region = "XD";
            }
            case ASKED_FOR_QUIET_DAY -> {
                china(row);
                row.quietDays = quietDay.name();
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return row;
    }

    /** A borrower in Shanghai, where the demo's usual run time (10:00) is inside every window. */
    private static void china(Row row) {
        row.lang = "zh-CN";
        row.tz = ZONE.getId();
        row.ccy = "CNY";
        row.region = null;
        if (!row.mobile.startsWith("+86")) {
            row.mobile = "+86 139 1234 " + row.loanNo.substring(row.loanNo.length() - 4);
        }
    }

    /** A borrower in Los Angeles with a US number, judged by the us profile. */
    private static void us(Row row) {
        row.lang = "en";
        row.tz = "America/Los_Angeles";
        row.ccy = "USD";
        row.mobile = "+1 415 555 01" + row.loanNo.substring(row.loanNo.length() - 2);
        row.consent = "sms,email,inapp";
    }

    private static Row ordinary(int i, LocalDate today, Random random) {
        Market m = MARKETS.get(random.nextInt(MARKETS.size()));
        Row row = new Row();
        row.custNo = String.format("C%06d", 100_000 + i);
        row.loanNo = String.format("L%07d", 2_000_000 + i);
        row.lang = m.lang();
        row.tz = m.zone();
        row.ccy = m.ccy();
        row.name = name(m.lang(), random);
        row.mobile = mobile(m, random);
        row.email = email(i, random);
        row.appUid = random.nextInt(10) < 8 ? "app-" + (500_000 + i) : null;
        int offset = random.nextInt(100) < 85 ? STAGE_OFFSETS[random.nextInt(STAGE_OFFSETS.length)]
                : offStage(random);
        row.dueOn = today.minusDays(offset);
        row.dpd = Math.max(0, offset);
        row.outstanding = random.nextInt(100) < 3 ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(300 + random.nextInt(29_700) + random.nextInt(100) / 100.0)
                        .setScale(2, RoundingMode.HALF_UP);
        row.payUrl = "https://pay.example.com/l/" + row.loanNo;
        row.status = random.nextInt(100) < 3 ? "CLOSED" : "OPEN";
        if (m.ccy().equals("USD")) {
            // US borrowers mostly gave consent to texts when they took the loan; some did not
            row.consent = random.nextInt(100) < 90 ? "sms,email,inapp" : "email,inapp";
            row.workEmail = random.nextInt(100) < 5 ? "Y" : "N";
        }
        row.emergencyName = m.lang().startsWith("zh") ? "紧急联系人" + i : "Emergency Contact " + i;
        row.emergencyMobile = "+86 139 0000 " + String.format("%04d", i % 10_000);
        row.employer = "Employer " + (i % 97);
        return row;
    }

    private static int offStage(Random random) {
        while (true) {
            int offset = random.nextInt(56) - 10;
            boolean onStage = false;
            for (int s : STAGE_OFFSETS) {
                onStage |= s == offset;
            }
            if (!onStage) {
                return offset;
            }
        }
    }

    private static String name(String lang, Random random) {
        if (lang.equals("zh-CN")) {
            return CN_SURNAMES[random.nextInt(CN_SURNAMES.length)] + CN_GIVEN[random.nextInt(CN_GIVEN.length)];
        }
        if (lang.startsWith("zh")) {
            return TW_SURNAMES[random.nextInt(TW_SURNAMES.length)] + TW_GIVEN[random.nextInt(TW_GIVEN.length)];
        }
        return EN_FIRST[random.nextInt(EN_FIRST.length)] + " " + EN_LAST[random.nextInt(EN_LAST.length)];
    }

    /** A random number in the market's mobile range that libphonenumber accepts, so only the special rows are bad. */
    private static String mobile(Market m, Random random) {
        while (true) {
            String candidate = m.mobilePrefix() + digits(random, m.mobileDigits());
            if (PhoneNumbers.mobile(candidate, "CN").isOk()) {
                return candidate;
            }
        }
    }

    private static String email(int i, Random random) {
        String[] domains = {"example.com", "example.org", "example.net"};
        return "borrower" + (100_000 + i) + "@" + domains[random.nextInt(domains.length)];
    }

    private static String digits(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

    private static final class Row {
        String custNo;
        String loanNo;
        String name;
        String lang;
        String tz;
        String mobile;
        String email;
        String appUid;
        BigDecimal outstanding;
        String ccy;
        LocalDate dueOn;
        int dpd;
        String payUrl;
        String status;
        String emergencyName;
        String emergencyMobile;
        String employer;
        String region;
        String otherTz;
        String consent;
        String workEmail;
        String lenderHolds;
        String quietDays;

        /** Another loan of an earlier row's borrower: same person, same contact details. */
        void sameBorrowerAs(Row other) {
            custNo = other.custNo;
            name = other.name;
            lang = other.lang;
            tz = other.tz;
            mobile = other.mobile;
            email = other.email;
            appUid = other.appUid;
            ccy = other.ccy;
            region = other.region;
            consent = other.consent;
            workEmail = other.workEmail;
        }

        void bind(PreparedStatement ps) throws SQLException {
            ps.setString(1, custNo);
            ps.setString(2, loanNo);
            ps.setString(3, name);
            ps.setString(4, lang);
            ps.setString(5, tz);
            ps.setString(6, mobile);
            ps.setString(7, email);
            ps.setString(8, appUid);
            ps.setBigDecimal(9, outstanding);
            ps.setString(10, ccy);
            ps.setObject(11, dueOn);
            ps.setInt(12, dpd);
            ps.setString(13, payUrl);
            ps.setString(14, status);
            ps.setString(15, emergencyName);
            ps.setString(16, emergencyMobile);
            ps.setString(17, employer);
            ps.setString(18, region);
            ps.setString(19, otherTz);
            ps.setString(20, consent);
            ps.setString(21, workEmail);
            ps.setString(22, lenderHolds);
            ps.setString(23, quietDays);
        }
    }
}
