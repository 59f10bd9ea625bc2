package io.kindly.policy;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.ContactFacts;
import io.kindly.domain.HoldType;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.ledger.LedgerStore.ClaimResult;
import io.kindly.policy.PolicyFixture.ContactRow;
import io.kindly.policy.PolicyFixture.Entry;
import io.kindly.policy.PolicyFixture.Profile;
import io.kindly.policy.PolicyProfile.CapAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.kindly.domain.Channel.EMAIL;
import static io.kindly.domain.Channel.INAPP;
import static io.kindly.domain.Channel.SMS;
import static io.kindly.ledger.LedgerStore.ClaimResult.CLAIMED;
import static io.kindly.ledger.LedgerStore.ClaimResult.DECIDED;
import static io.kindly.policy.PolicyFixture.account;
import static io.kindly.policy.PolicyFixture.facts;
import static io.kindly.policy.PolicyFixture.local;
import static io.kindly.policy.PolicyFixture.profile;
import static io.kindly.policy.PolicyFixture.shanghai;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The contact policy against a real ledger (H2 in a temporary folder) and a clock the test moves: caps and the least
 * gap counted from the ledger under the borrower's lock, holds, opt-outs, consent, work email, the contact window (at
 * {@link ContactPolicy#check} and again inside the claim), the opt-out notice, and the choice of profile. After every
 * test, each ledger entry must name its profile, and each DEFERRED or SUPPRESSED entry must say why.
 */
class ContactPolicyTest {
    static final LocalDate MON = LocalDate.of(2026, 6, 8);
    static final LocalDate TUE = LocalDate.of(2026, 6, 9);
    static final LocalDate WED = LocalDate.of(2026, 6, 10);
    /** Tuesday 10:00 in Shanghai, 02:00Z. */
    static final Instant NOW = shanghai(TUE, 10, 0);
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final String B1 = "B1";
    static final String B2 = "B2";

    @TempDir
    static Path migrated;

    @TempDir
    Path dir;

    PolicyFixture f;

    @BeforeAll
    static void migrateOnce() {
        PolicyFixture.migratedLedger(migrated);
    }

    @BeforeEach
    void ledger() {
        f = new PolicyFixture(migrated, dir, NOW);
    }

    @AfterEach
    void everyRecordedEntryNamesItsProfileAndEveryDecisionSaysWhy() {
        if (f == null) {
            return; // the ledger could not be set up; that error is the test's
        }
        try {
            List<Entry> entries = f.allEntries();
            assertThat(entries).allSatisfy(e -> assertThat(e.policyProfile()).as("policy_profile of %s", e)
                    .isNotBlank());
            assertThat(entries).filteredOn(e -> e.status() == Status.DEFERRED || e.status() == Status.SUPPRESSED)
                    .allSatisfy(e -> {
                        assertThat(e.reason()).as("reason of %s", e).isNotNull();
                        assertThat(e.detail()).as("detail of %s", e).isNotBlank();
                    });
            assertThat(entries).filteredOn(e -> e.status() == Status.DEFERRED)
                    .allSatisfy(e -> assertThat(e.notBefore()).as("not_before_utc of %s", e).isNotNull());
        } finally {
            f.close();
        }
    }

    // ================================================================================================== caps

    record Seed(Instant at, Channel channel) {
    }

    /**
     * One cap set to 2. The seeds are earlier sends of the same borrower (other loans), some outside the cap's period
     * (they must not count); then one contact on {@code atLimit} brings the count to the cap and is claimed, and one on
     * {@code over} is one too many. {@code unaffected}: a channel a per-channel cap does not touch.
     */
    record CapCase(String name, UnaryOperator<Profile> cap, Reason reason, List<Seed> seeds, Channel atLimit,
            Channel over, Channel unaffected, Instant deferredUntil) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<CapCase> capCases() {
        return List.of(
                new CapCase("per day (all channels, local day)", p -> p.perDay(2), Reason.CAP_DAY,
                        List.of(new Seed(shanghai(MON, 21, 0), SMS), new Seed(shanghai(TUE, 8, 30), EMAIL)),
                        INAPP, SMS, null, shanghai(WED, 8, 0)),
                new CapCase("per channel per day", p -> p.perChannelPerDay(2), Reason.CAP_CHANNEL_DAY,
                        List.of(new Seed(shanghai(MON, 21, 0), SMS), new Seed(shanghai(TUE, 8, 30), EMAIL),
                                new Seed(shanghai(TUE, 9, 0), SMS)),
                        SMS, SMS, EMAIL, shanghai(WED, 8, 0)),
                new CapCase("per week (rolling 7 x 24 h)", p -> p.perWeek(2), Reason.CAP_WEEK,
                        List.of(new Seed(shanghai(TUE.minusDays(7), 9, 59), SMS),
                                new Seed(shanghai(TUE.minusDays(6), 10, 0), EMAIL)),
                        INAPP, SMS, null, shanghai(TUE.minusDays(6), 10, 0).plus(Duration.ofDays(7))),
                new CapCase("per channel per week", p -> p.perChannelPerWeek(2), Reason.CAP_CHANNEL_WEEK,
                        List.of(new Seed(shanghai(TUE.minusDays(7), 9, 59), SMS),
                                new Seed(shanghai(TUE.minusDays(6), 10, 0), SMS),
                                new Seed(shanghai(TUE.minusDays(5), 10, 0), EMAIL)),
                        SMS, SMS, EMAIL, shanghai(TUE.minusDays(6), 10, 0).plus(Duration.ofDays(7))),
                // 31 May is last month; the local-versus-UTC month is in dayAndMonthCapsFollowTheBorrowersLocalCalendar
                new CapCase("per month (local calendar month)", p -> p.perMonth(2), Reason.CAP_MONTH,
                        List.of(new Seed(shanghai(LocalDate.of(2026, 5, 31), 21, 0), SMS),
                                new Seed(shanghai(LocalDate.of(2026, 6, 1), 8, 0), EMAIL)),
                        INAPP, SMS, null, shanghai(LocalDate.of(2026, 7, 1), 8, 0)));
    }

    static Stream<Arguments> capCasesAndActions() {
        return capCases().stream()
                .flatMap(c -> Stream.of(arguments(c, CapAction.DEFER), arguments(c, CapAction.SUPPRESS)));
    }

    /** Seeds the case's earlier sends, claims the one at the limit, and returns the policy. */
    private ContactPolicy reachLimit(CapCase cap, CapAction action) {
        ContactPolicy policy = f.policy(cap.cap().apply(profile("capped")).capAction(action).build());
        int i = 0;
        for (Seed s : cap.seeds()) {
            f.clock.set(s.at());
            f.seedSent(f.contact(account(B1, "S" + i++), "earlier", s.channel()));
        }
        f.clock.set(NOW);
        Contact atLimit = f.contact(account(B1, "L-at"), "due", cap.atLimit());
        policy.check(atLimit);
        assertThat(atLimit.isPending()).as("nothing stops the contact before the claim").isTrue();
        assertClaimed(policy, atLimit);
        f.sent(atLimit);
        return policy;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("capCasesAndActions")
    void aCapLetsTheContactThatReachesItThroughAndStopsTheNextOne(CapCase cap, CapAction action) {
        ContactPolicy policy = reachLimit(cap, action);

        Contact over = f.contact(account(B1, "L-over"), "due", cap.over());
        policy.check(over);
        assertThat(over.isPending()).as("caps are counted at the claim, under the borrower's lock").isTrue();
        assertThat(f.claim(policy, over)).isEqualTo(DECIDED);

        if (action == CapAction.DEFER) {
            assertRecorded(over, Status.DEFERRED, cap.reason(), cap.deferredUntil());
        } else {
            assertRecorded(over, Status.SUPPRESSED, cap.reason(), null);
        }
        assertThat(over.detail()).contains("2 contacts").contains("allows 2");
        assertThat(over.profile()).isEqualTo("capped");
        assertThat(f.count(B1, Status.SENT)).as("nothing more was sent").isEqualTo(cap.seeds().size() + 1);

        // the caps are the borrower's: another borrower at the same moment is not counted with them
        assertClaimed(policy, f.contact(account(B2, "L-other-borrower"), "due", cap.over()));
        if (cap.unaffected() != null) {
            assertClaimed(policy, f.contact(account(B1, "L-other-channel"), "due", cap.unaffected()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capCases")
    void aContactDeferredByACapIsClaimableAtTheNotBeforeItWasGiven(CapCase cap) {
        ContactPolicy policy = reachLimit(cap, CapAction.DEFER);
        Contact over = f.contact(account(B1, "L-over"), "due", cap.over(), TUE);
        assertThat(f.claim(policy, over)).isEqualTo(DECIDED);
        assertThat(over.notBefore()).isEqualTo(cap.deferredUntil());

        // a minute before, it still waits for the same moment (for the cap or for the window)
        f.clock.set(cap.deferredUntil().minus(Duration.ofMinutes(1)));
        Contact early = f.contact(account(B1, "L-over"), "due", cap.over(), TUE);
        assertThat(f.claim(policy, early)).isEqualTo(DECIDED);
        assertThat(early.status()).isEqualTo(Status.DEFERRED);
        assertThat(early.notBefore()).isEqualTo(cap.deferredUntil());

        f.clock.set(cap.deferredUntil());
        Contact onTime = f.contact(account(B1, "L-over"), "due", cap.over(), TUE);
        ClaimResult result = f.claim(policy, onTime);
        assertThat(result).as("at %s, the notBefore it was given, the contact was %s %s until %s (%s)",
                cap.deferredUntil(), onTime.status(), onTime.reason(), onTime.notBefore(), onTime.detail())
                .isEqualTo(CLAIMED);
        assertThat(f.row(onTime).status()).isEqualTo(Status.CLAIMED);
    }

    @Test
    void theWeeklyCapRollsOverSevenTimesTwentyFourHoursNotACalendarWeek() {
        ContactPolicy policy = f.policy(profile("weekly").perWeek(2).build());
        f.clock.set(shanghai(MON.minusDays(7), 10, 0)); // Monday 1 June
        Contact first = f.contact(account(B1, "L1"), "due", SMS);
        assertClaimed(policy, first);
        f.sent(first);
        f.clock.set(shanghai(MON.minusDays(6), 10, 0));
        Contact second = f.contact(account(B1, "L2"), "due", EMAIL);
        assertClaimed(policy, second);
        f.sent(second);

        LocalDate sunday = MON.minusDays(1);
        f.clock.set(shanghai(sunday, 10, 0));
        Contact third = f.contact(account(B1, "L3"), "due", INAPP);
        assertThat(f.claim(policy, third)).isEqualTo(DECIDED);
        Instant firstPlus7Days = shanghai(MON, 10, 0);
        assertRecorded(third, Status.DEFERRED, Reason.CAP_WEEK, firstPlus7Days);

        // Monday 09:00: a new calendar week, but the first contact is only 6 days 23 hours old
        f.clock.set(shanghai(MON, 9, 0));
        Contact stillTooSoon = f.contact(account(B1, "L3"), "due", INAPP, sunday);
        assertThat(f.claim(policy, stillTooSoon)).isEqualTo(DECIDED);
        assertRecorded(stillTooSoon, Status.DEFERRED, Reason.CAP_WEEK, firstPlus7Days);

        // once the first contact is more than 7 days old there is room
        f.clock.set(firstPlus7Days.plus(Duration.ofMinutes(1)));
        Contact released = f.contact(account(B1, "L3"), "due", INAPP, sunday);
        assertClaimed(policy, released);
        f.sent(released);

        // and the week is full again, until the second contact is 7 days old
        Contact next = f.contact(account(B1, "L4"), "due", SMS);
        assertThat(f.claim(policy, next)).isEqualTo(DECIDED);
        assertRecorded(next, Status.DEFERRED, Reason.CAP_WEEK, shanghai(TUE, 10, 0));
    }

    record CalendarCase(String name, UnaryOperator<Profile> cap, Reason reason, Instant firstSent, Instant tooSoon,
            Instant nextLocalPeriod) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<CalendarCase> calendarCases() {
        return Stream.of(
                new CalendarCase("day", p -> p.perDay(1), Reason.CAP_DAY, local(NEW_YORK, MON, 21, 0),
                        local(NEW_YORK, MON, 21, 30), local(NEW_YORK, TUE, 8, 0)),
                new CalendarCase("month", p -> p.perMonth(1), Reason.CAP_MONTH,
                        local(NEW_YORK, LocalDate.of(2026, 6, 30), 21, 0),
                        local(NEW_YORK, LocalDate.of(2026, 6, 30), 21, 30),
                        local(NEW_YORK, LocalDate.of(2026, 7, 1), 8, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calendarCases")
    void dayAndMonthCapsFollowTheBorrowersLocalCalendarNotUtc(CalendarCase cal) {
        // premise: in UTC the first send and the next local period fall on the same day (and month)
        assertThat(cal.firstSent().atZone(ZoneOffset.UTC).toLocalDate())
                .isEqualTo(cal.nextLocalPeriod().atZone(ZoneOffset.UTC).toLocalDate());
        ContactPolicy policy = f.policy(cal.cap().apply(profile("calendar")).build());
        Account l1 = account(B1, "L1", NEW_YORK, Checked.ok(PolicyFixture.MOBILE), PolicyFixture.EMAIL,
                ContactFacts.NONE);
        Account l2 = account(B1, "L2", NEW_YORK, Checked.ok(PolicyFixture.MOBILE), PolicyFixture.EMAIL,
                ContactFacts.NONE);

        f.clock.set(cal.firstSent());
        Contact first = f.contact(l1, "due", SMS);
        assertClaimed(policy, first);
        f.sent(first);

        f.clock.set(cal.tooSoon());
        LocalDate date = cal.tooSoon().atZone(NEW_YORK).toLocalDate();
        Contact second = f.contact(l2, "due", EMAIL, date);
        assertThat(f.claim(policy, second)).isEqualTo(DECIDED);
        assertRecorded(second, Status.DEFERRED, cal.reason(), cal.nextLocalPeriod());

        f.clock.set(cal.nextLocalPeriod());
        assertClaimed(policy, f.contact(l2, "due", EMAIL, date));
    }

    @Test
    void aFailedSendDoesNotCountTowardsTheCaps() {
        ContactPolicy policy = f.policy(profile("one-a-day").perDay(1).build());
        Contact failed = f.contact(account(B1, "L1"), "due", SMS);
        assertClaimed(policy, failed);
        f.ledger.recordOutcome(failed, Status.FAILED, Reason.GATEWAY_REJECTED, null, "HTTP 400");
        assertThat(f.row(failed).status()).isEqualTo(Status.FAILED);

        Contact sent = f.contact(account(B1, "L2"), "due", EMAIL);
        assertClaimed(policy, sent);
        f.sent(sent);

        // the one that went out does count
        Contact third = f.contact(account(B1, "L3"), "due", INAPP);
        assertThat(f.claim(policy, third)).isEqualTo(DECIDED);
        assertRecorded(third, Status.DEFERRED, Reason.CAP_DAY, shanghai(WED, 8, 0));
    }

    // ============================================================================================== min gap

    @Test
    void theChannelsOfOneReminderGoTogetherAndTheNextReminderWaitsForTheGap() {
        ContactPolicy policy = f.policy(profile("gap").minGap(Duration.ofMinutes(240)).build());
        Contact sms = f.contact(account(B1, "L1"), "due", SMS);
        assertClaimed(policy, sms);
        f.sent(sms);

        f.clock.set(shanghai(TUE, 10, 30));
        Contact email = f.contact(account(B1, "L1"), "due", EMAIL, TUE);
        assertClaimed(policy, email);
        f.sent(email);
        Contact inApp = f.contact(account(B1, "L1"), "due", INAPP, TUE);
        assertClaimed(policy, inApp);
        f.sent(inApp);

        // another loan, and another stage of the same loan, are other reminders: they wait until 10:30 + 4 h
        f.clock.set(shanghai(TUE, 11, 0));
        Instant gapEnds = shanghai(TUE, 14, 30);
        Contact otherLoan = f.contact(account(B1, "L2"), "due", SMS);
        assertThat(f.claim(policy, otherLoan)).isEqualTo(DECIDED);
        assertRecorded(otherLoan, Status.DEFERRED, Reason.MIN_GAP, gapEnds);
        assertThat(otherLoan.detail()).contains("240 minutes");
        Contact otherStage = f.contact(account(B1, "L1"), "pre-due", SMS);
        assertThat(f.claim(policy, otherStage)).isEqualTo(DECIDED);
        assertRecorded(otherStage, Status.DEFERRED, Reason.MIN_GAP, gapEnds);

        f.clock.set(gapEnds.minus(Duration.ofMinutes(1)));
        Contact early = f.contact(account(B1, "L2"), "due", SMS, TUE);
        assertThat(f.claim(policy, early)).isEqualTo(DECIDED);
        assertRecorded(early, Status.DEFERRED, Reason.MIN_GAP, gapEnds);

        f.clock.set(gapEnds);
        assertClaimed(policy, f.contact(account(B1, "L2"), "due", SMS, TUE));
    }

    static Stream<Arguments> gapEnds() {
        return Stream.of(
                arguments(LocalTime.of(10, 0), LocalTime.of(11, 0), shanghai(TUE, 14, 0)),
                arguments(LocalTime.of(17, 50), LocalTime.of(18, 0), shanghai(TUE, 21, 50)),
                // 21:55 is the window's end (22:00) less the 5-minute margin: no longer open
                arguments(LocalTime.of(17, 55), LocalTime.of(18, 0), shanghai(WED, 8, 0)),
                arguments(LocalTime.of(19, 0), LocalTime.of(20, 0), shanghai(WED, 8, 0)));
    }

    @ParameterizedTest(name = "sent {0}, next at {1}: waits until {2}")
    @MethodSource("gapEnds")
    void aReminderWithinTheGapWaitsUntilTheGapEndsAlignedToTheWindow(LocalTime lastSent, LocalTime next,
            Instant until) {
        ContactPolicy policy = f.policy(profile("gap").minGap(Duration.ofMinutes(240)).build());
        f.clock.set(shanghai(TUE, lastSent.getHour(), lastSent.getMinute()));
        Contact first = f.contact(account(B1, "L1"), "due", SMS);
        assertClaimed(policy, first);
        f.sent(first);

        f.clock.set(shanghai(TUE, next.getHour(), next.getMinute()));
        Contact second = f.contact(account(B1, "L2"), "due", SMS);
        assertThat(f.claim(policy, second)).isEqualTo(DECIDED);
        assertRecorded(second, Status.DEFERRED, Reason.MIN_GAP, until);
    }

    // ================================================================================================ holds

    @ParameterizedTest
    @EnumSource(HoldType.class)
    void aHoldOnALoanSuppressesThatLoanBeforeRenderingAndAtTheClaimButNotTheBorrowersOtherLoans(HoldType type) {
        ContactPolicy policy = f.policy(profile("cn").build());
        PolicyStore.Hold hold = f.store.placeHold(B1, "L1", type, null, "staff:test", "test");

        Contact checked = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(checked);
        assertThat(checked.status()).isEqualTo(Status.SUPPRESSED);
        assertThat(f.ledger.recordDecision(checked)).isTrue();
        assertRecorded(checked, Status.SUPPRESSED, type.reason(), null);
        assertThat(checked.detail()).contains(type.name()).contains("the loan").contains(hold.id());

        Contact atClaim = f.contact(account(B1, "L1"), "due", EMAIL);
        assertThat(f.claim(policy, atClaim)).isEqualTo(DECIDED);
        assertRecorded(atClaim, Status.SUPPRESSED, type.reason(), null);

        Contact otherLoan = f.contact(account(B1, "L2"), "due", SMS);
        policy.check(otherLoan);
        assertThat(otherLoan.isPending()).isTrue();
        assertClaimed(policy, otherLoan);
    }

    @ParameterizedTest
    @EnumSource(HoldType.class)
    void aHoldOnTheBorrowerSuppressesEveryLoan(HoldType type) {
        ContactPolicy policy = f.policy(profile("cn").build());
        f.store.placeHold(B1, null, type, null, "staff:test", "test");

        for (String loan : List.of("L1", "L2")) {
            Contact checked = f.contact(account(B1, loan), "due", SMS);
            policy.check(checked);
            assertThat(f.ledger.recordDecision(checked)).isTrue();
            assertRecorded(checked, Status.SUPPRESSED, type.reason(), null);
            assertThat(checked.detail()).contains("the borrower");

            Contact atClaim = f.contact(account(B1, loan), "due", EMAIL);
            assertThat(f.claim(policy, atClaim)).isEqualTo(DECIDED);
            assertRecorded(atClaim, Status.SUPPRESSED, type.reason(), null);
        }
        assertClaimed(policy, f.contact(account(B2, "L3"), "due", SMS));
    }

    @ParameterizedTest(name = "loan {0}")
    @NullSource
    @ValueSource(strings = "L1")
    void aLiftedHoldNoLongerSuppresses(String loanId) {
        ContactPolicy policy = f.policy(profile("cn").build());
        PolicyStore.Hold hold = f.store.placeHold(B1, loanId, HoldType.DISPUTE, null, "staff:test", "test");
        Contact before = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(before);
        assertThat(before.reason()).isEqualTo(Reason.HOLD_DISPUTE);

        f.clock.advance(Duration.ofMinutes(10));
        assertThat(f.store.liftHold(hold.id(), "staff:test", "resolved")).isTrue();

        Contact after = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(after);
        assertThat(after.isPending()).isTrue();
        assertClaimed(policy, after);
    }

    @Test
    void anExpiredHoldNoLongerSuppresses() {
        ContactPolicy policy = f.policy(profile("cn").build());
        // already over when placed
        f.store.placeHold(B1, "L1", HoldType.PROMISE_TO_PAY, NOW.minus(Duration.ofHours(1)), "staff:test", "late");
        Contact l1 = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(l1);
        assertThat(l1.isPending()).isTrue();
        assertClaimed(policy, l1);

        // a promise to pay until Thursday
        Instant thursday = shanghai(WED.plusDays(1), 0, 0);
        f.store.placeHold(B1, "L2", HoldType.PROMISE_TO_PAY, thursday, "sms reply", "will pay by Thursday");
        Contact promised = f.contact(account(B1, "L2"), "due", SMS);
        assertThat(f.claim(policy, promised)).isEqualTo(DECIDED);
        assertRecorded(promised, Status.SUPPRESSED, Reason.HOLD_PROMISE_TO_PAY, null);
        assertThat(promised.detail()).contains("until");

        f.clock.set(shanghai(WED, 21, 0));
        Contact wednesday = f.contact(account(B1, "L2"), "due", SMS, TUE);
        policy.check(wednesday);
        assertThat(wednesday.reason()).isEqualTo(Reason.HOLD_PROMISE_TO_PAY);

        f.clock.set(shanghai(WED.plusDays(1), 10, 0));
        Contact afterPromise = f.contact(account(B1, "L2"), "due", SMS, TUE);
        policy.check(afterPromise);
        assertThat(afterPromise.isPending()).isTrue();
        assertClaimed(policy, afterPromise);
    }

    @ParameterizedTest(name = "loan {0}")
    @NullSource
    @ValueSource(strings = "L1")
    void aHoldPlacedAfterTheCheckIsCaughtByTheClaim(String loanId) {
        ContactPolicy policy = f.policy(profile("cn").build());
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        assertThat(c.isPending()).isTrue();

        f.clock.advance(Duration.ofSeconds(30)); // rendering
        f.store.placeHold(B1, loanId, HoldType.CEASE_CONTACT, null, "sms reply", "please stop");

        assertThat(f.claim(policy, c)).isEqualTo(DECIDED);
        assertRecorded(c, Status.SUPPRESSED, Reason.HOLD_CEASE_CONTACT, null);
        assertThat(f.count(B1, Status.CLAIMED)).isZero();
    }

    @ParameterizedTest
    @EnumSource(HoldType.class)
    void aHoldInTheLendersRecordsSuppressesWithItsReason(HoldType type) {
        ContactPolicy policy = f.policy(profile("cn").build());
        Account held = account(B1, "L1", PolicyFixture.SHANGHAI, Checked.ok(PolicyFixture.MOBILE),
                PolicyFixture.EMAIL, facts(null, null, false, Set.of(type)));

        Contact checked = f.contact(held, "due", SMS);
        policy.check(checked);
        assertThat(f.ledger.recordDecision(checked)).isTrue();
        assertRecorded(checked, Status.SUPPRESSED, type.reason(), null);
        assertThat(checked.detail()).contains(type.name()).contains("lender's records");

        Contact atClaim = f.contact(held, "due", EMAIL);
        assertThat(f.claim(policy, atClaim)).isEqualTo(DECIDED);
        assertRecorded(atClaim, Status.SUPPRESSED, type.reason(), null);

        assertClaimed(policy, f.contact(account(B1, "L2"), "due", SMS));
    }

    // ============================================================================================== opt-outs

    @Test
    void anOptOutOfOneNumberStopsSmsToThatNumberOnly() {
        ContactPolicy policy = f.policy(profile("cn").build());
        PolicyStore.OptOut optOut = f.store.optOut(SMS, PolicyFixture.MOBILE, null, "sms reply", "STOP");

        Contact sms = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(sms);
        assertThat(f.ledger.recordDecision(sms)).isTrue();
        assertRecorded(sms, Status.SUPPRESSED, Reason.OPTED_OUT, null);
        assertThat(sms.detail()).contains("at this address").contains(optOut.id());

        Contact smsAtClaim = f.contact(account(B1, "L2"), "due", SMS);
        assertThat(f.claim(policy, smsAtClaim)).isEqualTo(DECIDED);
        assertRecorded(smsAtClaim, Status.SUPPRESSED, Reason.OPTED_OUT, null);

        Contact email = f.contact(account(B1, "L1"), "due", EMAIL);
        policy.check(email);
        assertThat(email.isPending()).isTrue();
        assertClaimed(policy, email);

        Account otherNumber = account(B1, "L3", PolicyFixture.SHANGHAI, Checked.ok("+8613800138001"),
                PolicyFixture.EMAIL, ContactFacts.NONE);
        Contact smsElsewhere = f.contact(otherNumber, "due", SMS);
        policy.check(smsElsewhere);
        assertThat(smsElsewhere.isPending()).isTrue();
        assertClaimed(policy, smsElsewhere);
    }

    @Test
    void anOptOutOfEmailForTheBorrowerStopsEveryEmailOfTheBorrower() {
        ContactPolicy policy = f.policy(profile("cn").build());
        f.store.optOut(EMAIL, null, B1, "staff:test", "asked by phone");
        Account workAddress = account(B1, "L2", PolicyFixture.SHANGHAI, Checked.ok(PolicyFixture.MOBILE),
                "wei.li@work.example.com", ContactFacts.NONE);

        for (Account a : List.of(account(B1, "L1"), workAddress)) {
            Contact checked = f.contact(a, "due", EMAIL);
            policy.check(checked);
            assertThat(f.ledger.recordDecision(checked)).isTrue();
            assertRecorded(checked, Status.SUPPRESSED, Reason.OPTED_OUT, null);
            assertThat(checked.detail()).contains("for every address");

            Contact atClaim = f.contact(a, "other-stage", EMAIL);
            assertThat(f.claim(policy, atClaim)).isEqualTo(DECIDED);
            assertRecorded(atClaim, Status.SUPPRESSED, Reason.OPTED_OUT, null);
        }
        assertClaimed(policy, f.contact(account(B1, "L1"), "due", SMS));
        assertClaimed(policy, f.contact(account(B2, "L9"), "due", EMAIL));
    }

    @ParameterizedTest(name = "for the borrower: {0}")
    @ValueSource(booleans = {false, true})
    void aRevokedOptOutNoLongerSuppresses(boolean forTheBorrower) {
        ContactPolicy policy = f.policy(profile("cn").build());
        PolicyStore.OptOut optOut = forTheBorrower
                ? f.store.optOut(SMS, null, B1, "staff:test", "asked by phone")
                : f.store.optOut(SMS, PolicyFixture.MOBILE, null, "sms reply", "STOP");
        Contact before = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(before);
        assertThat(before.reason()).isEqualTo(Reason.OPTED_OUT);

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(f.store.revokeOptOut(optOut.id(), "staff:test", "asked to hear again")).isTrue();

        Contact after = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(after);
        assertThat(after.isPending()).isTrue();
        assertClaimed(policy, after);
    }

    @Test
    void anOptOutRecordedAfterTheCheckIsCaughtByTheClaim() {
        ContactPolicy policy = f.policy(profile("cn").build());
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        assertThat(c.isPending()).isTrue();

        f.store.optOut(SMS, PolicyFixture.MOBILE, null, "sms reply", "STOP");
        assertThat(f.claim(policy, c)).isEqualTo(DECIDED);
        assertRecorded(c, Status.SUPPRESSED, Reason.OPTED_OUT, null);
    }

    // ======================================================================================= consent, work email

    static Stream<Arguments> consent() {
        return Stream.of(
                arguments(null, SMS, Reason.NO_CONSENT),
                arguments(Set.of(), SMS, Reason.NO_CONSENT),
                arguments(Set.of(EMAIL), SMS, Reason.NO_CONSENT),
                arguments(Set.of(SMS), SMS, null),
                arguments(Set.of(SMS, EMAIL), SMS, null),
                arguments(null, EMAIL, null),
                arguments(null, INAPP, null));
    }

    @ParameterizedTest(name = "consent {0}, {1}: {2}")
    @MethodSource("consent")
    void smsNeedsRecordedConsentWhereTheProfileRequiresIt(Set<Channel> consent, Channel channel, Reason expected) {
        ContactPolicy policy = f.policy(profile("consent").consentRequired(Set.of(SMS)).build());
        Account a = account(B1, "L1", PolicyFixture.SHANGHAI, Checked.ok(PolicyFixture.MOBILE), PolicyFixture.EMAIL,
                facts(null, consent, false, Set.of()));
        Contact c = f.contact(a, "due", channel);
        policy.check(c);
        if (expected == null) {
            assertThat(c.isPending()).isTrue();
            assertClaimed(policy, c);
        } else {
            assertThat(f.ledger.recordDecision(c)).isTrue();
            assertRecorded(c, Status.SUPPRESSED, expected, null);
            assertThat(c.detail()).contains("requires consent for sms");
        }
    }

    static Stream<Arguments> workEmail() {
        return Stream.of(
                arguments(true, true, EMAIL, Reason.WORK_EMAIL),
                arguments(true, true, SMS, null),
                arguments(true, false, EMAIL, null),
                arguments(false, true, EMAIL, null));
    }

    @ParameterizedTest(name = "no-work-email {0}, work email {1}, {2}: {3}")
    @MethodSource("workEmail")
    void aWorkEmailIsNotWrittenToWhereTheProfileForbidsIt(boolean noWorkEmail, boolean isWorkEmail, Channel channel,
            Reason expected) {
        ContactPolicy policy = f.policy(profile("work").noWorkEmail(noWorkEmail).build());
        Account a = account(B1, "L1", PolicyFixture.SHANGHAI, Checked.ok(PolicyFixture.MOBILE), PolicyFixture.EMAIL,
                facts(null, null, isWorkEmail, Set.of()));
        Contact c = f.contact(a, "due", channel);
        policy.check(c);
        if (expected == null) {
            assertThat(c.isPending()).isTrue();
            assertClaimed(policy, c);
        } else {
            assertThat(f.ledger.recordDecision(c)).isTrue();
            assertRecorded(c, Status.SUPPRESSED, expected, null);
        }
    }

    // =============================================================================================== window

    static Stream<Arguments> window() {
        return Stream.of(
                arguments(LocalTime.of(23, 0), shanghai(WED, 8, 0)),
                arguments(LocalTime.of(7, 0), shanghai(TUE, 8, 0)),
                arguments(LocalTime.of(21, 55), shanghai(WED, 8, 0)),
                arguments(LocalTime.of(21, 54), null),
                arguments(LocalTime.of(8, 0), null));
    }

    @ParameterizedTest(name = "{0} in Shanghai: waits until {1}")
    @MethodSource("window")
    void outsideTheWindowTheCheckDefersToTheNextOpening(LocalTime at, Instant until) {
        ContactPolicy policy = f.policy(profile("cn").build());
        f.clock.set(shanghai(TUE, at.getHour(), at.getMinute()));
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        if (until == null) {
            assertThat(c.isPending()).isTrue();
        } else {
            assertThat(f.ledger.recordDecision(c)).isTrue();
            assertRecorded(c, Status.DEFERRED, Reason.OUTSIDE_WINDOW, until);
            assertThat(c.detail()).contains("08:00-22:00");
        }
    }

    @Test
    void theClaimLooksAtTheWindowAgain() {
        ContactPolicy policy = f.policy(profile("cn").build());
        f.clock.set(shanghai(TUE, 21, 54));
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        assertThat(c.isPending()).isTrue();

        f.clock.set(shanghai(TUE, 21, 56));
        assertThat(f.claim(policy, c)).isEqualTo(DECIDED);
        assertRecorded(c, Status.DEFERRED, Reason.OUTSIDE_WINDOW, shanghai(WED, 8, 0));
        assertThat(f.count(B1, Status.CLAIMED)).isZero();
    }

    @Test
    void onANoContactDayTheCheckDefersToTheNextDayAllowed() {
        ContactPolicy policy = f.policy(profile("no-sunday").noContactDays(Set.of(DayOfWeek.SUNDAY)).build());
        LocalDate sunday = MON.minusDays(1);
        f.clock.set(shanghai(sunday, 10, 0));
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        assertThat(f.ledger.recordDecision(c)).isTrue();
        assertRecorded(c, Status.DEFERRED, Reason.NO_CONTACT_DAY, shanghai(MON, 8, 0));
    }

    // ===================================================================================== opt-out notice

    static Stream<Arguments> notices() {
        return Stream.of(
                arguments(SMS, "您的借款今天到期，请按时还款。", true),
                arguments(SMS, "Your repayment of CNY 1250.00 is due today.", true),
                arguments(SMS, "Your repayment is due today. Reply STOP to opt out.", false),
                arguments(SMS, "Your repayment is due today. reply stop to opt out.", false),
                arguments(SMS, "您的借款今天到期。回复 Stop 退订", false),
                arguments(SMS, "您的借款今天到期。回复STOP退订", false),
                // "nonstop" is not an instruction to reply STOP
                arguments(SMS, "We work nonstop to help you. Your repayment is due today.", true),
                arguments(SMS, "Reply STOPPING to opt out.", true),
                arguments(EMAIL, "Your repayment is due today: https://pay.example.com/l/L1", true),
                arguments(EMAIL, "Your repayment is due today. Unsubscribe: https://other.example.com/reminders", true),
                arguments(EMAIL, "Your repayment is due today. Unsubscribe: " + PolicyFixture.HELP_LINK, false),
                // the profile does not require a notice in-app
                arguments(INAPP, "Your repayment is due today.", false));
    }

    @ParameterizedTest(name = "{0} \"{1}\": fails {2}")
    @MethodSource("notices")
    void aRenderedMessageMustCarryTheOptOutNoticeTheProfileRequires(Channel channel, String body, boolean fails) {
        ContactPolicy policy = f.policy(profile("notice").optOutNotice(Set.of(SMS, EMAIL)).build());
        Contact c = f.contact(account(B1, "L1"), "due", channel);
        policy.check(c);
        assertThat(c.isPending()).isTrue();
        String template = "due/" + channel.id() + "_zh_CN.ftl";
        c.message(new Message(template, "a".repeat(64), Locale.forLanguageTag("zh-CN"),
                channel == SMS ? null : "Repayment due", body, null));

        policy.confirmOptOutNotice(c);
        if (fails) {
            assertThat(f.ledger.recordDecision(c)).isTrue();
            assertRecorded(c, Status.FAILED, Reason.OPT_OUT_NOTICE_MISSING, null);
            assertThat(c.detail()).contains("notice").contains(template);
        } else {
            assertThat(c.isPending()).isTrue();
            assertThat(c.reason()).isNull();
        }
    }

    /** A reader sees one part or the other, so an email says how to opt out in both. */
    @ParameterizedTest(name = "html \"{0}\": fails {1}")
    @CsvSource(delimiter = '|', textBlock = """
            <p>Due today. <a href="https://help.example.com/reminders">Reminder settings</a></p> | false
            <p>Due today.</p>                                                                 | true
            """)
    void anEmailCarriesTheOptOutLinkInItsHtmlPartToo(String html, boolean fails) {
        ContactPolicy policy = f.policy(profile("notice").optOutNotice(Set.of(SMS, EMAIL)).build());
        Contact c = f.contact(account(B1, "L1"), "due", EMAIL);
        policy.check(c);
        c.message(new Message("due/email-text_en.ftl", "a".repeat(64), Locale.ENGLISH, "Repayment due",
                "Due today. Settings: " + PolicyFixture.HELP_LINK, html.strip()));
        policy.confirmOptOutNotice(c);
        assertThat(c.status()).isEqualTo(fails ? Status.FAILED : Status.PENDING);
    }

    @Test
    void aProfileThatRequiresNoNoticeLetsAnSmsWithoutOneThrough() {
        ContactPolicy policy = f.policy(profile("quiet").build());
        Contact c = f.contact(account(B1, "L1"), "due", SMS);
        policy.check(c);
        c.message(new Message("due/sms_zh_CN.ftl", "a".repeat(64), Locale.forLanguageTag("zh-CN"), null,
                "您的借款今天到期。", null));
        policy.confirmOptOutNotice(c);
        assertThat(c.isPending()).isTrue();
        assertClaimed(policy, c);
    }

    // ========================================================================================= which profile

    static Stream<Arguments> regions() {
        Checked<String> us = Checked.ok("+12125550123");
        Checked<String> cn = Checked.ok(PolicyFixture.MOBILE);
        return Stream.of(
                arguments("GB", us, "GB", "uk"),
                arguments(null, us, "US", "us"),
                arguments(null, cn, "CN", "cn"),
                arguments(null, Checked.<String>problem(Reason.NO_MOBILE, "no mobile number"), "CN", "cn"),
                arguments("FR", us, "FR", "base"));
    }

    private ContactPolicy regionalPolicy() {
        return f.policy("base", Map.of("US", "us", "GB", "uk", "CN", "cn"), profile("base").build(),
                profile("us").window(LocalTime.of(8, 0), LocalTime.of(21, 0)).consentRequired(Set.of(SMS))
                        .optOutNotice(Set.of(SMS, EMAIL)).noWorkEmail(true).build(),
                profile("uk").window(LocalTime.of(8, 0), LocalTime.of(21, 0)).build(), profile("cn").build());
    }

    @ParameterizedTest(name = "region {0}, mobile {1}: {2}, profile {3}")
    @MethodSource("regions")
    void theProfileComesFromTheSourcesRegionThenTheNumberThenTheDefaultAndIsRecorded(String region,
            Checked<String> mobile, String expectedRegion, String expectedProfile) {
        ContactPolicy policy = regionalPolicy();
        Account a = account(B1, "L1", PolicyFixture.SHANGHAI, mobile, PolicyFixture.EMAIL,
                facts(region, null, false, Set.of()));
        assertThat(policy.regionOf(a)).isEqualTo(expectedRegion);
        assertThat(policy.profileFor(a).name()).isEqualTo(expectedProfile);

        Contact email = f.contact(a, "due", EMAIL);
        policy.check(email);
        assertThat(email.profile()).isEqualTo(expectedProfile);
        assertClaimed(policy, email);
        f.sent(email);

        f.clock.set(shanghai(TUE, 23, 0));
        Contact late = f.contact(a, "due", INAPP, TUE);
        policy.check(late);
        assertThat(f.ledger.recordDecision(late)).isTrue();
        assertThat(late.status()).isEqualTo(Status.DEFERRED);

        assertThat(f.allEntries()).hasSize(3).extracting(Entry::policyProfile).containsOnly(expectedProfile);
        assertThat(f.allEntries()).extracting(Entry::status)
                .containsExactly(Status.CLAIMED, Status.SENT, Status.DEFERRED);
    }

    @Test
    void aUsNumberIsJudgedByTheProfileMappedForTheUs() {
        ContactPolicy policy = regionalPolicy();
        Account american = account(B1, "L1", PolicyFixture.SHANGHAI, Checked.ok("+12125550123"),
                PolicyFixture.EMAIL, ContactFacts.NONE);
        Contact sms = f.contact(american, "due", SMS);
        policy.check(sms);
        assertThat(f.ledger.recordDecision(sms)).isTrue();
        assertRecorded(sms, Status.SUPPRESSED, Reason.NO_CONSENT, null);
        assertThat(sms.detail()).contains("profile us");
        assertThat(f.entries(sms)).extracting(Entry::policyProfile).containsExactly("us");

        Contact chinese = f.contact(account(B2, "L2"), "due", SMS);
        policy.check(chinese);
        assertThat(chinese.profile()).isEqualTo("cn");
        assertClaimed(policy, chinese);
    }

    // ================================================================================ every decision explained

    @Test
    void everyDecisionThePolicyRecordsCarriesItsReasonADetailAndItsProfile() {
        ContactPolicy policy = f.policy(profile("strict").perChannelPerDay(1).minGap(Duration.ofMinutes(60))
                .consentRequired(Set.of(INAPP)).noWorkEmail(true).build());
        List<Contact> decided = new ArrayList<>();

        f.store.placeHold("B-hold", null, HoldType.DISPUTE, null, "staff:test", "disputes the amount");
        decided.add(checked(policy, account("B-hold", "L1"), EMAIL));
        decided.add(checked(policy, account("B-lender", "L2", PolicyFixture.SHANGHAI, Checked.ok("+8613800138002"),
                "b@example.com", facts(null, null, false, Set.of(HoldType.BANKRUPTCY))), SMS));
        f.store.optOut(SMS, "+8613800138003", null, "sms reply", "STOP");
        decided.add(checked(policy, account("B-opt", "L3", PolicyFixture.SHANGHAI, Checked.ok("+8613800138003"),
                "c@example.com", ContactFacts.NONE), SMS));
        decided.add(checked(policy, account("B-consent", "L4"), INAPP));
        decided.add(checked(policy, account("B-work", "L5", PolicyFixture.SHANGHAI, Checked.ok(PolicyFixture.MOBILE),
                "d@work.example.com", facts(null, null, true, Set.of())), EMAIL));

        Contact first = f.contact(account("B-cap", "L6"), "due", SMS);
        assertClaimed(policy, first);
        f.sent(first);
        Contact capped = f.contact(account("B-cap", "L7"), "due", SMS);
        assertThat(f.claim(policy, capped)).isEqualTo(DECIDED);
        decided.add(capped);
        Contact gapped = f.contact(account("B-cap", "L7"), "due", EMAIL);
        assertThat(f.claim(policy, gapped)).isEqualTo(DECIDED);
        decided.add(gapped);

        f.clock.set(shanghai(TUE, 23, 0));
        decided.add(checked(policy, account("B-night", "L8"), SMS));

        assertThat(decided).extracting(Contact::reason).containsExactly(Reason.HOLD_DISPUTE, Reason.HOLD_BANKRUPTCY,
                Reason.OPTED_OUT, Reason.NO_CONSENT, Reason.WORK_EMAIL, Reason.CAP_CHANNEL_DAY, Reason.MIN_GAP,
                Reason.OUTSIDE_WINDOW);
        for (Contact c : decided) {
            assertRecorded(c, c.status(), c.reason(), c.notBefore());
            assertThat(f.entries(c)).singleElement().satisfies(e -> {
                assertThat(e.detail()).isNotBlank();
                assertThat(e.policyProfile()).isEqualTo("strict");
            });
        }
    }

    /** Runs the check and records its decision, as the pipeline does. */
    private Contact checked(ContactPolicy policy, Account a, Channel channel) {
        Contact c = f.contact(a, "due", channel);
        policy.check(c);
        assertThat(c.isPending()).as("%s decided by the check", c).isFalse();
        assertThat(f.ledger.recordDecision(c)).isTrue();
        return c;
    }

    // ============================================================================================== helpers

    private void assertClaimed(ContactPolicy policy, Contact c) {
        ClaimResult result = f.claim(policy, c);
        assertThat(result).as("claim of %s (%s: %s)", c, c.reason(), c.detail()).isEqualTo(CLAIMED);
        assertThat(c.isPending()).isTrue();
        assertThat(c.profile()).isNotNull();
        assertThat(f.row(c)).isEqualTo(new ContactRow(Status.CLAIMED, null, null, f.clock.instant()));
    }

    /** The contact was decided so, and the ledger recorded exactly that: the contact row and its last entry. */
    private void assertRecorded(Contact c, Status status, Reason reason, Instant notBefore) {
        assertThat(c.status()).as("status of %s (%s)", c, c.detail()).isEqualTo(status);
        assertThat(c.reason()).isEqualTo(reason);
        assertThat(c.notBefore()).isEqualTo(notBefore);
        assertThat(c.detail()).isNotBlank();
        assertThat(f.row(c)).isEqualTo(new ContactRow(status, reason, notBefore, null));
        List<Entry> entries = f.entries(c);
        assertThat(entries).isNotEmpty();
        assertThat(entries.get(entries.size() - 1))
                .isEqualTo(new Entry(status, reason, c.detail(), c.profile(), notBefore, c.id()));
    }
}
