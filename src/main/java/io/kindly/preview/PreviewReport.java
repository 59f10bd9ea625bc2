package io.kindly.preview;

import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Status;
import io.kindly.source.RowRejectedException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * What a preview decided, one row per planned message (the last decision of each, as the ledger's contact row would
 * hold it), plus the source rows that could not be read. Filled from the pipeline's threads; read once it is done.
 */
public final class PreviewReport {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final String ledgerNote;
    private final BiFunction<Contact, LocalDate, Optional<Message>> displayRenderer;
    private final Map<String, PreviewRow> byContact = new LinkedHashMap<>();
    private final List<PreviewRow> rejectedRows = new ArrayList<>();
    private int alreadyHandled;

    /**
     * @param ledgerNote      what the preview read its history from, said at the top of the report
     * @param displayRenderer renders a deferred message as it would read on the day it goes (for display only)
     */
    public PreviewReport(String ledgerNote, BiFunction<Contact, LocalDate, Optional<Message>> displayRenderer) {
        this.ledgerNote = ledgerNote;
        this.displayRenderer = displayRenderer;
    }

    public String ledgerNote() {
        return ledgerNote;
    }

    synchronized void decided(Contact contact) {
        Message m = contact.message();
        if (m == null && contact.status() == Status.DEFERRED) {
            LocalDate sendDay = contact.notBefore().atZone(contact.account().timeZone()).toLocalDate();
            m = displayRenderer.apply(contact, sendDay.isAfter(contact.businessDate()) ? sendDay
                    : contact.businessDate()).orElse(null);
        }
        PreviewRow.Decision decision = switch (contact.status()) {
            case PENDING -> PreviewRow.Decision.SEND;
            case DEFERRED -> PreviewRow.Decision.DEFER;
            case SUPPRESSED -> PreviewRow.Decision.SUPPRESS;
            case SKIPPED -> PreviewRow.Decision.SKIP;
            default -> PreviewRow.Decision.FAIL;
        };
        ZoneId zone = contact.account().timeZone();
        Instant when = contact.notBefore();
        byContact.put(contact.id(), new PreviewRow(contact.id(), contact.businessDate(),
                contact.account().borrowerId(), contact.account().loanId(), contact.stage().name(),
                contact.channel().id(), decision, contact.reason() == null ? null : contact.reason().name(),
                contact.detail(), when, when == null ? null : when.atZone(zone).format(LOCAL) + " " + zone,
                contact.profile(), contact.recipient(), m == null ? null : m.locale().toLanguageTag(),
                m == null ? null : m.template(), m == null ? null : m.templateHash(), m == null ? null : m.subject(),
                m == null ? null : m.body(), m == null ? null : m.html(), contact.account().sourceRef()));
    }

    /** The status the pipeline would read back for a contact this preview has already decided. */
    synchronized Optional<Status> statusOf(String contactId) {
        PreviewRow row = byContact.get(contactId);
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(switch (row.decision()) {
            case SEND -> Status.SENT;
            case DEFER -> Status.DEFERRED;
            case SUPPRESS -> Status.SUPPRESSED;
            case SKIP -> Status.SKIPPED;
            case FAIL -> Status.FAILED;
        });
    }

    synchronized void rejected(LocalDate businessDate, RowRejectedException rejection) {
        rejectedRows.add(new PreviewRow(null, businessDate, rejection.borrowerId(), rejection.loanId(), null, null,
                PreviewRow.Decision.SKIP, rejection.reason().name(), rejection.detail(), null, null, null, null, null,
                null, null, null, null, null, rejection.sourceRef()));
    }

    synchronized void alreadyHandled(int n) {
        alreadyHandled += n;
    }

    /** Planned messages, ordered by loan, business date, stage and channel; then the unreadable rows. */
    public synchronized List<PreviewRow> rows() {
        List<PreviewRow> rows = new ArrayList<>(byContact.values());
        rows.sort(Comparator.comparing(PreviewRow::loanId).thenComparing(PreviewRow::businessDate)
                .thenComparing(PreviewRow::stage).thenComparing(PreviewRow::channel));
        rows.addAll(rejectedRows);
        return rows;
    }

    /** Messages an earlier run has already sent or tried, which this run would leave alone. */
    public synchronized int alreadyHandled() {
        return alreadyHandled;
    }

    /** Counts of each outcome by a key (stage, channel, or nothing for the totals), keys sorted. */
    public Map<String, Map<String, Integer>> countsBy(java.util.function.Function<PreviewRow, String> key) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (PreviewRow r : rows()) {
            counts.computeIfAbsent(key.apply(r) == null ? "(source row)" : key.apply(r), k -> new TreeMap<>())
                    .merge(r.decision().name(), 1, Integer::sum);
        }
        return counts;
    }

    /** How many messages end with each outcome and reason, e.g. {@code DEFER OUTSIDE_WINDOW = 12}. */
    public Map<String, Integer> reasons() {
        Map<String, Integer> counts = new TreeMap<>();
        rows().forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return counts;
    }
}
