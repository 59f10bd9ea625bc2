package io.kindly.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.kindly.db.SqlLists.bind;
import static io.kindly.db.SqlLists.marks;

/**
 * The heads of the loans' hash chains one transaction writes to ({@code kindly_ledger_chain}: a row per loan, with its
 * entry count and last hash). Locking a loan's row is what puts its entries in one order however many workers and
 * dispatchers write at once: the chain is per loan, not global, so a group-commit batch waits only for batches that
 * touch the same loans, never for all of them. Rows are locked in sorted order, after the contact rows, like every
 * other lock the ledger takes, so two batches wait for each other instead of deadlocking.
 */
final class ChainHeads {
    /** A chain's head: how many entries it has and the last one's hash. */
    private static final class Head {
        long entries;
        String hash;
        final boolean stored;
        boolean changed;

        Head(long entries, String hash, boolean stored) {
            this.entries = entries;
            this.hash = hash;
            this.stored = stored;
        }
    }

    /** Where an entry goes in its chain, and its seal. */
    record Link(String chainId, long seq, String prevHash, String salt, String personalHash, String entryHash) {
    }

    private final Map<String, Head> held = new HashMap<>();

    /** Locks these chains' head rows (those not held yet), in sorted order. */
    void lock(Connection c, Collection<String> chainIds) throws SQLException {
        TreeSet<String> wanted = new TreeSet<>(chainIds);
        wanted.removeAll(held.keySet());
        if (wanted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("select chain_id, entries, head_hash from kindly_ledger_chain"
                + " where chain_id in (" + marks(wanted.size()) + ") order by chain_id for update")) {
            bind(ps, 1, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3), true));
                }
            }
        }
        for (String id : wanted) {
            // a new loan: its row is inserted when saved; a concurrent first insert fails on the key and is retried
            held.putIfAbsent(id, new Head(0, EntryHash.GENESIS, false));
        }
    }

    /** Seals an entry as the next of its chain (which must be locked). */
    Link append(EntryRow row) {
        Head head = held.get(row.chainId());
        if (head == null) {
            throw new IllegalStateException("chain " + row.chainId() + " is not locked");
        }
        String salt = EntryHash.newSalt();
        String personal = EntryHash.personal(salt, row);
        long seq = head.entries + 1;
        String hash = EntryHash.entry(row.chainId(), seq, head.hash, row, personal);
        Link link = new Link(row.chainId(), seq, head.hash, salt, personal, hash);
        head.entries = seq;
        head.hash = hash;
        head.changed = true;
        return link;
    }

    /** Writes the moved heads back, in the same transaction as their entries. */
    void save(Connection c, LocalDateTime now) throws SQLException {
        List<Map.Entry<String, Head>> inserts = new ArrayList<>();
        List<Map.Entry<String, Head>> updates = new ArrayList<>();
        for (Map.Entry<String, Head> e : new java.util.TreeMap<>(held).entrySet()) {
            if (e.getValue().changed) {
                (e.getValue().stored ? updates : inserts).add(e);
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("insert into kindly_ledger_chain (chain_id, entries,"
                    + " head_hash, updated_at_utc) values (?, ?, ?, ?)")) {
                for (Map.Entry<String, Head> e : inserts) {
                    ps.setString(1, e.getKey());
                    ps.setLong(2, e.getValue().entries);
                    ps.setString(3, e.getValue().hash);
                    ps.setObject(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("update kindly_ledger_chain set entries = ?, head_hash = ?,"
                    + " updated_at_utc = ? where chain_id = ?")) {
                for (Map.Entry<String, Head> e : updates) {
                    ps.setLong(1, e.getValue().entries);
                    ps.setString(2, e.getValue().hash);
                    ps.setObject(3, now);
                    ps.setString(4, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        // a head saved is stored from now on: later flushes of the same transaction update it
        for (Map.Entry<String, Head> e : inserts) {
            Head h = e.getValue();
            Head stored = new Head(h.entries, h.hash, true);
            held.put(e.getKey(), stored);
        }
        held.values().forEach(h -> h.changed = false);
    }
}
