package io.kindly.preview;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One decision a preview noted: what would happen to one planned message (or one unreadable source row), and the
 * message itself.
 *
 * @param decision     SEND, DEFER, SUPPRESS, SKIP or FAIL
 * @param notBefore    for DEFER: when the message would go
 * @param localTime    {@code notBefore} on the borrower's clock, e.g. {@code 2026-11-24 08:00 Asia/Shanghai}
 */
public record PreviewRow(
        String contactId,
        LocalDate businessDate,
        String borrowerId,
        String loanId,
        String stage,
        String channel,
        Decision decision,
        String reason,
        String detail,
        Instant notBefore,
        String localTime,
        String profile,
        String recipient,
        String locale,
        String template,
        String templateHash,
        String subject,
        String body,
        String html,
        String sourceRef) {

    /** What would become of a message, in the words of the issue a compliance officer reads. */
    public enum Decision { SEND, DEFER, SUPPRESS, SKIP, FAIL }

    /** The reason as the summary shows it, e.g. {@code DEFER OUTSIDE_WINDOW}; {@code SEND} for a send. */
    public String outcome() {
        return reason == null ? decision.name() : decision.name() + " " + reason;
    }
}
