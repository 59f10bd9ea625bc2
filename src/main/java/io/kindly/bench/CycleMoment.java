package io.kindly.bench;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * When the benchmarked cycle pretends to run: 10:30 in the book's time zone on a weekday that is not a public holiday
 * there. Every profile's contact window is open then and stays open for hours, so no message waits for the morning
 * and the figures measure sending, not waiting.
 *
 * @param businessDate the cycle's business date, passed to the cycle as {@code once --date} would; the synthetic
 *                     accounts' due dates are set relative to it
 */
public record CycleMoment(LocalDate businessDate, ZoneId bookZone) {
    static final LocalTime TIME_OF_DAY = LocalTime.of(10, 30);

    /** The first suitable day from today (in the book's zone) on. */
    public static CycleMoment next(ZoneId bookZone, Set<LocalDate> holidays) {
        LocalDate day = LocalDate.now(bookZone);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
                || holidays.contains(day)) {
            day = day.plusDays(1);
        }
        return new CycleMoment(day, bookZone);
    }

    public Instant start() {
        return businessDate.atTime(TIME_OF_DAY).atZone(bookZone).toInstant();
    }

    /**
     * The system clock shifted so that it reads 10:30 on the business date now. Taken just before Kindly starts (after
     * seeding), and it keeps ticking: time spent in the cycle is real time, as the ledger's timestamps must be.
     */
    Clock clockFromNow() {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start()));
    }
}
