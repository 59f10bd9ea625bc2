package io.kindly.inbound;

import io.kindly.db.LedgerException;
import io.kindly.db.Transactions;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The lender's notices in the ledger database ({@code kindly_lender_notice}), written before they are sent: a notice
 * the webhook did not take stays PENDING and is tried again, with the same id, until it is SENT or has used up its
 * attempts (FAILED, for a person to follow up). Every statement is its own short transaction ({@link Transactions}).
 */
final class LenderNoticeOutbox {
    /** A notice waiting to be sent. */
    record Pending(String noticeId, byte[] body, int attempts) {
    }

    private final DataSource ds;
    private final Clock clock;

    LenderNoticeOutbox(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    void add(String noticeId, String borrowerId, String holdId, byte[] body) {
        update("insert into kindly_lender_notice (notice_id, created_at_utc, borrower_id, hold_id, body, status)"
                + " values (?, ?, ?, ?, ?, 'PENDING')", noticeId, now(), borrowerId, holdId,
                new String(body, StandardCharsets.UTF_8));
    }

    void sent(String noticeId) {
        update("update kindly_lender_notice set status = 'SENT', attempts = attempts + 1, last_attempt_utc = ?,"
                + " last_error = null where notice_id = ?", now(), noticeId);
    }

    /** An attempt failed; after the last one the notice is FAILED and no longer tried. */
    void failed(String noticeId, String error, boolean last) {
        update("update kindly_lender_notice set status = ?, attempts = attempts + 1, last_attempt_utc = ?,"
                + " last_error = ? where notice_id = ?", last ? "FAILED" : "PENDING", now(),
                error.length() > 2000 ? error.substring(0, 2000) : error, noticeId);
    }

    /** The oldest notices still waiting. */
    List<Pending> pending(int max) {
        String sql = "select notice_id, body, attempts from kindly_lender_notice where status = 'PENDING'"
                + " order by created_at_utc";
        List<Pending> found = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Pending(rs.getString(1), rs.getString(2).getBytes(StandardCharsets.UTF_8),
                            rs.getInt(3)));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the lender notices waiting to be sent", e);
        }
        return found;
    }

    private Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private void update(String sql, Object... params) {
        Transactions.write(ds, "cannot write a lender notice", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
        });
    }
}
