package io.kindly.policy;

import io.kindly.domain.Reason;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a borrower may be contacted: the profile's hours on each local day, minus no-contact weekdays and public
 * holidays, and, where the profile says so, only when that holds in every time zone the borrower may be in.
 *
 * <p>Everything is computed on instants: each local day's window is turned into the two instants it starts and ends
 * in that zone, which is what makes it right across daylight-saving changes (a 08:00 start is 08:00 on the wall
 * clock whatever the offset that day). Windows of several zones are intersected.
 */
public final class ContactWindow {
    /** How far ahead to look for an opening; a longer closure (a month of holidays) leaves the contact to expire. */
    static final int HORIZON_DAYS = 21;

    /** Open now, or closed with the reason and the next opening (null if none within the horizon). */
    public record Verdict(boolean open, Reason reason, Instant nextOpening) {
        static final Verdict OPEN = new Verdict(true, null, null);
    }

    private record Interval(Instant start, Instant end) {
    }

    private ContactWindow() {
    }

    /**
     * @param zones      the borrower's zones, the main one first; only the main one counts unless the profile wants
     *                   every candidate zone
     * @param holidays   public holidays of the borrower's region
     * @param endMargin  no send this close to a window's end
     */
    public static Verdict at(Instant now, PolicyProfile profile, List<ZoneId> zones, Set<LocalDate> holidays,
            Duration endMargin) {
        List<ZoneId> considered = profile.everyCandidateZone() ? zones : zones.subList(0, 1);
        List<Interval> open = null;
        for (ZoneId zone : considered) {
            List<Interval> windows = windows(now, profile, zone, holidays);
            open = open == null ? windows : intersect(open, windows);
        }
        for (Interval i : open) {
            Instant lastStart = i.end().minus(endMargin);
            if (!lastStart.isAfter(i.start())) {
                continue; // a window shorter than the margin is no window
            }
            if (!now.isBefore(i.start()) && now.isBefore(lastStart)) {
                return Verdict.OPEN;
            }
            if (now.isBefore(i.start())) {
                return new Verdict(false, whyClosed(now, profile, zones.get(0), holidays), i.start());
            }
        }
        return new Verdict(false, whyClosed(now, profile, zones.get(0), holidays), null);
    }

    /** The next opening at or after {@code from}: {@code from} itself when open then. */
    public static Optional<Instant> nextOpening(Instant from, PolicyProfile profile, List<ZoneId> zones,
            Set<LocalDate> holidays, Duration endMargin) {
        Verdict v = at(from, profile, zones, holidays, endMargin);
        return v.open() ? Optional.of(from) : Optional.ofNullable(v.nextOpening());
    }

    private static Reason whyClosed(Instant now, PolicyProfile profile, ZoneId zone, Set<LocalDate> holidays) {
        LocalDate today = now.atZone(zone).toLocalDate();
        if (profile.publicHolidays() && holidays.contains(today)) {
            return Reason.HOLIDAY;
        }
        if (profile.noContactDays().contains(today.getDayOfWeek())) {
            return Reason.NO_CONTACT_DAY;
        }
        return Reason.OUTSIDE_WINDOW;
    }

    private static List<Interval> windows(Instant now, PolicyProfile profile, ZoneId zone, Set<LocalDate> holidays) {
        LocalDate today = now.atZone(zone).toLocalDate();
        List<Interval> list = new ArrayList<>();
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(HORIZON_DAYS)); day = day.plusDays(1)) {
            if (profile.noContactDays().contains(day.getDayOfWeek())
                    || (profile.publicHolidays() && holidays.contains(day))) {
                continue;
            }
            // ZonedDateTime.of moves a time that does not exist (the spring-forward gap) to after the gap
            Instant start = ZonedDateTime.of(day, profile.windowStart(), zone).toInstant();
            Instant end = ZonedDateTime.of(day, profile.windowEnd(), zone).toInstant();
            if (end.isAfter(start)) {
                list.add(new Interval(start, end));
            }
        }
        return list;
    }

    private static List<Interval> intersect(List<Interval> a, List<Interval> b) {
        List<Interval> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant start = a.get(i).start().isAfter(b.get(j).start()) ? a.get(i).start() : b.get(j).start();
            Instant end = a.get(i).end().isBefore(b.get(j).end()) ? a.get(i).end() : b.get(j).end();
            if (start.isBefore(end)) {
                out.add(new Interval(start, end));
            }
            if (a.get(i).end().isBefore(b.get(j).end())) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }
}
