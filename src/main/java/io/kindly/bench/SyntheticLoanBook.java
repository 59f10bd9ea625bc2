package io.kindly.bench;

import io.kindly.db.DatabaseSettings;
import io.kindly.demo.DemoLoanBook;
import io.kindly.domain.Channel;
import io.kindly.domain.Stage;
import io.kindly.plan.Cadence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The bench's loan book: N accounts in the demo lender's {@code loan_book} table (created by {@link DemoLoanBook}, so
 * the shipped query and column mapping read it unchanged), each a different borrower with one loan, all reachable on
 * every channel and with nothing that stops a message: no holds, no opt-outs, no quiet days, consent to everything.
 * What is measured is the cost of sending, not of deciding not to.
 *
 * <p>The due dates go round the cadence's stages in turn, so the book has as many accounts on each stage and the
 * number of messages per account is what the cadence makes of a real book (2.5 over three channels with the shipped
 * cadence). Rows are generated and written in batches as they go: a million accounts need no more memory than ten.
 */
public final class SyntheticLoanBook {
    /** Where every borrower of the book lives: the zone of the shipped cn profile and cycle. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int BATCH = 1_000;
    private static final int BATCHES_PER_COMMIT = 10;

    private static final String[] CN_SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
    private static final String[] CN_GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "杰",
        "娟", "涛", "明", "超", "秀英", "晓燕", "志强", "海燕"};
    private static final String[] EN_FIRST = {"Amelia", "Oliver", "Grace", "Samuel", "Chloe", "Daniel", "Priya",
        "Liam", "Sofia", "Noah", "Hannah", "Mateo", "Aisha", "Ethan", "Mei", "Lucas"};
    private static final String[] EN_LAST = {"Clarke", "Bennett", "Okafor", "Murphy", "Patel", "Nguyen", "Walsh",
        "Hughes", "Garcia", "Kowalski", "Tan", "Reid", "Silva", "Byrne"};

    /**
     * @param planned the messages the cycle should send, by channel: every account's stage channels that are enabled
     */
    public record Seeded(long accounts, Map<Channel, Long> planned, Duration took) {
        public long plannedTotal() {
            return planned.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private SyntheticLoanBook() {
    }

    public static Seeded seed(DatabaseSettings db, long accounts, Cadence cadence, Set<Channel> enabled,
            LocalDate businessDate) throws SQLException {
        if (accounts > 99_999_999L) {
            throw new IllegalArgumentException("at most 99,999,999 accounts (their mobile numbers must differ)");
        }
        long started = System.nanoTime();
        DemoLoanBook.createTable(db);
        List<Stage> stages = cadence.stages();
        Map<Channel, Long> planned = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            planned.put(c, 0L);
        }
        String sql = "insert into loan_book (cust_no, loan_no, full_name, lang, tz, mobile_no, email_addr, app_uid,"
                + " outstanding, ccy, due_on, dpd, pay_url, status, consent, work_email)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (long i = 0; i < accounts; i++) {
                Stage stage = stages.get((int) (i % stages.size()));
                for (Channel channel : stage.channels()) {
                    if (enabled.contains(channel)) {
                        planned.merge(channel, 1L, Long::sum);
                    }
                }
                bind(ps, i, stage, businessDate);
                ps.addBatch();
                if ((i + 1) % BATCH == 0) {
                    ps.executeBatch();
                    if ((i + 1) % (BATCH * BATCHES_PER_COMMIT) == 0) {
                        c.commit();
                    }
                }
            }
            ps.executeBatch();
            c.commit();
        }
        return new Seeded(accounts, planned, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void bind(PreparedStatement ps, long i, Stage stage, LocalDate businessDate) throws SQLException {
        boolean chinese = i % 5 < 3; // three in five write Chinese, like the demo lender's book
        String borrower = String.format("B%08d", i);
        String loan = String.format("L%08d", i);
        ps.setString(1, borrower);
        ps.setString(2, loan);
        ps.setString(3, chinese ? CN_SURNAMES[(int) (i % CN_SURNAMES.length)] + CN_GIVEN[(int) (i / 7 % CN_GIVEN.length)]
                : EN_FIRST[(int) (i % EN_FIRST.length)] + " " + EN_LAST[(int) (i / 3 % EN_LAST.length)]);
        ps.setString(4, chinese ? "zh-CN" : "en");
        ps.setString(5, ZONE.getId());
        // a valid China Mobile number of its own for every borrower: nobody shares an address, so no cap is shared
        ps.setString(6, String.format("+86 138 %04d %04d", i / 10_000, i % 10_000));
        ps.setString(7, "borrower" + i + "@example.com");
        ps.setString(8, "app-" + i);
        ps.setBigDecimal(9, BigDecimal.valueOf(30_000 + (i * 7_919) % 2_970_000, 2));
        ps.setString(10, "CNY");
        LocalDate due = businessDate.minusDays(stage.offsetDays());
        ps.setObject(11, due);
        ps.setInt(12, Math.max(0, stage.offsetDays()));
        ps.setString(13, "https://pay.example.com/l/" + loan);
        ps.setString(14, "OPEN");
        ps.setString(15, "sms,email,inapp");
        ps.setString(16, "N");
    }

    /** Its own connection: Kindly's pool on a loan book is read-only (Kindly never writes to a lender's book). */
    private static Connection connect(DatabaseSettings db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.username());
        props.setProperty("password", db.password());
        if (db.url().startsWith("jdbc:postgresql:")) {
            props.setProperty("reWriteBatchedInserts", "true"); // one multi-row insert per batch instead of 1,000
        }
        return DriverManager.getConnection(db.url(), props);
    }
}
