package io.kindly.policy;

import io.kindly.domain.Channel;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The floor under each shipped profile: the figures the research in {@code shared/reference/contact-rules.md} found
 * confirmed (or reported by a reputable secondary source), with where they come from. A lender may tighten a profile
 * in {@code config/policy.properties} at will; setting one looser than this floor stops start-up unless the lender
 * says why in {@code kindly.policy.profile.<name>.loosened-because}, and is then logged at every start.
 *
 * <p>Figures the research marks unconfirmed are not here: they are only defaults in the config file.
 */
record Baseline(
        LocalTime windowStart,
        LocalTime windowEnd,
        Set<DayOfWeek> noContactDays,
        boolean publicHolidays,
        boolean everyCandidateZone,
        Integer perMonth,
        Set<Channel> consentRequired,
        Set<Channel> optOutNotice,
        boolean noWorkEmail,
        String source) {

    static final Map<String, Baseline> SHIPPED = Map.of(
            "cn", new Baseline(LocalTime.of(8, 0), LocalTime.of(22, 0), Set.of(), false, false, null, Set.of(),
                    Set.of(Channel.SMS), false,
                    "China Banking Association collection guideline (2026) and NIFA guideline (2024): no collection "
                            + "22:00-08:00; MIIT Order 31: a way to refuse in every commercial SMS"),
            "us", new Baseline(LocalTime.of(8, 0), LocalTime.of(21, 0), Set.of(), false, true, null,
                    Set.of(Channel.SMS), Set.of(Channel.SMS, Channel.EMAIL), true,
                    "12 CFR 1006.6(b)(1)(i): 8 a.m.-9 p.m. at the consumer's location; 1006.6(e): opt-out notice in "
                            + "electronic messages; 1006.22(f)(3): no work email; 47 USC 227: prior consent for texts"),
            "uk", new Baseline(LocalTime.of(8, 0), LocalTime.of(21, 0), Set.of(), false, false, null, Set.of(),
                    Set.of(), false,
                    "FCA CONC 7.9.4 R (no unreasonable times) with the MCOB 13.5.3 R benchmark of 8 a.m.-9 p.m."),
            "tw", new Baseline(LocalTime.of(7, 0), LocalTime.of(22, 0), Set.of(), false, false, null, Set.of(),
                    Set.of(), false, "Taiwan outsourcing rules pt. 12: collection between 07:00 and 22:00"),
            "ie", new Baseline(LocalTime.of(9, 0), LocalTime.of(21, 0), Set.of(DayOfWeek.SUNDAY), true, false, 3,
                    Set.of(), Set.of(), false,
                    "Consumer Credit Act 1995 s.46: not 9 p.m.-9 a.m., Sundays or public holidays; Consumer Protection "
                            + "Code: at most 3 unsolicited arrears communications per calendar month"));

    static Optional<Baseline> of(String profileOrBase) {
        return Optional.ofNullable(SHIPPED.get(profileOrBase));
    }

    /** Each way the profile is looser than this floor, in words; empty when it is at least as strict. */
    List<String> loosenings(PolicyProfile p) {
        List<String> found = new ArrayList<>();
        if (p.windowStart().isBefore(windowStart)) {
            found.add("the contact window starts at " + p.windowStart() + ", before " + windowStart);
        }
        if (p.windowEnd().isAfter(windowEnd)) {
            found.add("the contact window ends at " + p.windowEnd() + ", after " + windowEnd);
        }
        for (DayOfWeek day : noContactDays) {
            if (!p.noContactDays().contains(day)) {
                found.add("contact is allowed on " + day);
            }
        }
        if (publicHolidays && !p.publicHolidays()) {
            found.add("contact is allowed on public holidays");
        }
        if (everyCandidateZone && !p.everyCandidateZone()) {
            found.add("the window is checked in the main time zone only, not in every candidate zone");
        }
        if (perMonth != null && (p.caps().perMonth() == null || p.caps().perMonth() > perMonth)) {
            found.add("the monthly cap is " + (p.caps().perMonth() == null ? "off" : p.caps().perMonth())
                    + ", above " + perMonth);
        }
        for (Channel c : consentRequired) {
            if (!p.consentRequired().contains(c)) {
                found.add(c + " is sent without recorded consent");
            }
        }
        for (Channel c : optOutNotice) {
            if (!p.optOutNotice().contains(c)) {
                found.add(c + " messages need not carry an opt-out notice");
            }
        }
        if (noWorkEmail && !p.noWorkEmail()) {
            found.add("work email addresses may be used");
        }
        return found;
    }
}
