package io.kindly.policy;

import io.kindly.config.Settings;
import io.kindly.domain.Channel;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contact policy as configured in {@code config/policy.properties}: the profiles, which one applies to whom, the
 * public-holiday calendars, and how deferred messages are released.
 *
 * @param defaultProfile  the campaign's profile
 * @param profileByRegion a borrower's region picks another profile (US borrowers get {@code us}, ...)
 * @param defaultRegion   the region of a borrower when neither the source nor the mobile number tells
 * @param holidays        public holidays per ISO region
 * @param windowEndMargin nothing is sent this close to the end of a contact window, so a send cannot slip past it
 * @param maxDeferral     a deferred reminder older than this (from its business date) is dropped as EXPIRED
 * @param refreshAfter    an account read longer ago than this is read again before its message is sent
 * @param acknowledgedLoosenings what each loosened profile's lender said, logged at every start
 */
public record PolicySettings(
        String defaultProfile,
        Map<String, String> profileByRegion,
        String defaultRegion,
        Map<String, PolicyProfile> profiles,
        Map<String, Set<LocalDate>> holidays,
        Duration windowEndMargin,
        Duration maxDeferral,
        Duration refreshAfter,
        String releaseCron,
        Map<String, String> acknowledgedLoosenings) {

    private static final Logger LOG = LoggerFactory.getLogger(PolicySettings.class);
    private static final String P = "kindly.policy.";

    public PolicyProfile profile(String name) {
        return profiles.get(name);
    }

    /** Logs, at every start, each profile a lender has made looser than the law's floor, and why. */
    public void logLoosenings() {
        acknowledgedLoosenings.forEach((profile, text) -> LOG.warn("policy profile {} is looser than its baseline: {}",
                profile, text));
    }

    public static PolicySettings read(Settings s) {
        List<String> names = s.list(P + "profiles", List.of("cn", "us", "uk", "hk", "tw", "ie"));
        Map<String, PolicyProfile> profiles = new LinkedHashMap<>();
        Map<String, String> acknowledged = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,23}")) {
                s.problem(P + "profiles", "profile name '" + name + "' must be lower-case letters, digits and dashes");
                continue;
            }
            PolicyProfile profile = readProfile(s, name);
            profiles.put(name, profile);
            // a shipped profile is always held to its own floor; a lender's own profile may name one to be held to
            String base = name;
            if (SHIPPED_PROFILES.contains(name)) {
                s.optional(P + "profile." + name + ".based-on").ifPresent(other -> s.problem(
                        P + "profile." + name + ".based-on", "a shipped profile keeps its own baseline; "
                                + "copy it under another name to base a profile of your own on it"));
            } else {
                base = s.string(P + "profile." + name + ".based-on", name);
                if (!base.equals(name) && !SHIPPED_PROFILES.contains(base)) {
                    s.problem(P + "profile." + name + ".based-on", "'" + base + "' is not a shipped profile "
                            + SHIPPED_PROFILES);
                }
            }
            String because = s.string(P + "profile." + name + ".loosened-because", "");
            holdToFloor(s, P + "profile." + name, "profile " + name, profile, base, because, acknowledged, name);
        }

        String defaultProfile = s.string(P + "profile", "cn");
        if (!profiles.containsKey(defaultProfile)) {
            s.problem(P + "profile", "'" + defaultProfile + "' is not one of the profiles " + profiles.keySet());
        }
        Map<String, String> byRegion = new LinkedHashMap<>();
        for (String pair : s.list(P + "profile-by-region", List.of())) {
            String[] kv = pair.split(":");
            if (kv.length != 2 || !profiles.containsKey(kv[1].strip())) {
                s.problem(P + "profile-by-region", "'" + pair + "' is not REGION:profile with a profile from "
                        + profiles.keySet());
            } else {
                byRegion.put(kv[0].strip().toUpperCase(Locale.ROOT), kv[1].strip());
            }
        }
        String defaultRegion = s.string(P + "default-region", "CN").toUpperCase(Locale.ROOT);

        // a region whose law Kindly knows is held to that law's floor, whichever profile it is given
        Map<String, String> applied = new LinkedHashMap<>(byRegion);
        applied.putIfAbsent(defaultRegion, defaultProfile);
        applied.forEach((region, name) -> {
            String jurisdiction = JURISDICTION_OF_REGION.get(region);
            PolicyProfile profile = profiles.get(name);
            if (jurisdiction != null && profile != null && !jurisdiction.equals(name)) {
                String key = byRegion.containsKey(region) ? P + "profile-by-region" : P + "profile";
                holdToFloor(s, key, "borrowers in " + region + " (profile " + name + ")", profile, jurisdiction,
                        s.string(P + "profile." + name + ".loosened-because", ""), acknowledged, name);
            }
        });

        Map<String, Set<LocalDate>> holidays = new HashMap<>();
        for (String key : s.files().fileKeys().keySet()) {
            if (key.startsWith(P + "holidays.")) {
                String region = key.substring((P + "holidays.").length()).toUpperCase(Locale.ROOT);
                holidays.put(region, readDates(s, key));
            }
        }

        String releaseCron = s.string(P + "release-cron", "0 0/5 * * * ?");
        if (!CronExpression.isValidExpression(releaseCron)) {
            s.problem(P + "release-cron", "'" + releaseCron + "' is not a Quartz cron expression");
        }
        return new PolicySettings(defaultProfile, byRegion, defaultRegion, profiles, holidays,
                Duration.ofMinutes(s.integer(P + "window-end-margin-minutes", 5, 0, 120)),
                Duration.ofHours(s.integer(P + "max-deferral-hours", 48, 1, 24 * 31)),
                Duration.ofSeconds(s.integer(P + "refresh-after-seconds", 60, 0, 86_400)),
                releaseCron, acknowledged);
    }

    /** The profiles Kindly ships; those with confirmed figures have a {@link Baseline}. */
    static final List<String> SHIPPED_PROFILES = List.of("cn", "us", "uk", "hk", "tw", "ie");

    /** The shipped profile whose law applies to borrowers in a region. */
    static final Map<String, String> JURISDICTION_OF_REGION = Map.of(
            "CN", "cn", "US", "us", "GB", "uk", "HK", "hk", "TW", "tw", "IE", "ie");

    /**
     * A loosening past a floor is a problem unless the lender has said why (then it is logged at every start).
     *
     * @param who    in words, what is being judged ("profile cn", "borrowers in CN (profile tw)")
     * @param floor  the shipped profile whose baseline applies; no baseline means no floor
     */
    private static void holdToFloor(Settings s, String key, String who, PolicyProfile profile, String floor,
            String because, Map<String, String> acknowledged, String ackKey) {
        Optional<Baseline> baseline = Baseline.of(floor);
        List<String> looser = baseline.map(b -> b.loosenings(profile)).orElse(List.of());
        if (looser.isEmpty()) {
            return;
        }
        if (because.isEmpty()) {
            s.problem(key, who + " is looser than the " + floor + " baseline (" + baseline.get().source() + "): "
                    + String.join("; ", looser) + ". If that is intended, say why in "
                    + P + "profile." + profile.name() + ".loosened-because");
        } else {
            acknowledged.merge(ackKey, who + ": " + String.join("; ", looser) + " (acknowledged: " + because + ")",
                    (a, b) -> a + " | " + b);
        }
    }

    private static PolicyProfile readProfile(Settings s, String name) {
        String p = P + "profile." + name + ".";
        LocalTime start = LocalTime.of(8, 0);
        LocalTime end = LocalTime.of(21, 0);
        String window = s.required(p + "window", "the contact window in local time, for example 08:00-21:00");
        String[] parts = window.split("-");
        try {
            if (parts.length != 2) {
                throw new DateTimeException("not two times");
            }
            start = LocalTime.parse(parts[0].strip());
            end = LocalTime.parse(parts[1].strip());
            if (!start.isBefore(end)) {
                s.problem(p + "window", "'" + window + "' must start before it ends, within one day");
            }
        } catch (DateTimeException e) {
            if (!window.isEmpty()) {
                s.problem(p + "window", "'" + window + "' is not a window like 08:00-21:00");
            }
        }

        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : s.list(p + "no-contact-days", List.of())) {
            dayOf(d).ifPresentOrElse(days::add,
                    () -> s.problem(p + "no-contact-days", "'" + d + "' is not a day of the week (MONDAY ... SUNDAY)"));
        }
        if (days.size() == 7) {
            s.problem(p + "no-contact-days", "every day is a no-contact day: nothing could ever be sent");
        }

        PolicyProfile.Caps caps = new PolicyProfile.Caps(
                cap(s, p + "max-per-day"), cap(s, p + "max-per-week"), cap(s, p + "max-per-month"),
                cap(s, p + "max-per-channel-per-day"), cap(s, p + "max-per-channel-per-week"),
                Duration.ofMinutes(s.integer(p + "min-gap-minutes", 0, 0, 7 * 24 * 60)));
        String action = s.string(p + "cap-action", "defer").toUpperCase(Locale.ROOT);
        PolicyProfile.CapAction capAction = PolicyProfile.CapAction.DEFER;
        try {
            capAction = PolicyProfile.CapAction.valueOf(action);
        } catch (IllegalArgumentException e) {
            s.problem(p + "cap-action", "'" + action.toLowerCase(Locale.ROOT) + "' is not defer or suppress");
        }
        return new PolicyProfile(name, start, end, days, s.bool(p + "public-holidays", false),
                s.bool(p + "every-candidate-zone", false), caps, capAction,
                channels(s, p + "consent-required"), channels(s, p + "opt-out-notice"), s.bool(p + "no-work-email", false),
                s.bool(p + "discreet", false));
    }

    private static Integer cap(Settings s, String key) {
        if (s.optional(key).isEmpty()) {
            return null;
        }
        return s.integer(key, 0, 0, 10_000);
    }

    private static Set<Channel> channels(Settings s, String key) {
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        for (String c : s.list(key, List.of())) {
            Channel.byId(c).ifPresentOrElse(set::add,
                    () -> s.problem(key, "'" + c + "' is not a channel (use sms, email or inapp)"));
        }
        return set;
    }

    private static Optional<DayOfWeek> dayOf(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Dates and inclusive ranges: {@code 2026-01-01, 2026-02-15..2026-02-23}. */
    private static Set<LocalDate> readDates(Settings s, String key) {
        Set<LocalDate> dates = new TreeSet<>();
        for (String item : s.list(key, List.of())) {
            try {
                if (item.contains("..")) {
                    String[] ends = item.split("\\.\\.");
                    LocalDate from = LocalDate.parse(ends[0].strip());
                    LocalDate to = LocalDate.parse(ends[1].strip());
                    if (to.isBefore(from) || from.plusDays(62).isBefore(to)) {
                        s.problem(key, "'" + item + "' is not a range of at most two months, first date first");
                        continue;
                    }
                    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                        dates.add(d);
                    }
                } else {
                    dates.add(LocalDate.parse(item));
                }
            } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                s.problem(key, "'" + item + "' is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)");
            }
        }
        return dates;
    }

    /** Every region's holidays plus extra ones (the demo adds its own); used only at start-up. */
    public PolicySettings withHolidays(String region, Set<LocalDate> extra) {
        region = region.toUpperCase(Locale.ROOT);
        Map<String, Set<LocalDate>> all = new HashMap<>(holidays);
        Set<LocalDate> dates = new TreeSet<>(all.getOrDefault(region, Set.of()));
        dates.addAll(extra);
        all.put(region, dates);
        return new PolicySettings(defaultProfile, profileByRegion, defaultRegion, profiles, all, windowEndMargin,
                maxDeferral, refreshAfter, releaseCron, acknowledgedLoosenings);
    }
}
