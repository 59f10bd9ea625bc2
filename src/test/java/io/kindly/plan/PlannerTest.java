package io.kindly.plan;

import io.kindly.domain.CycleRun;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Stage;
import io.kindly.domain.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.kindly.domain.Channel.EMAIL;
import static io.kindly.domain.Channel.INAPP;
import static io.kindly.domain.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {

    private static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 11, 23);
    private static final Set<Channel> ALL = EnumSet.allOf(Channel.class);
    private static final java.time.Clock CLOCK = java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T02:00:00Z"),
            java.time.ZoneOffset.UTC);

    private static final Cadence CADENCE = new Cadence(List.of(
            new Stage("before-3", -3, List.of(SMS, EMAIL, INAPP), "upcoming"),
            new Stage("before-1", -1, List.of(SMS, INAPP), "upcoming"),
            new Stage("due-today", 0, List.of(SMS, EMAIL, INAPP), "due-today"),
            new Stage("overdue-7", 7, List.of(SMS, EMAIL), "overdue")));

    private static Account account(String loanId, String amount, LocalDate due) {
        return new Account("B-1", loanId, "Amelia Clarke", Checked.ok(Locale.ENGLISH), ZoneId.of("Asia/Shanghai"),
                Checked.ok("+8613800138000"), Checked.ok("amelia@example.com"), Checked.ok("app-1"),
                new BigDecimal(amount), Currency.getInstance("CNY"), due, null, null, "row 1", List.of());
    }

    private static CycleRun run(LocalDate date) {
        return new CycleRun(date, "test", Instant.parse("2026-11-23T02:00:00Z"));
    }

    @Test
    void accountDueInThreeDaysGetsBeforeThreeOnEachOfItsChannels() {
        CycleRun run = run(BUSINESS_DATE);
        Account account = account("L2000123", "1250.00", BUSINESS_DATE.plusDays(3));

        List<Contact> contacts = new Planner(CADENCE, ALL, CLOCK).plan(account, run);

        assertThat(contacts).extracting(Contact::channel).containsExactly(SMS, EMAIL, INAPP);
        assertThat(contacts).allSatisfy(c -> {
            assertThat(c.stage().name()).isEqualTo("before-3");
            assertThat(c.account()).isSameAs(account);
            assertThat(c.businessDate()).isEqualTo(BUSINESS_DATE);
            assertThat(c.runId()).isEqualTo(run.runId());
            assertThat(c.status()).isEqualTo(Status.PENDING);
            assertThat(c.id()).isEqualTo(Contact.idFor("L2000123", "before-3", c.channel(), BUSINESS_DATE));
        });
        assertThat(run.accountsWithStage()).isEqualTo(1);
    }

    @Test
    void overdueAccountGetsTheStageOfItsDay() {
        Account account = account("L1", "10", BUSINESS_DATE.minusDays(7));
        List<Contact> contacts = new Planner(CADENCE, ALL, CLOCK).plan(account, run(BUSINESS_DATE));
        assertThat(contacts).extracting(c -> c.stage().name()).containsOnly("overdue-7");
        assertThat(contacts).extracting(Contact::channel).containsExactly(SMS, EMAIL);
    }

    @Test
    void accountWithoutAStageThatDayGetsNothing() {
        CycleRun run = run(BUSINESS_DATE);
        Planner planner = new Planner(CADENCE, ALL, CLOCK);

        assertThat(planner.plan(account("L1", "1250.00", BUSINESS_DATE.plusDays(2)), run)).isEmpty();
        assertThat(planner.plan(account("L2", "1250.00", BUSINESS_DATE.minusDays(3)), run)).isEmpty();
        assertThat(planner.plan(account("L3", "1250.00", BUSINESS_DATE.plusDays(30)), run)).isEmpty();
        assertThat(run.accountsWithStage()).isZero();
    }

    @Test
    void nothingOwedMeansNoContact() {
        CycleRun run = run(BUSINESS_DATE);
        Planner planner = new Planner(CADENCE, ALL, CLOCK);
        assertThat(planner.plan(account("L1", "0", BUSINESS_DATE), run)).isEmpty();
        assertThat(planner.plan(account("L2", "0.00", BUSINESS_DATE.plusDays(3)), run)).isEmpty();
        assertThat(run.accountsWithStage()).isZero();
    }

    @Test
    void disabledChannelsAreNotPlanned() {
        Planner planner = new Planner(CADENCE, EnumSet.of(SMS, INAPP), CLOCK);
        List<Contact> contacts = planner.plan(account("L1", "1250.00", BUSINESS_DATE.plusDays(3)), run(BUSINESS_DATE));
        assertThat(contacts).extracting(Contact::channel).containsExactly(SMS, INAPP);

        Planner emailOnly = new Planner(CADENCE, EnumSet.of(EMAIL), CLOCK);
        assertThat(emailOnly.plan(account("L1", "1250.00", BUSINESS_DATE.plusDays(1)), run(BUSINESS_DATE)))
                .as("before-1 has no email").isEmpty();
    }

    @Test
    void contactIdsAreStableForTheSameBusinessKey() {
        Account account = account("L2000123", "1250.00", BUSINESS_DATE.plusDays(3));
        Planner planner = new Planner(CADENCE, ALL, CLOCK);

        // two runs (another node, a retry, a restart) compute the same ids
        List<String> first = planner.plan(account, run(BUSINESS_DATE)).stream().map(Contact::id).toList();
        List<String> second = planner.plan(account, run(BUSINESS_DATE)).stream().map(Contact::id).toList();
        assertThat(second).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates().allMatch(id -> id.matches("k1-[0-9a-f]{32}"));

        Stage stage = CADENCE.stageAt(-3).orElseThrow();
        Contact a = new Contact(account, stage, SMS, BUSINESS_DATE, "run-a");
        Contact b = new Contact(account, stage, SMS, BUSINESS_DATE, "run-b");
        assertThat(a.id()).isEqualTo(b.id()).isEqualTo(Contact.idFor("L2000123", "before-3", SMS, BUSINESS_DATE));
    }

    @Test
    void contactIdsDifferByChannelStageDateAndLoan() {
        String base = Contact.idFor("L2000123", "before-3", SMS, BUSINESS_DATE);
        assertThat(Set.of(
                base,
                Contact.idFor("L2000123", "before-3", EMAIL, BUSINESS_DATE),
                Contact.idFor("L2000123", "before-1", SMS, BUSINESS_DATE),
                Contact.idFor("L2000123", "before-3", SMS, BUSINESS_DATE.plusDays(1)),
                Contact.idFor("L2000124", "before-3", SMS, BUSINESS_DATE))).hasSize(5);
        // the fields are separated, so moving text from one field to the next gives another id
        assertThat(Contact.idFor("L1", "0-x", SMS, BUSINESS_DATE)).isNotEqualTo(Contact.idFor("L10", "-x", SMS, BUSINESS_DATE));
    }
}
