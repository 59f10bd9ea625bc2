package io.kindly.policy;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.HoldType;
import io.kindly.domain.Reason;
import io.kindly.db.GroupCommit;
import io.kindly.db.LedgerException;
import io.kindly.ledger.LedgerStore;
import io.kindly.db.Transactions;
import io.kindly.shared.OptOutKeyword;
import io.kindly.shared.PhoneNumbers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The contact policy: every message passes it. Whether a borrower may be contacted now, on this channel, at this
 * address, and how often, worked out from durable state (the ledger database), so it holds across restarts and across
 * every Kindly sharing the database.
 *
 * <p>It acts twice. {@link #check} runs before rendering, to decide early what can be decided early (holds,
 * opt-outs, consent, the contact window). {@link #guard} runs inside the ledger's claim, with the borrower locked: it
 * looks at holds and opt-outs again (one may have arrived a moment ago), the window again (time has passed), and
 * counts the borrower's contacts for the caps, which is only safe under that lock.
 */
public final class ContactPolicy {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PolicySettings settings;
    private final PolicyStore store;
    private final DataSource ledger;
    private final Clock clock;
    private final OptOutKeyword keyword;
    private final List<String> optOutLinks;
    private final SendHistory history;
    /** The reads before rendering (holds, opt-outs), made for many contacts at once under load. */
    private final GroupCommit<Contact, Facts> factReads;

    /**
     * @param optOutLinks any of these in an email or in-app message counts as its opt-out notice
     */
    public ContactPolicy(PolicySettings settings, PolicyStore store, DataSource ledger, Clock clock,
            String smsOptOutKeyword, List<String> optOutLinks) {
        this(settings, store, ledger, clock, new OptOutKeyword(smsOptOutKeyword), List.copyOf(optOutLinks),
                store.history());
    }

    private ContactPolicy(PolicySettings settings, PolicyStore store, DataSource ledger, Clock clock,
            OptOutKeyword keyword, List<String> optOutLinks, SendHistory history) {
        this.settings = settings;
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
        this.keyword = keyword;
        this.optOutLinks = optOutLinks;
        this.history = history;
        // one read at a time: more callers gather behind it (see JdbcLedgerStore's status reads)
        this.factReads = new GroupCommit<>(this::readFacts, GroupCommit.DEFAULT_BATCH, 1);
    }

    /** The same policy counting the caps from another history (the preview's, which adds its own decisions). */
    public ContactPolicy withSendHistory(SendHistory other) {
        return new ContactPolicy(settings, store, ledger, clock, keyword, optOutLinks, other);
    }

    /** How well the reads before rendering (holds, opt-outs) are grouped. */
    public GroupCommit.Stats factReadStats() {
        return factReads.stats();
    }

    public PolicyStore store() {
        return store;
    }

    public PolicySettings settings() {
        return settings;
    }

    // --------------------------------------------------------------------------------------------- who, where

    /** The profile for an account: by its region if the campaign maps that region, else the campaign's own. */
    public PolicyProfile profileFor(Account account) {
        return settings.profile(settings.profileByRegion().getOrDefault(regionOf(account), settings.defaultProfile()));
    }

    /** The source's region, else the mobile number's, else the configured default. */
    public String regionOf(Account account) {
        if (account.facts().region() != null) {
            return account.facts().region();
        }
        if (account.mobile().isOk()) {
            String fromNumber = PhoneNumbers.regionOf(account.mobile().value());
            if (fromNumber != null) {
                return fromNumber;
            }
        }
        return settings.defaultRegion();
    }

    static List<ZoneId> zonesOf(Account account) {
        List<ZoneId> zones = new ArrayList<>();
        zones.add(account.timeZone());
        account.facts().otherZones().stream().filter(z -> !zones.contains(z)).forEach(zones::add);
        return zones;
    }

    // ----------------------------------------------------------------------------------------- before rendering

    /** Pipeline step: decides what can be decided before rendering. Leaves a decided contact alone. */
    public void check(Contact contact) {
        if (!contact.isPending()) {
            return;
        }
        PolicyProfile profile = profileFor(contact.account());
        contact.profile(profile.name());
        contact.discreet(profile.discreet());
        Instant now = clock.instant();
        Facts facts = factReads.submit(contact);
        if (held(contact, facts.holds(), now) || optedOut(contact, facts.optOuts()) || withoutConsent(contact, profile)
                || workEmail(contact, profile)) {
            return;
        }
        outsideWindow(contact, profile, now);
    }

    /** What the ledger database says of a contact's borrower before rendering: holds and opt-outs. */
    private record Facts(List<PolicyStore.Hold> holds, List<PolicyStore.OptOut> optOuts) {
    }

    /** Holds and opt-outs for a batch of contacts, in two queries. */
    private List<Facts> readFacts(List<Contact> contacts) {
        Instant now = clock.instant();
        // both queries in one transaction: one commit for the batch instead of one per statement
        return Transactions.run(ledger, "cannot read holds and opt-outs", c -> {
            Map<String, List<PolicyStore.Hold>> holds = store.activeHolds(c, borrowersOf(contacts), now);
            List<PolicyStore.OptOut> optOuts = optOutsOf(c, contacts);
            List<Facts> facts = new ArrayList<>(contacts.size());
            for (Contact contact : contacts) {
                facts.add(new Facts(holds.getOrDefault(contact.account().borrowerId(), List.of()), optOuts));
            }
            return facts;
        });
    }

    private static Set<String> borrowersOf(List<Contact> contacts) {
        Set<String> borrowers = new TreeSet<>();
        contacts.forEach(contact -> borrowers.add(contact.account().borrowerId()));
        return borrowers;
    }

    private List<PolicyStore.OptOut> optOutsOf(Connection c, List<Contact> contacts) throws SQLException {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        Set<String> addresses = new TreeSet<>();
        for (Contact contact : contacts) {
            channels.add(contact.channel());
            String address = addressOf(contact);
            if (address != null) {
                addresses.add(address);
            }
        }
        return store.optOuts(c, channels, addresses, borrowersOf(contacts));
    }

    /** Pipeline step after rendering: the message must say how to opt out where the profile requires it. */
    public void confirmOptOutNotice(Contact contact) {
        if (!contact.isPending() || contact.message() == null) {
            return;
        }
        PolicyProfile profile = settings.profile(contact.profile());
        if (profile == null || !profile.optOutNotice().contains(contact.channel())) {
            return;
        }
        String body = contact.message().body() == null ? "" : contact.message().body();
        String html = contact.message().html();
        boolean hasNotice = switch (contact.channel()) {
            // the keyword as a word of its own: "nonstop" is not an instruction to reply STOP
            case SMS -> keyword.foundIn(body);
            // an email says it in both its parts, since a reader sees one or the other
            case EMAIL -> hasOptOutLink(body) && (html == null || hasOptOutLink(html));
            case INAPP -> hasOptOutLink(body);
        };
        if (!hasNotice) {
            contact.fail(Reason.OPT_OUT_NOTICE_MISSING, "profile " + profile.name() + " requires an opt-out notice in "
                    + contact.channel() + " (template " + contact.message().template() + ")");
        }
    }

    private boolean hasOptOutLink(String text) {
        return optOutLinks.stream().anyMatch(link -> !link.isEmpty() && text.contains(link));
    }

    /** Route filter: an account read longer ago than {@code kindly.policy.refresh-after-seconds} is read again. */
    public boolean needsRefresh(Contact contact) {
        return contact.isPending() && (contact.readAt() == null
                || Duration.between(contact.readAt(), clock.instant()).compareTo(settings.refreshAfter()) >= 0);
    }

    // -------------------------------------------------------------------------------------- at the claim

    /** The checks made inside the ledger's claim, with the borrower locked. */
    public LedgerStore.ClaimGuard guard() {
        return new ClaimChecks();
    }

    /**
     * Holds and opt-outs again (one may have arrived a moment ago), the window again (time has passed), then the caps
     * and the gap, counted from the ledger. For a batch of claims, what the ledger says of all its borrowers is read
     * at once, under their locks, and every claim of the batch is added to its borrower's history as it is made.
     */
    private final class ClaimChecks implements LedgerStore.ClaimGuard {
        @Override
        public void check(Connection c, Contact contact, Instant now) throws SQLException {
            prepare(c, List.of(contact), now).check(contact);
        }

        @Override
        public Batch prepare(Connection c, List<Contact> contacts, Instant now) throws SQLException {
            Set<String> borrowers = borrowersOf(contacts);
            Map<String, List<PolicyStore.Hold>> holds = store.activeHolds(c, borrowers, now);
            List<PolicyStore.OptOut> optOuts = optOutsOf(c, contacts);
            Instant since = contacts.stream().map(contact -> countedSince(contact, now)).min(Instant::compareTo)
                    .orElse(now);
            Map<String, List<PolicyStore.Sent>> sent = new HashMap<>(history.sentSince(c, borrowers, since));
            return new Batch() {
                @Override
                public void check(Contact contact) {
                    PolicyProfile profile = contact.profile() != null && settings.profile(contact.profile()) != null
                            ? settings.profile(contact.profile()) : profileFor(contact.account());
                    contact.profile(profile.name());
                    String borrower = contact.account().borrowerId();
                    if (held(contact, holds.getOrDefault(borrower, List.of()), now) || optedOut(contact, optOuts)
                            || outsideWindow(contact, profile, now)) {
                        return;
                    }
                    overCap(contact, profile, now, sent.getOrDefault(borrower, List.of()));
                }

                @Override
                public void claimed(Contact contact) {
                    List<PolicyStore.Sent> counted = new ArrayList<>(
                            sent.getOrDefault(contact.account().borrowerId(), List.of()));
                    counted.add(new PolicyStore.Sent(now, contact.channel(), contact.account().loanId(),
                            contact.stage().name(), contact.businessDate()));
                    sent.put(contact.account().borrowerId(), counted);
                }
            };
        }
    }

    /**
     * Whether the contact window is shut for this contact at a moment (a retry must not go out at night): the next
     * opening when it is, empty when it is open.
     */
    public Optional<Instant> closedUntil(Contact contact, Instant at) {
        PolicyProfile general = contact.profile() != null && settings.profile(contact.profile()) != null
                ? settings.profile(contact.profile()) : profileFor(contact.account());
        Account a = contact.account();
        PolicyProfile profile = general.withQuietDays(a.facts().quietDays());
        ContactWindow.Verdict v = ContactWindow.at(at, profile, zonesOf(a), holidays(a), settings.windowEndMargin());
        if (v.open()) {
            return Optional.empty();
        }
        return Optional.of(v.nextOpening() != null ? v.nextOpening() : at.plus(ContactWindow.HORIZON_DAYS, ChronoUnit.DAYS));
    }

    // ---------------------------------------------------------------------------------------------- the rules

    /** @param borrowersHolds the borrower's active holds as read from the ledger */
    private static boolean held(Contact contact, List<PolicyStore.Hold> borrowersHolds, Instant now) {
        Account a = contact.account();
        Optional<HoldType> fromSource = a.facts().holds().stream().findFirst();
        if (fromSource.isPresent()) {
            contact.suppress(fromSource.get().reason(), "hold " + fromSource.get() + " in the lender's records");
            return true;
        }
        List<PolicyStore.Hold> holds = PolicyStore.holdsFor(borrowersHolds, a.loanId(), now);
        if (holds.isEmpty()) {
            return false;
        }
        PolicyStore.Hold h = holds.get(0);
        contact.suppress(h.type().reason(), "hold " + h.type() + " on " + (h.loanId() == null ? "the borrower" : "the loan")
                + ", placed " + h.placedAt().truncatedTo(ChronoUnit.SECONDS) + " by " + h.placedBy()
                + (h.expiresAt() == null ? "" : ", until " + h.expiresAt().truncatedTo(ChronoUnit.SECONDS))
                + " (hold " + h.id() + ")");
        return true;
    }

    /** @param optOuts opt-outs read for this contact (and perhaps others) */
    private static boolean optedOut(Contact contact, List<PolicyStore.OptOut> optOuts) {
        Optional<PolicyStore.OptOut> o = PolicyStore.optOutFor(optOuts, contact.channel(), addressOf(contact),
                contact.account().borrowerId());
        if (o.isEmpty()) {
            return false;
        }
        contact.suppress(Reason.OPTED_OUT, "opted out of " + contact.channel()
                + (o.get().address() == null ? " for every address" : " at this address") + " on "
                + o.get().at().truncatedTo(ChronoUnit.SECONDS) + " (" + o.get().source() + ", opt-out " + o.get().id() + ")");
        return true;
    }

    private static String addressOf(Contact contact) {
        return contact.recipient() != null ? contact.recipient()
                : contact.account().addressFor(contact.channel()).orNull();
    }

    private static boolean withoutConsent(Contact contact, PolicyProfile profile) {
        if (!profile.consentRequired().contains(contact.channel())) {
            return false;
        }
        Set<Channel> consent = contact.account().facts().consent();
        if (consent != null && consent.contains(contact.channel())) {
            return false;
        }
        contact.suppress(Reason.NO_CONSENT, "profile " + profile.name() + " requires consent for " + contact.channel()
                + (consent == null ? "; the source records none" : "; the source records consent for " + consent));
        return true;
    }

    private static boolean workEmail(Contact contact, PolicyProfile profile) {
        if (contact.channel() != Channel.EMAIL || !profile.noWorkEmail() || !contact.account().facts().workEmail()) {
            return false;
        }
        contact.suppress(Reason.WORK_EMAIL, "profile " + profile.name() + " forbids work email addresses");
        return true;
    }

    private boolean outsideWindow(Contact contact, PolicyProfile general, Instant now) {
        Account a = contact.account();
        PolicyProfile profile = general.withQuietDays(a.facts().quietDays());
        ContactWindow.Verdict v = ContactWindow.at(now, profile, zonesOf(a), holidays(a), settings.windowEndMargin());
        if (v.open()) {
            return false;
        }
        Instant until = v.nextOpening() != null ? v.nextOpening() : now.plus(ContactWindow.HORIZON_DAYS, ChronoUnit.DAYS);
        contact.defer(until, v.reason(), describeWait(v.reason(), profile, a, until));
        return true;
    }

    /** The earliest counted contact the caps look at: the start of the local day, of the month, or 7 days ago. */
    private static Instant countedSince(Contact contact, Instant now) {
        ZoneId zone = contact.account().timeZone();
        LocalDate today = now.atZone(zone).toLocalDate();
        return min(today.atStartOfDay(zone).toInstant(),
                min(today.withDayOfMonth(1).atStartOfDay(zone).toInstant(), now.minus(7, ChronoUnit.DAYS)));
    }

    /** @param history the borrower's counted contacts, read for a batch from the earliest moment any of it needs */
    private void overCap(Contact contact, PolicyProfile profile, Instant now, List<PolicyStore.Sent> history) {
        PolicyProfile.Caps caps = profile.caps();
        Account a = contact.account();
        ZoneId zone = a.timeZone();
        ZonedDateTime local = now.atZone(zone);
        Instant dayStart = local.toLocalDate().atStartOfDay(zone).toInstant();
        Instant monthStart = local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        Instant weekStart = now.minus(7, ChronoUnit.DAYS);
        Instant since = countedSince(contact, now);
        List<PolicyStore.Sent> sent = history.stream().filter(s -> !s.at().isBefore(since)).toList();
        Channel channel = contact.channel();

        Predicate<PolicyStore.Sent> today = s -> !s.at().isBefore(dayStart);
        // a send exactly 7 x 24 hours old has left the week: the moment a deferred contact is told to wait for
        Predicate<PolicyStore.Sent> thisWeek = s -> s.at().isAfter(weekStart);
        Predicate<PolicyStore.Sent> thisMonth = s -> !s.at().isBefore(monthStart);
        Predicate<PolicyStore.Sent> sameChannel = s -> s.channel() == channel;
        Instant tomorrow = local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();

        if (over(contact, profile, sent, today, caps.perDay(), Reason.CAP_DAY, "today (" + zone + ")", tomorrow)
                || over(contact, profile, sent, today.and(sameChannel), caps.perChannelPerDay(), Reason.CAP_CHANNEL_DAY,
                        "on " + channel + " today (" + zone + ")", tomorrow)
                || over(contact, profile, sent, thisWeek, caps.perWeek(), Reason.CAP_WEEK, "in the last 7 days",
                        oldest(sent, thisWeek).plus(7, ChronoUnit.DAYS))
                || over(contact, profile, sent, thisWeek.and(sameChannel), caps.perChannelPerWeek(),
                        Reason.CAP_CHANNEL_WEEK, "on " + channel + " in the last 7 days",
                        oldest(sent, thisWeek.and(sameChannel)).plus(7, ChronoUnit.DAYS))
                || over(contact, profile, sent, thisMonth, caps.perMonth(), Reason.CAP_MONTH,
                        "this month (" + zone + ")",
                        local.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant())) {
            return;
        }
        // the least time between two reminders; the channels of one reminder go together
        if (!caps.minGap().isZero()) {
            Optional<Instant> last = sent.stream().filter(s -> !sameReminder(s, contact)).map(PolicyStore.Sent::at)
                    .max(Instant::compareTo);
            if (last.isPresent() && now.isBefore(last.get().plus(caps.minGap()))) {
                Instant until = align(last.get().plus(caps.minGap()), profile, a);
                contact.defer(until, Reason.MIN_GAP, "last reminder at " + localTime(last.get(), zone) + "; profile "
                        + profile.name() + " wants " + caps.minGap().toMinutes() + " minutes between reminders; "
                        + "waits until " + localTime(until, zone));
            }
        }
    }

    private boolean over(Contact contact, PolicyProfile profile, List<PolicyStore.Sent> sent,
            Predicate<PolicyStore.Sent> counted, Integer cap, Reason reason, String period, Instant room) {
        if (cap == null) {
            return false;
        }
        long n = sent.stream().filter(counted).count();
        if (n < cap) {
            return false;
        }
        String detail = n + " contact" + (n == 1 ? "" : "s") + " " + period + "; profile " + profile.name()
                + " allows " + cap;
        if (profile.capAction() == PolicyProfile.CapAction.SUPPRESS) {
            contact.suppress(reason, detail);
        } else {
            Instant until = align(room, profile, contact.account());
            contact.defer(until, reason, detail + "; waits until " + localTime(until, contact.account().timeZone()));
        }
        return true;
    }

    private static boolean sameReminder(PolicyStore.Sent s, Contact contact) {
        return s.loanId().equals(contact.account().loanId()) && s.stage().equals(contact.stage().name())
                && s.businessDate().equals(contact.businessDate());
    }

    /** The first moment at or after {@code from} that is inside the contact window. */
    private Instant align(Instant from, PolicyProfile profile, Account a) {
        return ContactWindow.nextOpening(from, profile.withQuietDays(a.facts().quietDays()), zonesOf(a), holidays(a),
                        settings.windowEndMargin())
                .orElse(from.plus(ContactWindow.HORIZON_DAYS, ChronoUnit.DAYS));
    }

    private Set<LocalDate> holidays(Account a) {
        return settings.holidays().getOrDefault(regionOf(a), Set.of());
    }

    private String describeWait(Reason reason, PolicyProfile profile, Account a, Instant until) {
        String why = switch (reason) {
            case HOLIDAY -> "public holiday in " + regionOf(a);
            case NO_CONTACT_DAY -> {
                java.time.DayOfWeek day = clock.instant().atZone(a.timeZone()).getDayOfWeek();
                yield a.facts().quietDays().contains(day) ? "the borrower asked for no contact on " + day
                        : "no contact on " + day;
            }
            default -> "outside " + profile.windowStart() + "-" + profile.windowEnd()
                    + (profile.everyCandidateZone() && zonesOf(a).size() > 1 ? " in every zone " + zonesOf(a) : "");
        };
        return why + " (profile " + profile.name() + "); waits until " + localTime(until, a.timeZone());
    }

    private static String localTime(Instant t, ZoneId zone) {
        return t.atZone(zone).format(LOCAL) + " " + zone;
    }

    private static Instant oldest(List<PolicyStore.Sent> sent, Predicate<PolicyStore.Sent> counted) {
        return sent.stream().filter(counted).map(PolicyStore.Sent::at).min(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
