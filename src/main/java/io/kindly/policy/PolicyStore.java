package io.kindly.policy;

import io.kindly.domain.Channel;
import io.kindly.domain.HoldType;
import io.kindly.db.LedgerException;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.db.Transactions;

import static io.kindly.db.SqlLists.bind;
import static io.kindly.db.SqlLists.marks;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Holds, opt-outs and the contacts caps are counted from, all in the ledger database, so they hold across restarts
 * and across every Kindly sharing that database.
 *
 * <p>Placing a hold or an opt-out locks the borrower's row first, the same lock a claim takes: a message being
 * claimed for that borrower either commits before the hold (and goes out, having been decided under the old state)
 * or sees the hold.
 */
public final class PolicyStore {
    /** Statuses of contacts that count towards caps: attempts that may have reached the borrower. */
    static final String COUNTED = "'CLAIMED', 'SENT', 'DELIVERED', 'UNDELIVERED', 'UNKNOWN'";

    private final DataSource ds;
    private final Clock clock;

    public PolicyStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /**
     * A hold as stored. {@code loanId} null: all the borrower's loans. {@code liftedBy} and {@code liftNote}: who lifted
     * it and why (null while in force, and for holds lifted before Kindly recorded it).
     */
    public record Hold(String id, String borrowerId, String loanId, HoldType type, Instant placedAt, Instant expiresAt,
            Instant liftedAt, String placedBy, String note, String liftedBy, String liftNote) {
        public Hold(String id, String borrowerId, String loanId, HoldType type, Instant placedAt, Instant expiresAt,
                Instant liftedAt, String placedBy, String note) {
            this(id, borrowerId, loanId, type, placedAt, expiresAt, liftedAt, placedBy, note, null, null);
        }

        public boolean activeAt(Instant when) {
            return liftedAt == null && (expiresAt == null || when.isBefore(expiresAt));
        }
    }

    /**
     * An opt-out as stored: for one address, or for every address of a borrower on the channel. {@code source} and
     * {@code note}: who recorded it and how it was asked for; {@code revokedBy} and {@code revokeNote}: who ended it
     * and why.
     */
    public record OptOut(String id, Channel channel, String address, String borrowerId, Instant at, Instant revokedAt,
            String source, String note, String revokedBy, String revokeNote) {
        public OptOut(String id, Channel channel, String address, String borrowerId, Instant at, Instant revokedAt,
                String source, String note) {
            this(id, channel, address, borrowerId, at, revokedAt, source, note, null, null);
        }
    }

    /** One counted contact: when it was attempted, on which channel, for which reminder. */
    public record Sent(Instant at, Channel channel, String loanId, String stage, LocalDate businessDate) {
    }

    // ------------------------------------------------------------------------------------------------------ holds

