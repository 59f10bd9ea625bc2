package io.kindly.policy;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.ContactFacts;
import io.kindly.domain.HoldType;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.domain.Status;
import io.kindly.ledger.LedgerSchema;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.LedgerStore;
import io.kindly.support.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@link ContactPolicyTest} works with: an H2 ledger in a temporary folder, a clock the test moves, the policy's
 * store, and builders for profiles, accounts and contacts, plus plain-JDBC reads of what the ledger recorded.
 */
final class PolicyFixture implements AutoCloseable {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String HELP_LINK = "https://help.example.com/reminders";
    static final String MOBILE = "+8613800138000";
    static final String EMAIL = "li.wei@example.com";

    final HikariDataSource ds;
    final MutableClock clock;
    final LedgerStore ledger;
    final PolicyStore store;

    /**
     * A fresh ledger in {@code dir}: a copy of the {@link #migratedLedger migrated} one in {@code template}, so that
     * each test gets its own database without paying for the migrations every time.
     */
    PolicyFixture(Path template, Path dir, Instant start) {
        try (Stream<Path> files = Files.list(template)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("ledger.")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ds = pool(dir);
        clock = new MutableClock(start);
        ledger = new JdbcLedgerStore(ds, clock, "node");
        store = new PolicyStore(ds, clock);
    }

    /** Creates the ledger's tables in an H2 file in {@code dir}, and closes it. */
    static void migratedLedger(Path dir) {
        try (HikariDataSource template = pool(dir)) {
            LedgerSchema.migrate(template);
        }
    }

    private static HikariDataSource pool(Path dir) {
        return Databases.pool(new DatabaseSettings("kindly.ledger",
                "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa", "", 4), "t", false);
    }

    @Override
    public void close() {
        ds.close();
    }

    /** A wall-clock time in Shanghai. */
    static Instant shanghai(LocalDate day, int hour, int minute) {
        return local(SHANGHAI, day, hour, minute);
    }

    static Instant local(ZoneId zone, LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute), zone).toInstant();
    }

    // ------------------------------------------------------------------------------------------------ the policy

    ContactPolicy policy(PolicyProfile profile) {
        return policy(profile.name(), Map.of(), profile);
    }

    /** A policy whose default profile is {@code defaultProfile}, with default region CN. */
    ContactPolicy policy(String defaultProfile, Map<String, String> profileByRegion, PolicyProfile... profiles) {
        Map<String, PolicyProfile> byName = new LinkedHashMap<>();
        for (PolicyProfile p : profiles) {
            byName.put(p.name(), p);
        }
        PolicySettings settings = new PolicySettings(defaultProfile, profileByRegion, "CN", byName, Map.of(),
                Duration.ofMinutes(5), Duration.ofHours(48), Duration.ofSeconds(60), "0 0/5 * * * ?", Map.of());
        return new ContactPolicy(settings, store, ds, clock, "STOP", List.of(HELP_LINK));
    }

    static Profile profile(String name) {
        return new Profile(name);
    }

    /** A profile like the shipped cn one (08:00-22:00, every day), with no caps and no conditions unless set. */
    static final class Profile {
        private final String name;
        private LocalTime start = LocalTime.of(8, 0);
        private LocalTime end = LocalTime.of(22, 0);
        private Set<DayOfWeek> noContactDays = Set.of();
        private Integer perDay;
        private Integer perWeek;
        private Integer perMonth;
        private Integer perChannelPerDay;
        private Integer perChannelPerWeek;
        private Duration minGap = Duration.ZERO;
        private PolicyProfile.CapAction capAction = PolicyProfile.CapAction.DEFER;
        private Set<Channel> consentRequired = Set.of();
        private Set<Channel> optOutNotice = Set.of();
        private boolean noWorkEmail;

        private Profile(String name) {
            this.name = name;
        }

        Profile window(LocalTime from, LocalTime to) {
            start = from;
            end = to;
            return this;
        }

        Profile noContactDays(Set<DayOfWeek> days) {
            noContactDays = days;
            return this;
        }

        Profile perDay(int cap) {
            perDay = cap;
            return this;
        }

        Profile perWeek(int cap) {
            perWeek = cap;
            return this;
        }

        Profile perMonth(int cap) {
            perMonth = cap;
            return this;
        }

        Profile perChannelPerDay(int cap) {
            perChannelPerDay = cap;
            return this;
        }

        Profile perChannelPerWeek(int cap) {
            perChannelPerWeek = cap;
            return this;
        }

        Profile minGap(Duration gap) {
            minGap = gap;
            return this;
        }

        Profile capAction(PolicyProfile.CapAction action) {
            capAction = action;
            return this;
        }

        Profile consentRequired(Set<Channel> channels) {
            consentRequired = channels;
            return this;
        }

        Profile optOutNotice(Set<Channel> channels) {
            optOutNotice = channels;
            return this;
        }

        Profile noWorkEmail(boolean forbid) {
            noWorkEmail = forbid;
            return this;
        }

        PolicyProfile build() {
            return new PolicyProfile(name, start, end, noContactDays, false, false,
                    new PolicyProfile.Caps(perDay, perWeek, perMonth, perChannelPerDay, perChannelPerWeek, minGap),
                    capAction, consentRequired, optOutNotice, noWorkEmail);
        }
    }

    // ---------------------------------------------------------------------------------------- accounts, contacts

    static ContactFacts facts(String region, Set<Channel> consent, boolean workEmail, Set<HoldType> holds) {
        return new ContactFacts(region, List.of(), consent, workEmail, holds);
    }

    /** A loan of a borrower in Shanghai, with the borrower's usual mobile and email. */
    static Account account(String borrowerId, String loanId) {
        return account(borrowerId, loanId, SHANGHAI, Checked.ok(MOBILE), EMAIL, ContactFacts.NONE);
    }

    static Account account(String borrowerId, String loanId, ZoneId zone, Checked<String> mobile, String email,
            ContactFacts facts) {
        return new Account(borrowerId, loanId, "李伟", Checked.ok(Locale.forLanguageTag("zh-CN")), zone, mobile,
                Checked.ok(email), Checked.ok("app-" + borrowerId), new BigDecimal("1250.00"),
                Currency.getInstance("CNY"), LocalDate.of(2026, 6, 1), 8, "https://pay.example.com/l/" + loanId,
                "row " + loanId, List.of(), facts);
    }

    static Stage stage(String name) {
        return new Stage(name, 0, List.of(Channel.SMS, Channel.EMAIL, Channel.INAPP), name);
    }

    /** A contact for the borrower's local date now, addressed as the pipeline would address it. */
    Contact contact(Account account, String stage, Channel channel) {
        return contact(account, stage, channel, clock.instant().atZone(account.timeZone()).toLocalDate());
    }

    Contact contact(Account account, String stage, Channel channel, LocalDate businessDate) {
        Contact c = new Contact(account, stage(stage), channel, businessDate, "run");
        c.recipient(account.addressFor(channel).orNull());
        return c;
    }

    /** A contact sent at the clock's time, without the policy: what an earlier cycle left in the ledger. */
    void seedSent(Contact c) {
        c.profile("seed");
        if (!ledger.claim(c)) {
            throw new IllegalStateException("could not seed " + c);
        }
        ledger.recordOutcome(c, Status.SENT, null, "gw-seed", null);
    }

    LedgerStore.ClaimResult claim(ContactPolicy policy, Contact c) {
        return ledger.claim(c, policy.guard());
    }

    void sent(Contact c) {
        ledger.recordOutcome(c, Status.SENT, null, "gw", null);
    }

    // -------------------------------------------------------------------------------------- what was recorded

    record ContactRow(Status status, Reason reason, Instant notBefore, Instant sentAt) {
    }

    record Entry(Status status, Reason reason, String detail, String policyProfile, Instant notBefore,
            String contactId) {
    }

    ContactRow row(Contact c) {
        List<ContactRow> rows = new ArrayList<>();
        query("select status, reason, not_before_utc, sent_at_utc from kindly_contact where contact_id = ?",
                rs -> rows.add(new ContactRow(Status.valueOf(rs.getString(1)), reason(rs.getString(2)),
                        instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)))), c.id());
        if (rows.size() != 1) {
            throw new AssertionError("expected one kindly_contact row for " + c + ", found " + rows.size());
        }
        return rows.get(0);
    }

    List<Entry> entries(Contact c) {
        return entries("contact_id = ?", c.id());
    }

    List<Entry> allEntries() {
        return entries("1 = 1");
    }

    private List<Entry> entries(String where, Object... params) {
        List<Entry> list = new ArrayList<>();
        query("select status, reason, detail, policy_profile, not_before_utc, contact_id from kindly_ledger_entry"
                + " where " + where + " order by entry_id",
                rs -> list.add(new Entry(Status.valueOf(rs.getString(1)), reason(rs.getString(2)), rs.getString(3),
                        rs.getString(4), instant(rs.getTimestamp(5)), rs.getString(6))), params);
        return list;
    }

    /** How many of the borrower's contacts the ledger holds in the given status. */
    int count(String borrowerId, Status status) {
        int[] n = {0};
        query("select count(*) from kindly_contact where borrower_id = ? and status = ?", rs -> n[0] = rs.getInt(1),
                borrowerId, status.name());
        return n[0];
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Reason reason(String name) {
        return name == null ? null : Reason.valueOf(name);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
