package io.kindly.policy;

import io.kindly.domain.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table-driven checks of {@link ContactWindow#at} and {@link ContactWindow#nextOpening}.
 *
 * <p>Every instant in the tables is an ISO-8601 date-time with its offset: times are written on the local wall clock
 * with that day's offset (so {@code 2026-03-08T07:59:59-04:00} is 07:59:59 EDT), or in UTC where the brief gives UTC.
 * Nothing here converts local times itself: the expected values are literal.
 */
class ContactWindowTest {

    private static final PolicyProfile.Caps NO_CAPS = new PolicyProfile.Caps(null, null, null, null, null,
            Duration.ZERO);

    /** The profile shapes the tables refer to by name. */
    private static final Map<String, PolicyProfile> SHAPES = Map.ofEntries(
            entry("cn", shape("cn", "08:00", "22:00", Set.of(), false, false)),
            entry("cn-holidays", shape("cn-holidays", "08:00", "22:00", Set.of(), true, false)),
            entry("tw", shape("tw", "07:00", "22:00", Set.of(), false, false)),
            entry("uk", shape("uk", "08:00", "21:00", Set.of(), false, false)),
            entry("hk", shape("hk", "08:00", "21:00", Set.of(), false, false)),
            entry("us", shape("us", "08:00", "21:00", Set.of(), false, true)),
            entry("us-main-zone", shape("us-main-zone", "08:00", "21:00", Set.of(), false, false)),
            entry("ie", shape("ie", "09:00", "21:00", Set.of(DayOfWeek.SUNDAY), true, false)),
            entry("ie-no-holidays", shape("ie-no-holidays", "09:00", "21:00", Set.of(DayOfWeek.SUNDAY), false, false)),
            entry("gap", shape("gap", "02:30", "21:00", Set.of(), false, false)),
            entry("short-every", shape("short-every", "08:00", "12:00", Set.of(), false, true)),
            entry("one-hour", shape("one-hour", "08:00", "09:00", Set.of(), false, false)));

    private static PolicyProfile shape(String name, String start, String end, Set<DayOfWeek> noContactDays,
            boolean publicHolidays, boolean everyCandidateZone) {
        return new PolicyProfile(name, LocalTime.parse(start), LocalTime.parse(end), noContactDays, publicHolidays,
                everyCandidateZone, NO_CAPS, PolicyProfile.CapAction.DEFER, Set.of(), Set.of(), false);
    }

    // ------------------------------------------------------------------------------------------- shipped shapes

    @ParameterizedTest(name = "{0} in {1} at {3}: open={4} {5} next={6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # shape | zones                                 | margin | now                       | open  | reason         | next opening
            # cn: 08:00-22:00 Asia/Shanghai
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T07:59:59+08:00 | false | OUTSIDE_WINDOW | 2026-06-15T08:00:00+08:00
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T08:00:00+08:00 | true  | -              | -
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T21:54:59+08:00 | true  | -              | -
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T21:55:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T22:00:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T23:30:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            cn      | Asia/Shanghai                         | 5      | 2026-06-16T00:30:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            # the same instants in UTC: the zone, not the JVM's clock, decides
            cn      | Asia/Shanghai                         | 5      | 2026-06-14T23:59:59Z      | false | OUTSIDE_WINDOW | 2026-06-15T00:00:00Z
            cn      | Asia/Shanghai                         | 5      | 2026-06-15T00:00:00Z      | true  | -              | -
            # tw: 07:00-22:00 Asia/Taipei
            tw      | Asia/Taipei                           | 5      | 2026-06-15T06:59:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-15T07:00:00+08:00
            tw      | Asia/Taipei                           | 5      | 2026-06-15T06:59:59+08:00 | false | OUTSIDE_WINDOW | 2026-06-15T07:00:00+08:00
            tw      | Asia/Taipei                           | 5      | 2026-06-15T07:00:00+08:00 | true  | -              | -
            tw      | Asia/Taipei                           | 5      | 2026-06-15T21:54:59+08:00 | true  | -              | -
            tw      | Asia/Taipei                           | 5      | 2026-06-15T21:55:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T07:00:00+08:00
            # uk: 08:00-21:00 Europe/London, in summer (BST) and in winter (GMT)
            uk      | Europe/London                         | 5      | 2026-06-15T07:59:59+01:00 | false | OUTSIDE_WINDOW | 2026-06-15T08:00:00+01:00
            uk      | Europe/London                         | 5      | 2026-06-15T08:00:00+01:00 | true  | -              | -
            uk      | Europe/London                         | 5      | 2026-06-15T20:54:59+01:00 | true  | -              | -
            uk      | Europe/London                         | 5      | 2026-06-15T20:55:00+01:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+01:00
            uk      | Europe/London                         | 5      | 2026-06-15T21:00:00+01:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+01:00
            uk      | Europe/London                         | 5      | 2026-01-15T07:59:59Z      | false | OUTSIDE_WINDOW | 2026-01-15T08:00:00Z
            uk      | Europe/London                         | 5      | 2026-01-15T08:00:00Z      | true  | -              | -
            uk      | Europe/London                         | 5      | 2026-01-15T20:54:59Z      | true  | -              | -
            uk      | Europe/London                         | 5      | 2026-01-15T20:55:00Z      | false | OUTSIDE_WINDOW | 2026-01-16T08:00:00Z
            # hk: 08:00-21:00 Asia/Hong_Kong
            hk      | Asia/Hong_Kong                        | 5      | 2026-06-15T07:59:59+08:00 | false | OUTSIDE_WINDOW | 2026-06-15T08:00:00+08:00
            hk      | Asia/Hong_Kong                        | 5      | 2026-06-15T08:00:00+08:00 | true  | -              | -
            hk      | Asia/Hong_Kong                        | 5      | 2026-06-15T20:54:59+08:00 | true  | -              | -
            hk      | Asia/Hong_Kong                        | 5      | 2026-06-15T20:55:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            hk      | Asia/Hong_Kong                        | 5      | 2026-06-15T21:00:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            """)
    void shippedProfileShapes(String shape, String zones, int margin, String now, boolean open, Reason reason,
            String next) {
        check(shape, zones, "", margin, now, open, reason, next);
    }

    // ------------------------------------------------------------------------------- every candidate time zone

    @ParameterizedTest(name = "{0} in {1} at {3}: open={4} {5} next={6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # shape      | zones                                 | margin | now                       | open  | reason         | next opening
            # every candidate zone: New York 08:00-21:00 and Los Angeles 08:00-21:00 meet at 11:00-21:00 New York time
            us           | America/New_York America/Los_Angeles  | 5      | 2026-06-15T10:59:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-15T11:00:00-04:00
            us           | America/New_York America/Los_Angeles  | 5      | 2026-06-15T11:00:00-04:00 | true  | -              | -
            us           | America/New_York America/Los_Angeles  | 5      | 2026-06-15T20:54:00-04:00 | true  | -              | -
            us           | America/New_York America/Los_Angeles  | 5      | 2026-06-15T20:55:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-16T11:00:00-04:00
            us           | America/New_York America/Los_Angeles  | 5      | 2026-06-15T08:00:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-15T11:00:00-04:00
            # the zones in the other order meet at the same instants
            us           | America/Los_Angeles America/New_York  | 5      | 2026-06-15T10:59:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-15T11:00:00-04:00
            us           | America/Los_Angeles America/New_York  | 5      | 2026-06-15T20:55:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-16T11:00:00-04:00
            # with one zone only, every-candidate-zone is just that zone
            us           | America/New_York                      | 5      | 2026-06-15T08:00:00-04:00 | true  | -              | -
            # every-candidate-zone false: the first (main) zone only
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T07:59:59-04:00 | false | OUTSIDE_WINDOW | 2026-06-15T08:00:00-04:00
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T08:00:00-04:00 | true  | -              | -
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T10:59:00-04:00 | true  | -              | -
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T11:00:00-04:00 | true  | -              | -
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T20:54:00-04:00 | true  | -              | -
            us-main-zone | America/New_York America/Los_Angeles  | 5      | 2026-06-15T20:55:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00-04:00
            # ... and with Los Angeles first, Los Angeles time (10:59 ET is 07:59 PT)
            us-main-zone | America/Los_Angeles America/New_York  | 5      | 2026-06-15T10:59:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-15T08:00:00-07:00
            us-main-zone | America/Los_Angeles America/New_York  | 5      | 2026-06-15T23:54:00-04:00 | true  | -              | -
            # zones on different calendar days: Shanghai 08:00-21:00 (00:00Z-13:00Z) and New York 08:00-21:00 EDT
            # (12:00Z-01:00Z) meet twice a day: 12:00Z-13:00Z, and 00:00Z-01:00Z (Shanghai's morning, New York's evening)
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-15T11:59:59Z      | false | OUTSIDE_WINDOW | 2026-06-15T12:00:00Z
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-15T12:00:00Z      | true  | -              | -
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-15T12:54:59Z      | true  | -              | -
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-15T12:55:00Z      | false | OUTSIDE_WINDOW | 2026-06-16T00:00:00Z
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-16T00:54:59Z      | true  | -              | -
            us           | Asia/Shanghai America/New_York        | 5      | 2026-06-16T00:55:00Z      | false | OUTSIDE_WINDOW | 2026-06-16T12:00:00Z
            # Shanghai and Los Angeles (15:00Z-04:00Z) meet only at 00:00Z-04:00Z
            us           | Asia/Shanghai America/Los_Angeles     | 5      | 2026-06-15T12:00:00+08:00 | false | OUTSIDE_WINDOW | 2026-06-16T08:00:00+08:00
            us           | Asia/Shanghai America/Los_Angeles     | 5      | 2026-06-16T11:54:59+08:00 | true  | -              | -
            # windows of 08:00-12:00 in Shanghai (00:00Z-04:00Z) and New York (12:00Z-16:00Z) never meet: no opening
            short-every  | Asia/Shanghai America/New_York        | 5      | 2026-06-15T12:00:00Z      | false | OUTSIDE_WINDOW | -
            short-every  | America/New_York                      | 5      | 2026-06-15T12:00:00Z      | true  | -              | -
            # margin 0: the intersection ends at 21:00 New York time
            us           | America/New_York America/Los_Angeles  | 0      | 2026-06-15T20:59:59-04:00 | true  | -              | -
            us           | America/New_York America/Los_Angeles  | 0      | 2026-06-15T21:00:00-04:00 | false | OUTSIDE_WINDOW | 2026-06-16T11:00:00-04:00
            """)
    void everyCandidateZone(String shape, String zones, int margin, String now, boolean open, Reason reason,
            String next) {
        check(shape, zones, "", margin, now, open, reason, next);
    }

    // ------------------------------------------------------------------------------------------ daylight saving

    @ParameterizedTest(name = "{0} in {1} at {3}: open={4} {5} next={6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # shape | zones            | margin | now                       | open  | reason         | next opening
            # New York, spring forward on Sunday 2026-03-08 (02:00 EST -> 03:00 EDT): 08:00 EDT is 12:00Z
            us      | America/New_York | 5      | 2026-03-07T20:54:59-05:00 | true  | -              | -
            us      | America/New_York | 5      | 2026-03-07T20:55:00-05:00 | false | OUTSIDE_WINDOW | 2026-03-08T12:00:00Z
            us      | America/New_York | 5      | 2026-03-07T22:00:00-05:00 | false | OUTSIDE_WINDOW | 2026-03-08T12:00:00Z
            us      | America/New_York | 5      | 2026-03-08T11:00:00Z      | false | OUTSIDE_WINDOW | 2026-03-08T12:00:00Z
            us      | America/New_York | 5      | 2026-03-08T07:59:59-04:00 | false | OUTSIDE_WINDOW | 2026-03-08T12:00:00Z
            us      | America/New_York | 5      | 2026-03-08T12:00:00Z      | true  | -              | -
            # ... and its evening: 21:00 EDT is 01:00Z the next day
            us      | America/New_York | 5      | 2026-03-09T00:54:59Z      | true  | -              | -
            us      | America/New_York | 5      | 2026-03-09T00:55:00Z      | false | OUTSIDE_WINDOW | 2026-03-09T12:00:00Z
            us      | America/New_York | 0      | 2026-03-09T00:59:59Z      | true  | -              | -
            us      | America/New_York | 0      | 2026-03-09T01:00:00Z      | false | OUTSIDE_WINDOW | 2026-03-09T12:00:00Z
            # New York, fall back on Sunday 2026-11-01 (02:00 EDT -> 01:00 EST): 08:00 EST is 13:00Z
            us      | America/New_York | 5      | 2026-10-31T20:54:59-04:00 | true  | -              | -
            us      | America/New_York | 5      | 2026-10-31T20:55:00-04:00 | false | OUTSIDE_WINDOW | 2026-11-01T13:00:00Z
            us      | America/New_York | 5      | 2026-10-31T22:00:00-04:00 | false | OUTSIDE_WINDOW | 2026-11-01T13:00:00Z
            us      | America/New_York | 5      | 2026-11-01T12:00:00Z      | false | OUTSIDE_WINDOW | 2026-11-01T13:00:00Z
            us      | America/New_York | 5      | 2026-11-01T07:59:59-05:00 | false | OUTSIDE_WINDOW | 2026-11-01T13:00:00Z
            us      | America/New_York | 5      | 2026-11-01T13:00:00Z      | true  | -              | -
            # ... and its evening: 21:00 EST is 02:00Z the next day
            us      | America/New_York | 5      | 2026-11-02T01:54:59Z      | true  | -              | -
            us      | America/New_York | 5      | 2026-11-02T01:55:00Z      | false | OUTSIDE_WINDOW | 2026-11-02T13:00:00Z
            us      | America/New_York | 0      | 2026-11-02T01:59:59Z      | true  | -              | -
            us      | America/New_York | 0      | 2026-11-02T02:00:00Z      | false | OUTSIDE_WINDOW | 2026-11-02T13:00:00Z
            # London, spring forward on Sunday 2026-03-29 (01:00 GMT -> 02:00 BST): 08:00 BST is 07:00Z
            uk      | Europe/London    | 5      | 2026-03-28T22:00:00Z      | false | OUTSIDE_WINDOW | 2026-03-29T07:00:00Z
            uk      | Europe/London    | 5      | 2026-03-29T06:59:59Z      | false | OUTSIDE_WINDOW | 2026-03-29T07:00:00Z
            uk      | Europe/London    | 5      | 2026-03-29T07:00:00Z      | true  | -              | -
            # ... and its evening: 21:00 BST is 20:00Z
            uk      | Europe/London    | 5      | 2026-03-29T19:54:59Z      | true  | -              | -
            uk      | Europe/London    | 5      | 2026-03-29T19:55:00Z      | false | OUTSIDE_WINDOW | 2026-03-30T07:00:00Z
            uk      | Europe/London    | 0      | 2026-03-29T19:59:59Z      | true  | -              | -
            uk      | Europe/London    | 0      | 2026-03-29T20:00:00Z      | false | OUTSIDE_WINDOW | 2026-03-30T07:00:00Z
            # London, fall back on Sunday 2026-10-25 (02:00 BST -> 01:00 GMT): 08:00 GMT is 08:00Z
            uk      | Europe/London    | 5      | 2026-10-24T22:00:00+01:00 | false | OUTSIDE_WINDOW | 2026-10-25T08:00:00Z
            uk      | Europe/London    | 5      | 2026-10-25T07:00:00Z      | false | OUTSIDE_WINDOW | 2026-10-25T08:00:00Z
            uk      | Europe/London    | 5      | 2026-10-25T07:59:59Z      | false | OUTSIDE_WINDOW | 2026-10-25T08:00:00Z
            uk      | Europe/London    | 5      | 2026-10-25T08:00:00Z      | true  | -              | -
            # ... and its evening: 21:00 GMT is 21:00Z
            uk      | Europe/London    | 5      | 2026-10-25T20:54:59Z      | true  | -              | -
            uk      | Europe/London    | 5      | 2026-10-25T20:55:00Z      | false | OUTSIDE_WINDOW | 2026-10-26T08:00:00Z
            uk      | Europe/London    | 0      | 2026-10-25T20:59:59Z      | true  | -              | -
            uk      | Europe/London    | 0      | 2026-10-25T21:00:00Z      | false | OUTSIDE_WINDOW | 2026-10-26T08:00:00Z
            # a window starting at 02:30, which does not exist in New York on 2026-03-08: it opens at 03:30 EDT
            gap     | America/New_York | 5      | 2026-03-07T22:00:00-05:00 | false | OUTSIDE_WINDOW | 2026-03-08T07:30:00Z
            gap     | America/New_York | 5      | 2026-03-08T07:29:59Z      | false | OUTSIDE_WINDOW | 2026-03-08T07:30:00Z
            gap     | America/New_York | 5      | 2026-03-08T07:30:00Z      | true  | -              | -
            # ... and the day after, 02:30 EDT is 06:30Z
            gap     | America/New_York | 5      | 2026-03-09T06:29:59Z      | false | OUTSIDE_WINDOW | 2026-03-09T06:30:00Z
            gap     | America/New_York | 5      | 2026-03-09T06:30:00Z      | true  | -              | -
            """)
    void daylightSaving(String shape, String zones, int margin, String now, boolean open, Reason reason, String next) {
        check(shape, zones, "", margin, now, open, reason, next);
    }

    // ------------------------------------------------------------------------- no-contact days and holidays

    @ParameterizedTest(name = "{0} at {3} with holidays [{2}]: open={4} {5} next={6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # shape        | zones         | holidays              | now                       | open  | reason         | next opening
            # ie: 09:00-21:00 Europe/Dublin, no contact on Sundays nor on public holidays
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-11-29T12:00:00Z      | false | NO_CONTACT_DAY | 2026-11-30T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-11-28T22:00:00Z      | false | OUTSIDE_WINDOW | 2026-11-30T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-11-30T08:59:59Z      | false | OUTSIDE_WINDOW | 2026-11-30T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-11-30T09:00:00Z      | true  | -              | -
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-24T20:55:00Z      | false | OUTSIDE_WINDOW | 2026-12-26T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-25T12:00:00Z      | false | HOLIDAY        | 2026-12-26T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-26T12:00:00Z      | true  | -              | -
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-27T12:00:00Z      | false | NO_CONTACT_DAY | 2026-12-29T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-28T12:00:00Z      | false | HOLIDAY        | 2026-12-29T09:00:00Z
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-29T09:00:00Z      | true  | -              | -
            # a Sunday in summer (IST, +01:00)
            ie             | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-06-14T12:00:00+01:00 | false | NO_CONTACT_DAY | 2026-06-15T09:00:00+01:00
            # public-holidays false: the holidays are ordinary days, Sunday still is not
            ie-no-holidays | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-25T12:00:00Z      | true  | -              | -
            ie-no-holidays | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-28T12:00:00Z      | true  | -              | -
            ie-no-holidays | Europe/Dublin | 2026-12-25 2026-12-28 | 2026-12-27T12:00:00Z      | false | NO_CONTACT_DAY | 2026-12-28T09:00:00Z
            # a profile without public holidays ignores the calendar it is given
            cn             | Asia/Shanghai | 2026-06-15            | 2026-06-15T12:00:00+08:00 | true  | -              | -
            cn-holidays    | Asia/Shanghai | 2026-06-15            | 2026-06-15T12:00:00+08:00 | false | HOLIDAY        | 2026-06-16T08:00:00+08:00
            """)
    void noContactDaysAndHolidays(String shape, String zones, String holidays, String now, boolean open,
            Reason reason, String next) {
        check(shape, zones, holidays, 5, now, open, reason, next);
    }

    @ParameterizedTest(name = "closed on [{0}], asked at {1}: next={2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # holidays (ranges inclusive)  | now                       | next opening
            # 10 days: the opening after them is found
            2026-06-15..2026-06-24         | 2026-06-15T12:00:00+08:00 | 2026-06-25T08:00:00+08:00
            # 21 days: the opening on the last day looked at (HORIZON_DAYS after today) is still found
            2026-06-15..2026-07-05         | 2026-06-15T12:00:00+08:00 | 2026-07-06T08:00:00+08:00
            # longer than the horizon: closed, with no next opening
            2026-06-15..2026-07-06         | 2026-06-15T12:00:00+08:00 | -
            2026-06-15..2026-07-14         | 2026-06-15T12:00:00+08:00 | -
            2026-06-15..2026-07-14         | 2026-06-15T03:00:00+08:00 | -
            """)
    void closureLongerThanTheHorizonHasNoNextOpening(String holidays, String now, String next) {
        assertThat(ContactWindow.HORIZON_DAYS).isEqualTo(21);
        check("cn-holidays", "Asia/Shanghai", holidays, 5, now, false, Reason.HOLIDAY, next);
    }

    // -------------------------------------------------------------------------------------------- end margin

    @ParameterizedTest(name = "{0} margin {1} min at {2}: open={3} next={4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # shape  | margin | now                       | open  | next opening
            cn       | 0      | 2026-06-15T21:59:59+08:00 | true  | -
            cn       | 0      | 2026-06-15T22:00:00+08:00 | false | 2026-06-16T08:00:00+08:00
            cn       | 5      | 2026-06-15T21:54:59+08:00 | true  | -
            cn       | 5      | 2026-06-15T21:55:00+08:00 | false | 2026-06-16T08:00:00+08:00
            cn       | 120    | 2026-06-15T19:59:00+08:00 | true  | -
            cn       | 120    | 2026-06-15T19:59:59+08:00 | true  | -
            cn       | 120    | 2026-06-15T20:00:00+08:00 | false | 2026-06-16T08:00:00+08:00
            cn       | 120    | 2026-06-15T07:00:00+08:00 | false | 2026-06-15T08:00:00+08:00
            # a window no longer than the margin is no window at all
            one-hour | 60     | 2026-06-15T08:30:00+08:00 | false | -
            one-hour | 120    | 2026-06-15T07:00:00+08:00 | false | -
            one-hour | 59     | 2026-06-15T08:00:00+08:00 | true  | -
            one-hour | 59     | 2026-06-15T08:01:00+08:00 | false | 2026-06-16T08:00:00+08:00
            """)
    void endMargin(String shape, int margin, String now, boolean open, String next) {
        check(shape, "Asia/Shanghai", "", margin, now, open, open ? null : Reason.OUTSIDE_WINDOW, next);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Asserts the verdict of {@code at} and the answer of {@code nextOpening}; for a closed row with an opening, also
     * that the opening is open and the second before it is not (so the opening is the first open instant).
     */
    private static void check(String shapeName, String zoneList, String holidayList, int marginMinutes, String nowText,
            boolean open, Reason reason, String nextText) {
        PolicyProfile profile = SHAPES.get(shapeName);
        assertThat(profile).as("shape %s", shapeName).isNotNull();
        List<ZoneId> zones = Arrays.stream(zoneList.trim().split("\\s+")).map(ZoneId::of).toList();
        Set<LocalDate> holidays = dates(holidayList);
        Duration margin = Duration.ofMinutes(marginMinutes);
        Instant now = instant(nowText);
        Instant next = nextText == null ? null : instant(nextText);

        ContactWindow.Verdict v = ContactWindow.at(now, profile, zones, holidays, margin);

        if (open) {
            assertThat(v).isEqualTo(new ContactWindow.Verdict(true, null, null));
            assertThat(ContactWindow.nextOpening(now, profile, zones, holidays, margin)).contains(now);
            return;
        }
        assertThat(v).isEqualTo(new ContactWindow.Verdict(false, reason, next));
        assertThat(ContactWindow.nextOpening(now, profile, zones, holidays, margin))
                .isEqualTo(Optional.ofNullable(next));
        if (next != null) {
            assertThat(ContactWindow.at(next, profile, zones, holidays, margin).open())
                    .as("open at the next opening %s", next).isTrue();
            assertThat(ContactWindow.at(next.minusSeconds(1), profile, zones, holidays, margin).open())
                    .as("closed just before the next opening %s", next).isFalse();
            assertThat(ContactWindow.nextOpening(next, profile, zones, holidays, margin)).contains(next);
        }
    }

    private static Instant instant(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset.trim()).toInstant();
    }

    /** Space-separated dates and inclusive ranges (FROM..TO); blank for none. */
    private static Set<LocalDate> dates(String text) {
        Set<LocalDate> dates = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return dates;
        }
        for (String item : text.trim().split("\\s+")) {
            if (item.contains("..")) {
                String[] ends = item.split("\\.\\.");
                LocalDate to = LocalDate.parse(ends[1]);
                for (LocalDate d = LocalDate.parse(ends[0]); !d.isAfter(to); d = d.plusDays(1)) {
                    dates.add(d);
                }
            } else {
                dates.add(LocalDate.parse(item));
            }
        }
        return dates;
    }
}
