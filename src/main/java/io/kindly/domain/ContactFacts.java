package io.kindly.domain;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * What the lender's source says about how the borrower may be contacted. Every field is optional in the source.
 *
 * @param region        ISO 3166 region whose rules and public holidays apply; null when unknown (the mobile number's
 *                      region, then {@code kindly.policy.default-region}, are used instead)
 * @param otherZones    further time zones the borrower may be in (device, mailing address): profiles that must respect
 *                      every candidate zone check them all
 * @param consent       channels the borrower consented to; null when the source does not say
 * @param workEmail     the email address is provided by the borrower's employer
 * @param holds         holds recorded in the lender's own system for this loan
 * @param quietDays     days of the week the borrower asked not to be contacted on (a shift worker's rest days)
 */
public record ContactFacts(String region, List<ZoneId> otherZones, Set<Channel> consent, boolean workEmail,
        Set<HoldType> holds, Set<DayOfWeek> quietDays) {

    public static final ContactFacts NONE = new ContactFacts(null, List.of(), null, false, Set.of(), Set.of());

    public ContactFacts {
        otherZones = List.copyOf(otherZones);
        consent = consent == null ? null : Set.copyOf(consent);
        holds = Set.copyOf(holds);
        quietDays = quietDays == null ? Set.of() : Set.copyOf(quietDays);
    }

    /** Facts without quiet days. */
    public ContactFacts(String region, List<ZoneId> otherZones, Set<Channel> consent, boolean workEmail,
            Set<HoldType> holds) {
        this(region, otherZones, consent, workEmail, holds, Set.of());
    }
}
