package io.kindly.policy;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.ledger.AccountSnapshot;
import io.kindly.db.LedgerException;
import io.kindly.ledger.LedgerStore;
import io.kindly.plan.Cadence;
import io.kindly.domain.CycleRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Deferred contacts whose time has come: they go through the whole pipeline again (account read again, policy,
 * rendering, claim), so nothing that changed in the meantime is missed. A deferred contact is never dropped silently:
 * one that waited past {@code kindly.policy.max-deferral-hours}, or whose stage a later stage has replaced, is recorded
 * as SUPPRESSED with that reason.
 */
public final class DeferredRelease {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredRelease.class);

    private final DataSource ledgerDs;
    private final LedgerStore ledger;
    private final Cadence cadence;
    private final PolicySettings settings;
    private final Clock clock;
    private final int batch;

    public DeferredRelease(DataSource ledgerDs, LedgerStore ledger, Cadence cadence, PolicySettings settings, Clock clock,
            int batch) {
        this.ledgerDs = ledgerDs;
        this.ledger = ledger;
        this.cadence = cadence;
        this.settings = settings;
        this.clock = clock;
        this.batch = batch;
    }

    private record Deferred(String contactId, String stage, Channel channel, LocalDate businessDate, String snapshot,
            Instant deferredAt, boolean superseded) {
    }

    /** Route step: the deferred contacts due now, ready for the pipeline (at most one batch per call). */
    public List<Contact> due(@ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        Instant now = clock.instant();
        List<Contact> ready = new ArrayList<>();
        for (Deferred d : load(now)) {
            Account account;
            try {
                account = AccountSnapshot.read(d.snapshot());
            } catch (IllegalArgumentException e) {
                LOG.error("{}: deferred contact has no usable account snapshot ({}); left for review", d.contactId(),
                        e.getMessage());
                continue;
            }
            Optional<Stage> stage = cadence.byName(d.stage());
            Stage s = stage.orElse(new Stage(d.stage(), 0, List.of(d.channel()), ""));
            Contact contact = Contact.resumed(d.contactId(), account, s, d.channel(), d.businessDate(), run.runId());
            contact.readAt(d.deferredAt());
            if (stage.isEmpty()) {
                contact.suppress(Reason.EXPIRED, "stage " + d.stage() + " is no longer in the cadence");
            } else if (d.superseded()) {
                contact.suppress(Reason.SUPERSEDED, "a later stage for this loan on " + d.channel() + " was planned");
            } else if (now.isAfter(d.businessDate().atStartOfDay(account.timeZone()).toInstant()
                    .plus(settings.maxDeferral()))) {
                contact.suppress(Reason.EXPIRED, "deferred since " + d.businessDate() + ", longer than "
                        + settings.maxDeferral().toHours() + " hours");
            }
            if (contact.isPending()) {
                ready.add(contact);
            } else {
                ledger.recordDecision(contact);
            }
        }
        if (!ready.isEmpty()) {
            LOG.info("releasing {} deferred contacts", ready.size());
        }
        return ready;
    }

    private List<Deferred> load(Instant now) {
        String sql = "select c.contact_id, c.stage, c.channel, c.business_date, c.account_snapshot, c.updated_at_utc,"
                + " (select count(*) from kindly_contact later where later.loan_id = c.loan_id"
                + " and later.channel = c.channel and later.business_date > c.business_date) superseded"
                + " from kindly_contact c where c.status = 'DEFERRED' and c.not_before_utc <= ?"
                + " order by c.not_before_utc";
        List<Deferred> list = new ArrayList<>();
        try (Connection c = ledgerDs.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(batch);
            ps.setTimestamp(1, Timestamp.valueOf(java.time.LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String snapshot = rs.getString(5);
                    list.add(new Deferred(rs.getString(1), rs.getString(2), Channel.byId(rs.getString(3)).orElseThrow(),
                            rs.getObject(4, LocalDate.class), snapshot,
                            rs.getTimestamp(6).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getInt(7) > 0));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read deferred contacts", e);
        }
        return list;
    }
}
