package io.kindly.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Checks every loan's hash chain ({@link EntryHash}) against the entries in the database, the chain heads
 * ({@code kindly_ledger_chain}) and the newest signed checkpoint ({@link LedgerCheckpoints}), and says for each chain
 * where it first breaks and how: an entry ALTERED (its contents no longer match its hash), DELETED (a place in the
 * chain is empty, or the chain ends before its recorded head), INSERTED (an entry with no place, or a second one in a
 * place) or REORDERED (every entry intact, but not in the order they were written).
 *
 * <p>Reads one chain at a time (a loan's entries), so memory stays small whatever the ledger's size.
 */
public final class LedgerVerify {
    public enum Kind { ALTERED, DELETED, INSERTED, REORDERED }

    /** Where a chain breaks first. {@code entryId} is the entry named (for a deletion: the one after the gap, or the last one). */
    public record Break(long entryId, String chainId, Kind kind, String explanation) {
        @Override
        public String toString() {
            return "entry " + entryId + " (" + chainId + "): " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + explanation;
        }
    }

    /** What was checked and what was found, breaks first by entry id. */
    public record Report(long entries, long chains, List<Break> breaks, String anchoredBy) {
        public boolean intact() {
            return breaks.isEmpty();
        }
    }

    private record Sealed(long entryId, String chainId, Long seq, String prevHash, String salt, String personalHash,
            String entryHash, boolean erased, EntryRow row) {
        boolean sealedOk() {
            if (seq == null || entryHash == null || personalHash == null || prevHash == null) {
                return false;
            }
            boolean personalGone = erased && salt == null && row.recipient() == null && row.subject() == null
                    && row.body() == null && row.bodyHtml() == null && row.detail() == null && row.error() == null;
            if (!personalGone && !personalHash.equals(EntryHash.personal(salt, row))) {
                return false;
            }
            return entryHash.equals(EntryHash.entry(chainId, seq, prevHash, row, personalHash))
                    && chainId.equals(row.chainId());
        }
    }

    private final DataSource ds;

    public LedgerVerify(DataSource ds) {
        this.ds = ds;
    }

    public Report verify(Optional<LedgerCheckpoints.Checkpoint> checkpoint) throws SQLException {
        Map<String, LedgerCheckpoints.Head> heads = new HashMap<>();
        List<Break> breaks = new ArrayList<>();
        long entries = 0;
        long chains = 0;
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select chain_id, entries, head_hash from kindly_ledger_chain");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new LedgerCheckpoints.Head(rs.getLong(2), rs.getString(3)));
                }
            }
            Map<String, LedgerCheckpoints.Head> anchored = new TreeMap<>(checkpoint.map(
                    LedgerCheckpoints.Checkpoint::heads).orElse(Map.of()));
            Set<String> seen = new HashSet<>();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("select entry_id, chain_id, chain_seq, prev_hash,"
                    + " personal_salt, personal_hash, entry_hash, erased_at_utc, " + EntryRow.COLUMNS
                    + " from kindly_ledger_entry order by chain_id, entry_id")) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Sealed> chain = new ArrayList<>();
                    String current = null;
                    while (rs.next()) {
                        entries++;
                        long seqValue = rs.getLong(3);
                        Sealed s = new Sealed(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : seqValue,
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getObject(8) != null, EntryRow.read(rs, 9));
                        if (s.chainId() == null) {
                            breaks.add(new Break(s.entryId(), "no chain", Kind.INSERTED,
                                    "it belongs to no chain: it was not written by Kindly"));
                            continue;
                        }
                        if (!s.chainId().equals(current)) {
                            if (current != null) {
                                chains++;
                                check(current, chain, heads.get(current), anchored.get(current)).ifPresent(breaks::add);
                            }
                            current = s.chainId();
                            seen.add(current);
                            chain.clear();
                        }
                        chain.add(s);
                    }
                    if (current != null) {
                        chains++;
                        check(current, chain, heads.get(current), anchored.get(current)).ifPresent(breaks::add);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
            for (String gone : new TreeMap<>(heads).keySet()) {
                if (!seen.contains(gone)) {
                    breaks.add(new Break(0, gone, Kind.DELETED, "all " + heads.get(gone).entries()
                            + " entries of this chain are gone (its head row remains)"));
                }
            }
            for (Map.Entry<String, LedgerCheckpoints.Head> a : anchored.entrySet()) {
                if (!seen.contains(a.getKey()) && !heads.containsKey(a.getKey())) {
                    breaks.add(new Break(0, a.getKey(), Kind.DELETED, "the checkpoint records "
                            + a.getValue().entries() + " entries in this chain; none is left, nor its head row"));
                }
            }
        }
        breaks.sort(Comparator.comparingLong(Break::entryId));
        return new Report(entries, chains, List.copyOf(breaks),
                checkpoint.map(cp -> cp.file().getFileName() + " (" + cp.createdAt() + ")").orElse(null));
    }

    /** The first break in one chain, its entries in the order they were written (entry id). */
    private static Optional<Break> check(String chainId, List<Sealed> chain, LedgerCheckpoints.Head head,
            LedgerCheckpoints.Head anchor) {
        long expected = 1;
        String prev = EntryHash.GENESIS;
        Set<Long> placed = new HashSet<>();
        Sealed last = null;
        for (int i = 0; i < chain.size(); i++) {
            Sealed e = chain.get(i);
            if (e.seq() == null || e.entryHash() == null) {
                return found(e, Kind.INSERTED, "it carries no seal: it was not written by Kindly");
            }
            boolean linked = e.seq() == expected && prev.equals(e.prevHash());
            boolean intact = e.sealedOk();
            if (linked && intact) {
                placed.add(e.seq());
                prev = e.entryHash();
                expected++;
                last = e;
                continue;
            }
            if (placed.contains(e.seq())) {
                return found(e, Kind.INSERTED, "position " + e.seq() + " of the chain is already taken by an earlier"
                        + " entry");
            }
            if (head != null && e.seq() > head.entries()) {
                return found(e, Kind.INSERTED, "position " + e.seq() + " lies beyond the chain's recorded head ("
                        + head.entries() + " entries)");
            }
            if (linked) {
                return found(e, Kind.ALTERED, "its contents no longer match its hash");
            }
            if (!intact) {
                if (continuesAfter(chain, i, expected, prev)) {
                    return found(e, Kind.INSERTED, "the chain runs on without it from position " + (expected - 1));
                }
                return found(e, Kind.ALTERED, "neither its contents nor its link match the chain (position "
                        + e.seq() + ", expected " + expected + ")");
            }
            if (continuesAfter(chain, i, expected, prev)) {
                return found(e, Kind.REORDERED, "it holds position " + e.seq() + " of the chain but comes before"
                        + " position " + expected);
            }
            if (e.seq() > expected) {
                return found(e, Kind.DELETED, (e.seq() - expected == 1 ? "position " + expected
                        : "positions " + expected + "-" + (e.seq() - 1)) + " of the chain, before this entry, are"
                        + " missing");
            }
            return found(e, Kind.ALTERED, "its link to the previous entry does not match");
        }
        long length = expected - 1;
        long lastId = last == null ? 0 : last.entryId();
        if (head == null) {
            return Optional.of(new Break(chain.get(0).entryId(), chainId, Kind.INSERTED,
                    "the chain has no head row: it was not written by Kindly, or its head row was removed"));
        }
        if (head.entries() > length) {
            return Optional.of(new Break(lastId, chainId, Kind.DELETED, "the chain ends at position " + length
                    + " but its head records " + head.entries() + " entries: the last ones were removed"));
        }
        if (!head.hash().equals(prev)) {
            return Optional.of(new Break(lastId, chainId, Kind.ALTERED, "the chain's last hash differs from its"
                    + " recorded head"));
        }
        if (anchor != null) {
            if (anchor.entries() > length) {
                return Optional.of(new Break(lastId, chainId, Kind.DELETED, "the chain ends at position " + length
                        + " but the signed checkpoint records " + anchor.entries() + " entries: the last ones were"
                        + " removed"));
            }
            Sealed at = chain.get((int) anchor.entries() - 1);
            if (!anchor.hash().equals(at.entryHash())) {
                return Optional.of(new Break(at.entryId(), chainId, Kind.ALTERED, "position " + anchor.entries()
                        + " differs from the signed checkpoint: the chain was rewritten after it"));
            }
        }
        return Optional.empty();
    }

    /** Whether a later entry picks the chain up where it stood before entry {@code i}. */
    private static boolean continuesAfter(List<Sealed> chain, int i, long expected, String prev) {
        for (int j = i + 1; j < chain.size(); j++) {
            Sealed n = chain.get(j);
            if (n.seq() != null && n.seq() == expected && prev.equals(n.prevHash()) && n.sealedOk()) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Break> found(Sealed e, Kind kind, String why) {
        return Optional.of(new Break(e.entryId(), e.chainId(), kind, why));
    }
}
