package io.kindly.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One planned message: an account, a stage, a channel, on a business date. This is the object that travels through
 * the pipeline, from planning to the ledger.
 *
 * <p>A contact starts {@link Status#PENDING}, which means "will be sent unless a step decides otherwise". Each step
 * (recipient check, policy, rendering) may decide to skip, suppress or defer it; the first decision wins and later
 * steps leave a decided contact alone. Only a contact still pending after every step is claimed and sent.
 */
public final class Contact {
    /** The exchange property the send route keeps the claimed contact in, while the body becomes the request. */
    public static final String PROPERTY = "KindlyContact";

    private final String id;
    private Account account;
    private final Stage stage;
    private final Channel channel;
    private final LocalDate businessDate;
    private final String runId;

    private Status status = Status.PENDING;
    private Reason reason;
    private String detail;
    private Instant notBefore;
    private String recipient;
    private Message message;
    private Instant readAt;
    private String profile;
    private boolean discreet;
    private String claimedBy;

    public Contact(Account account, Stage stage, Channel channel, LocalDate businessDate, String runId) {
        this.account = Objects.requireNonNull(account);
        this.stage = Objects.requireNonNull(stage);
        this.channel = Objects.requireNonNull(channel);
        this.businessDate = Objects.requireNonNull(businessDate);
        this.runId = runId;
        this.id = idFor(account.loanId(), stage.name(), channel, businessDate);
    }

    private Contact(String id, Account account, Stage stage, Channel channel, LocalDate businessDate, String runId) {
        this.account = Objects.requireNonNull(account);
        this.stage = Objects.requireNonNull(stage);
        this.channel = Objects.requireNonNull(channel);
        this.businessDate = Objects.requireNonNull(businessDate);
        this.runId = runId;
        this.id = Objects.requireNonNull(id);
    }

    /**
     * The contact id is derived from the business key, keyed ({@link ContactIds}), so every node, every retry and every
     * restart computes the same id for the same message, and no one outside can work the loan out from it. It doubles
     * as the idempotency key handed to gateways.
     */
    public static String idFor(String loanId, String stage, Channel channel, LocalDate businessDate) {
        return ContactIds.of(loanId, stage, channel, businessDate);
    }

    /** A contact read back from the ledger (deferred, released now): it keeps the id the ledger knows it by. */
    public static Contact resumed(String id, Account account, Stage stage, Channel channel, LocalDate businessDate,
            String runId) {
        return new Contact(id, account, stage, channel, businessDate, runId);
    }

    public String id() {
        return id;
    }

    public Account account() {
        return account;
    }

    /** When the account was read from the source; an account read long ago is read again before sending. */
    public Instant readAt() {
        return readAt;
    }

    public void readAt(Instant when) {
        this.readAt = when;
    }

    /** The account as read again from the source just now. It must be the same loan. */
    public void refreshed(Account current, Instant when) {
        if (!current.loanId().equals(account.loanId())) {
            throw new IllegalArgumentException("a refresh must read the same loan");
        }
        this.account = current;
        this.readAt = when;
    }

    /** The policy profile whose rules this contact is judged by; recorded with every decision. */
    public String profile() {
        return profile;
    }

    public void profile(String name) {
        this.profile = name;
    }

    /**
     * Whether the message must be discreet: no amount or debt wording where others may see it (the SMS text, the email
     * subject, the in-app title), for borrowers whose lock screen is not private. Set by the policy profile.
     */
    public boolean discreet() {
        return discreet;
    }

    public void discreet(boolean discreet) {
        this.discreet = discreet;
    }

    public Stage stage() {
        return stage;
    }

    public Channel channel() {
        return channel;
    }

    /** For Camel's simple language in routes ({@code ${body.loanId}}). */
    public String getLoanId() {
        return account.loanId();
    }

    /** Used by Camel's simple language in routes ({@code ${body.channelId}}). */
    public String getChannelId() {
        return channel.id();
    }

    public LocalDate businessDate() {
        return businessDate;
    }

    public String runId() {
        return runId;
    }

    public Status status() {
        return status;
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }

    /** For routes: {@code ${body.pending}}. */
    public boolean getPending() {
        return isPending();
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public String recipient() {
        return recipient;
    }

    public Message message() {
        return message;
    }

    public void recipient(String address) {
        this.recipient = address;
    }

    public void message(Message rendered) {
        this.message = rendered;
    }

    /**
     * The ledger committed this process's claim on the contact: only now may a channel send it. Set by the ledger's
     * claim and nowhere else.
     */
    public void markClaimed(String claimant) {
        this.claimedBy = java.util.Objects.requireNonNull(claimant);
    }

    /** True once the ledger has committed a claim on this contact for this process ({@link #markClaimed}). */
    public boolean isClaimed() {
        return claimedBy != null;
    }

    public void skip(Reason why, String detail) {
        decide(Status.SKIPPED, why, detail, null);
    }

    public void suppress(Reason why, String detail) {
        decide(Status.SUPPRESSED, why, detail, null);
    }

    public void defer(Instant until, Reason why, String detail) {
        decide(Status.DEFERRED, why, detail, Objects.requireNonNull(until));
    }

    /** A failure before anything reached a channel, for example a template that does not render. */
    public void fail(Reason why, String detail) {
        decide(Status.FAILED, why, detail, null);
    }

    private void decide(Status to, Reason why, String why2, Instant until) {
        if (status != Status.PENDING) {
            return; // the first decision wins: a later step never overrides an earlier one
        }
        this.status = to;
        this.reason = Objects.requireNonNull(why);
        this.detail = why2;
        this.notBefore = until;
    }

    @Override
    public String toString() {
        // no recipient, name or content: this string may end up in a log
        return "Contact[" + id + " loan=" + account.loanId() + " stage=" + stage.name() + " channel=" + channel
                + " status=" + status + (reason == null ? "" : " reason=" + reason) + "]";
    }
}
