package io.kindly.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One ledger entry's contents, exactly as written to {@code kindly_ledger_entry} and as read back: the values the
 * chain hash covers ({@link EntryHash}). Times are UTC to the microsecond, the precision all three databases keep, so
 * what is hashed is what the database holds.
 *
 * <p>The personal fields (recipient, subject, body, body_html, detail, error) are what retention erases; the chain
 * covers them through one salted digest ({@link EntryHash#personal}), so erasing them leaves the chain intact.
 */
public record EntryRow(LocalDateTime recordedAt, String localTime, String timeZone, String runId, String contactId,
        LocalDate businessDate, String borrowerId, String loanId, String stage, String channel, String status,
        String reason, String detail, String recipient, String template, String templateHash, String locale,
        String subject, String body, String bodyHtml, String contentHash, String gatewayMessageId, String error,
        String sourceRef, String policyProfile, LocalDateTime notBefore) {

    /** The chain an entry belongs to: its loan's, or one for source rows rejected before a loan id was read. */
    public String chainId() {
        return chainOf(loanId);
    }

    public static String chainOf(String loanId) {
        return loanId == null ? EntryHash.NO_LOAN_CHAIN : "loan:" + loanId;
    }

    /** The same entry with a new status and what goes with it (a repeat of a contact's last entry). */
    EntryRow repeated(LocalDateTime at, String local, String run, String newStatus, String newReason,
            String newDetail, LocalDateTime until) {
        return new EntryRow(at, local, timeZone, run, contactId, businessDate, borrowerId, loanId, stage, channel,
                newStatus, newReason, newDetail, recipient, template, templateHash, locale, subject, body, bodyHtml,
                contentHash, null, null, sourceRef, policyProfile, until);
    }

    /** The columns {@link #read} reads, in its order. */
    static final String COLUMNS = "recorded_at_utc, local_time, time_zone, run_id, contact_id, business_date,"
            + " borrower_id, loan_id, stage, channel, status, reason, detail, recipient, template, template_hash, locale,"
            + " subject, body, body_html, content_hash, gateway_message_id, error, source_ref, policy_profile,"
            + " not_before_utc";

    /** An entry from a result set whose first columns, from {@code first}, are {@link #COLUMNS}. */
    static EntryRow read(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new EntryRow(rs.getObject(i++, LocalDateTime.class), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getObject(i++, LocalDate.class), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getObject(i, LocalDateTime.class));
    }
}