    public Hold placeHold(String borrowerId, String loanId, HoldType type, Instant expiresAt, String placedBy,
            String note) {
        Hold hold = new Hold(UUID.randomUUID().toString(), borrowerId, loanId, type, clock.instant(), expiresAt, null,
                placedBy, note);
        write(c -> {
            JdbcLedgerStore.lockBorrower(c, borrowerId, clock.instant());
            String sql = "insert into kindly_hold (hold_id, borrower_id, loan_id, hold_type, placed_at_utc,"
                    + " expires_at_utc, placed_by, note) values (?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, hold.id());
                ps.setString(2, borrowerId);
                ps.setString(3, loanId);
                ps.setString(4, type.name());
                ps.setTimestamp(5, ts(hold.placedAt()));
                ps.setTimestamp(6, ts(expiresAt));
                ps.setString(7, placedBy);
                ps.setString(8, note);
                ps.executeUpdate();
            }
        });
        return hold;
    }

    /**
     * Lifts a hold, recording who lifted it and why (kept with the hold).
     *
     * @return false when there is no such hold, or it was already lifted
     */
    public boolean liftHold(String holdId, String liftedBy, String why) {
        boolean[] lifted = {false};
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update kindly_hold set lifted_at_utc = ?, lifted_by = ?,"
                    + " lift_note = ? where hold_id = ? and lifted_at_utc is null")) {
                ps.setTimestamp(1, ts(clock.instant()));
                ps.setString(2, liftedBy);
                ps.setString(3, why);
                ps.setString(4, holdId);
                lifted[0] = ps.executeUpdate() == 1;
            }
        });
        return lifted[0];
    }

    /** Holds that apply to a loan of this borrower now: the loan's own and the borrower's. */
    public List<Hold> activeHolds(Connection c, String borrowerId, String loanId, Instant now) throws SQLException {
        return holdsFor(activeHolds(c, List.of(borrowerId), now).getOrDefault(borrowerId, List.of()), loanId, now);
    }

    /**
     * The holds not lifted of several borrowers at once (on any of their loans), by borrower, oldest first; one query
     * for a whole batch of claims. {@link #holdsFor} picks a loan's.
     */
    public Map<String, List<Hold>> activeHolds(Connection c, Collection<String> borrowerIds, Instant now)
            throws SQLException {
        Map<String, List<Hold>> byBorrower = new HashMap<>();
        if (borrowerIds.isEmpty()) {
            return byBorrower;
        }
        String sql = "select hold_id, borrower_id, loan_id, hold_type, placed_at_utc, expires_at_utc, lifted_at_utc,"
                + " placed_by, note from kindly_hold where borrower_id in (" + marks(borrowerIds.size()) + ")"
                + " and lifted_at_utc is null order by placed_at_utc";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, borrowerIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Hold h = hold(rs);
                    if (h.activeAt(now)) {
                        byBorrower.computeIfAbsent(h.borrowerId(), b -> new ArrayList<>()).add(h);
                    }
                }
            }
        }
        return byBorrower;
    }

    /** Of a borrower's active holds, those that stop this loan: the loan's own and the borrower's, oldest first. */
    public static List<Hold> holdsFor(List<Hold> borrowersHolds, String loanId, Instant now) {
        List<Hold> apply = new ArrayList<>();
        for (Hold h : borrowersHolds) {
            if ((h.loanId() == null || h.loanId().equals(loanId)) && h.activeAt(now)) {
                apply.add(h);
            }
        }
        return apply;
    }

    public List<Hold> holds(String borrowerId, boolean includeEnded) {
        String sql = "select hold_id, borrower_id, loan_id, hold_type, placed_at_utc, expires_at_utc, lifted_at_utc,"
                + " placed_by, note, lifted_by, lift_note from kindly_hold" + (borrowerId == null ? "" : " where borrower_id = ?")
                + " order by placed_at_utc";
        List<Hold> list = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (borrowerId != null) {
                ps.setString(1, borrowerId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Hold h = hold(rs, true);
                    if (includeEnded || h.activeAt(clock.instant())) {
                        list.add(h);
                    }
                }
            }
            return list;
        } catch (SQLException e) {
            throw new LedgerException("cannot read holds", e);
        }
    }

    private static Hold hold(ResultSet rs) throws SQLException {
        return hold(rs, false);
    }

    /** @param lift the query also selected lifted_by and lift_note (the lists, not the claims' reads) */
    private static Hold hold(ResultSet rs, boolean lift) throws SQLException {
        return new Hold(rs.getString(1), rs.getString(2), rs.getString(3), HoldType.valueOf(rs.getString(4)),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                rs.getString(8), rs.getString(9), lift ? rs.getString(10) : null, lift ? rs.getString(11) : null);
    }

    /** One hold, lifted or not; empty when there is no hold with this id. */
    public Optional<Hold> hold(String holdId) {
        String sql = "select hold_id, borrower_id, loan_id, hold_type, placed_at_utc, expires_at_utc, lifted_at_utc,"
                + " placed_by, note, lifted_by, lift_note from kindly_hold where hold_id = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, holdId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(hold(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read a hold", e);
        }
    }

    // --------------------------------------------------------------------------------------------------- opt-outs

    /**
     * Records an opt-out for one address ({@code address} set) or for all the borrower's addresses on the channel
     * ({@code address} null). The borrower, when known, is locked as for a hold.
     */
    public OptOut optOut(Channel channel, String address, String borrowerId, String source, String note) {
        if (address == null && borrowerId == null) {
            throw new IllegalArgumentException("an opt-out needs an address or a borrower");
        }
        OptOut[] result = {new OptOut(UUID.randomUUID().toString(), channel, address, borrowerId, clock.instant(), null,
                source, note)};
        write(c -> {
            if (borrowerId != null) {
                JdbcLedgerStore.lockBorrower(c, borrowerId, clock.instant());
            }
            // asking twice (a second click on the same link) records nothing new
            Optional<OptOut> existing = sameOptOut(c, channel, address, borrowerId);
            if (existing.isPresent()) {
                result[0] = existing.get();
                return;
            }
            OptOut o = result[0];
            String sql = "insert into kindly_opt_out (opt_out_id, channel, address, borrower_id, opted_out_at_utc,"
                    + " source, note) values (?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, o.id());
                ps.setString(2, channel.id());
                ps.setString(3, address);
                ps.setString(4, borrowerId);
                ps.setTimestamp(5, ts(o.at()));
                ps.setString(6, source);
                ps.setString(7, note);
                ps.executeUpdate();
            }
        });
        return result[0];
    }

    private Optional<OptOut> sameOptOut(Connection c, Channel channel, String address, String borrowerId)
            throws SQLException {
        String sql = "select opt_out_id, channel, address, borrower_id, opted_out_at_utc, revoked_at_utc, source, note"
                + " from kindly_opt_out where channel = ? and revoked_at_utc is null"
                + " and " + (address == null ? "address is null" : "address = ?")
                + " and " + (borrowerId == null ? "borrower_id is null" : "borrower_id = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, channel.id());
            if (address != null) {
                ps.setString(i++, address);
            }
            if (borrowerId != null) {
                ps.setString(i, borrowerId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(optOut(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Ends an opt-out, recording who ended it and why (kept with the opt-out).
     *
     * @return false when there is no such opt-out, or it was already revoked
     */
    public boolean revokeOptOut(String optOutId, String revokedBy, String why) {
        boolean[] revoked = {false};
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update kindly_opt_out set revoked_at_utc = ?, revoked_by = ?,"
                    + " revoke_note = ? where opt_out_id = ? and revoked_at_utc is null")) {
                ps.setTimestamp(1, ts(clock.instant()));
                ps.setString(2, revokedBy);
                ps.setString(3, why);
                ps.setString(4, optOutId);
                revoked[0] = ps.executeUpdate() == 1;
            }
        });
        return revoked[0];
    }

    /** The opt-out that stops this channel to this address or borrower, if any. */
    public Optional<OptOut> optedOut(Connection c, Channel channel, String address, String borrowerId)
            throws SQLException {
        return optOutFor(optOuts(c, List.of(channel), address == null ? List.of() : List.of(address),
                borrowerId == null ? List.of() : List.of(borrowerId)), channel, address, borrowerId);
    }

    /**
     * The opt-outs in force on these channels for any of these addresses or borrowers, oldest first: one query for a
     * whole batch of contacts. {@link #optOutFor} picks the one that stops a contact.
     */
    public List<OptOut> optOuts(Connection c, Collection<Channel> channels, Collection<String> addresses,
            Collection<String> borrowerIds) throws SQLException {
        List<OptOut> found = new ArrayList<>();
        if (channels.isEmpty() || (addresses.isEmpty() && borrowerIds.isEmpty())) {
            return found;
        }
        List<String> who = new ArrayList<>();
        if (!addresses.isEmpty()) {
            who.add("address in (" + marks(addresses.size()) + ")");
        }
        if (!borrowerIds.isEmpty()) {
            who.add("borrower_id in (" + marks(borrowerIds.size()) + ")");
        }
        String sql = "select opt_out_id, channel, address, borrower_id, opted_out_at_utc, revoked_at_utc, source, note"
                + " from kindly_opt_out where channel in (" + marks(channels.size()) + ") and revoked_at_utc is null"
                + " and (" + String.join(" or ", who) + ") order by opted_out_at_utc";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, 1, channels.stream().map(Channel::id).toList());
            i = bind(ps, i, addresses);
            bind(ps, i, borrowerIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(optOut(rs));
                }
            }
        }
        return found;
    }

    /** Of opt-outs read together ({@link #optOuts}), the oldest that stops this channel to this address or borrower. */
    public static Optional<OptOut> optOutFor(List<OptOut> optOuts, Channel channel, String address,
            String borrowerId) {
        for (OptOut o : optOuts) {
            if (o.channel() == channel && o.revokedAt() == null && ((address != null && address.equals(o.address()))
                    || (borrowerId != null && borrowerId.equals(o.borrowerId())))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    public List<OptOut> optOuts(boolean includeRevoked) {
        return optOuts(null, includeRevoked);
    }

    /** The opt-outs (of one borrower, by borrower id, when {@code borrowerId} is set), oldest first. */
    public List<OptOut> optOuts(String borrowerId, boolean includeRevoked) {
        String sql = "select opt_out_id, channel, address, borrower_id, opted_out_at_utc, revoked_at_utc, source, note,"
                + " revoked_by, revoke_note from kindly_opt_out" + (borrowerId == null ? "" : " where borrower_id = ?")
                + " order by opted_out_at_utc";
        List<OptOut> list = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (borrowerId != null) {
                ps.setString(1, borrowerId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OptOut o = optOut(rs, true);
                    if (includeRevoked || o.revokedAt() == null) {
                        list.add(o);
                    }
                }
            }
            return list;
        } catch (SQLException e) {
            throw new LedgerException("cannot read opt-outs", e);
        }
    }

    /** One opt-out, revoked or not; empty when there is no opt-out with this id. */
    public Optional<OptOut> optOut(String optOutId) {
        String sql = "select opt_out_id, channel, address, borrower_id, opted_out_at_utc, revoked_at_utc, source, note,"
                + " revoked_by, revoke_note from kindly_opt_out where opt_out_id = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, optOutId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(optOut(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read an opt-out", e);
        }
    }

    private static OptOut optOut(ResultSet rs) throws SQLException {
        return optOut(rs, false);
    }

    /** @param revoke the query also selected revoked_by and revoke_note (the lists, not the claims' reads) */
    private static OptOut optOut(ResultSet rs, boolean revoke) throws SQLException {
        return new OptOut(rs.getString(1), Channel.byId(rs.getString(2)).orElseThrow(), rs.getString(3),
                rs.getString(4), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7),
                rs.getString(8), revoke ? rs.getString(9) : null, revoke ? rs.getString(10) : null);
    }

    // ----------------------------------------------------------------------------------------------------- counts

    /** The borrower's counted contacts since {@code since}, oldest first. */
    public List<Sent> sentSince(Connection c, String borrowerId, Instant since) throws SQLException {
        return sentSince(c, List.of(borrowerId), since).getOrDefault(borrowerId, List.of());
    }

    /** The counted contacts of several borrowers since {@code since}, by borrower, oldest first: one query. */
    public Map<String, List<Sent>> sentSince(Connection c, Collection<String> borrowerIds, Instant since)
            throws SQLException {
        Map<String, List<Sent>> byBorrower = new HashMap<>();
        if (borrowerIds.isEmpty()) {
            return byBorrower;
        }
        String sql = "select sent_at_utc, channel, loan_id, stage, business_date, borrower_id from kindly_contact"
                + " where borrower_id in (" + marks(borrowerIds.size()) + ") and sent_at_utc >= ?"
                + " and status in (" + COUNTED + ") order by sent_at_utc";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, 1, borrowerIds);
            ps.setTimestamp(i, ts(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byBorrower.computeIfAbsent(rs.getString(6), b -> new ArrayList<>()).add(new Sent(
                            instant(rs.getTimestamp(1)), Channel.byId(rs.getString(2)).orElseThrow(), rs.getString(3),
                            rs.getString(4), rs.getObject(5, LocalDate.class)));
                }
            }
        }
        return byBorrower;
    }

    /** The ledger's history of counted contacts, read one borrower or a whole batch of borrowers at a time. */
    public SendHistory history() {
        return new SendHistory() {
            @Override
            public List<Sent> sentSince(Connection c, String borrowerId, Instant since) throws SQLException {
                return PolicyStore.this.sentSince(c, borrowerId, since);
            }

            @Override
            public Map<String, List<Sent>> sentSince(Connection c, Collection<String> borrowerIds, Instant since)
                    throws SQLException {
                return PolicyStore.this.sentSince(c, borrowerIds, since);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** One write in a transaction of its own, retried when it collides with another ({@link Transactions}). */
    private void write(Transactions.Write work) {
        Transactions.write(ds, "cannot write the policy's state", work);
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.valueOf(java.time.LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
