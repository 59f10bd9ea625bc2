package io.kindly.ledger;

import io.kindly.config.Settings;
import io.kindly.db.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Retention: after {@code kindly.ledger.retention-days}, what a message said and where it went is erased, and what
 * was decided and when stays. In each ledger entry older than that, the address, subject, text, HTML, detail and error
 * are cleared with the salt of their digest ({@link EntryHash#personal}); the entry keeps its status, reason, times,
 * template version, content hash and its place in the chain, so {@code ledger verify} still passes. The account
 * snapshot kept with an old contact and the payload and address of old inbound requests go too. Opt-outs and holds
 * stay: they must go on working.
 */
public final class LedgerRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRetention.class);
    private static final int BATCH = 500;

    private final DataSource ds;
    private final int days;
    private final Clock clock;

    public LedgerRetention(DataSource ds, int days, Clock clock) {
        this.ds = ds;
        this.days = days;
        this.clock = clock;
    }

    /** {@code kindly.ledger.retention-days}: 0 keeps everything. */
    public static int days(Settings s) {
        return s.integer("kindly.ledger.retention-days", 0, 0, 36_500);
    }

    /** Route kindly-ledger-retention: erases what has passed its retention period; returns the entries erased. */
    public long eraseExpired() {
        if (days == 0) {
            return 0;
        }
        Instant now = clock.instant();
        LocalDateTime cutoff = LocalDateTime.ofInstant(now.minus(Duration.ofDays(days)), ZoneOffset.UTC);
        LocalDateTime at = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        long erased = 0;
        while (true) {
            int n = Transactions.run(ds, "cannot erase expired ledger contents", c -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select entry_id from kindly_ledger_entry"
                        + " where recorded_at_utc < ? and erased_at_utc is null order by entry_id")) {
                    ps.setMaxRows(BATCH);
                    ps.setObject(1, cutoff);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return 0;
                }
                try (PreparedStatement ps = c.prepareStatement("update kindly_ledger_entry set recipient = null,"
                        + " subject = null, body = null, body_html = null, detail = null, error = null,"
                        + " personal_salt = null, erased_at_utc = ? where entry_id in ("
                        + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")")) {
                    ps.setObject(1, at);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 2, ids.get(i));
                    }
                    ps.executeUpdate();
                }
                return ids.size();
            });
            erased += n;
            if (n < BATCH) {
                break;
            }
        }
        int snapshots = update("update kindly_contact set account_snapshot = null where updated_at_utc < ?"
                + " and account_snapshot is not null and status not in ('DEFERRED', 'CLAIMED')", cutoff);
        int inbound = update("update kindly_inbound set payload = null, address = null where received_at_utc < ?"
                + " and (payload is not null or address is not null)", cutoff);
        if (erased + snapshots + inbound > 0) {
            LOG.info("retention ({} days): contents and addresses erased from {} ledger entries, {} contacts' account"
                    + " snapshots and {} inbound requests older than {} UTC", days, erased, snapshots, inbound, cutoff);
        }
        return erased;
    }

    private int update(String sql, LocalDateTime cutoff) {
        return Transactions.run(ds, "cannot erase expired contents", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
