package io.kindly.policy;

import io.kindly.domain.Channel;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/**
 * The contact rules of one jurisdiction (or one lender's stricter version of them): when a borrower may be contacted,
 * how often, and on what conditions.
 *
 * @param windowStart         earliest local time of day for a contact
 * @param windowEnd           latest local time of day; nothing is sent within {@code endMargin} of it
 * @param noContactDays       days of the week with no contact at all (Ireland: Sunday)
 * @param publicHolidays      no contact on a public holiday of the borrower's region
 * @param everyCandidateZone  the window must hold in every time zone the borrower may be in, not only the main one
 * @param caps                frequency caps, counted from the ledger
 * @param capAction           what happens to a contact over a cap
 * @param consentRequired     channels that need the borrower's recorded consent
 * @param optOutNotice        channels whose every message must say how to opt out
 * @param noWorkEmail         never email an address the borrower's employer provides
 * @param discreet            no amount or debt wording where others may see it (SMS text, email subject, in-app
 *                            title): the discreet wording of templates/_discreet/ instead
 */
public record PolicyProfile(
        String name,
        LocalTime windowStart,
        LocalTime windowEnd,
        Set<DayOfWeek> noContactDays,
        boolean publicHolidays,
        boolean everyCandidateZone,
        Caps caps,
        CapAction capAction,
        Set<Channel> consentRequired,
        Set<Channel> optOutNotice,
        boolean noWorkEmail,
        boolean discreet) {

    /** A profile whose messages may name the amount. */
    public PolicyProfile(String name, LocalTime windowStart, LocalTime windowEnd, Set<DayOfWeek> noContactDays,
            boolean publicHolidays, boolean everyCandidateZone, Caps caps, CapAction capAction,
            Set<Channel> consentRequired, Set<Channel> optOutNotice, boolean noWorkEmail) {
        this(name, windowStart, windowEnd, noContactDays, publicHolidays, everyCandidateZone, caps, capAction,
                consentRequired, optOutNotice, noWorkEmail, false);
    }

    public PolicyProfile {
        noContactDays = Set.copyOf(noContactDays);
        consentRequired = Set.copyOf(consentRequired);
        optOutNotice = Set.copyOf(optOutNotice);
    }

    /** This profile for one borrower who also asked not to be contacted on some days of the week. */
    public PolicyProfile withQuietDays(Set<DayOfWeek> borrowersDays) {
        if (borrowersDays.isEmpty() || noContactDays.containsAll(borrowersDays)) {
            return this;
        }
        Set<DayOfWeek> all = java.util.EnumSet.noneOf(DayOfWeek.class);
        all.addAll(noContactDays);
        all.addAll(borrowersDays);
        return new PolicyProfile(name, windowStart, windowEnd, all, publicHolidays, everyCandidateZone, caps, capAction,
                consentRequired, optOutNotice, noWorkEmail, discreet);
    }

    /**
     * Frequency caps per borrower; a null cap means none. Contacts are counted across all the borrower's loans.
     *
     * @param perDay            all channels, the borrower's local calendar day
     * @param perWeek           all channels, the last 7 × 24 hours
     * @param perMonth          all channels, the borrower's local calendar month
     * @param perChannelPerDay  each channel, local calendar day
     * @param perChannelPerWeek each channel, last 7 × 24 hours
     * @param minGap            least time between two reminders (one reminder may use several channels at once)
     */
    public record Caps(Integer perDay, Integer perWeek, Integer perMonth, Integer perChannelPerDay,
            Integer perChannelPerWeek, Duration minGap) {
    }

    /** What to do with a contact that would break a cap: wait for room under the cap, or drop it (recorded). */
    public enum CapAction { DEFER, SUPPRESS }
}
