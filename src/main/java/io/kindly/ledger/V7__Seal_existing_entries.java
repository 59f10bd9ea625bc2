package io.kindly.ledger;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals the entries a ledger held before its hash chains existed (V6), oldest first, into their loans' chains, so
 * that {@code ledger verify} covers the whole ledger and not only what came after the upgrade. One Java migration for
 * every database family (the SQL folders cannot compute SHA-256 alike). It can only vouch for those entries from the
 * upgrade on: what was altered before it is sealed as found.
 */
public final class V7__Seal_existing_entries extends BaseJavaMigration {
    private static final int PAGE = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        ChainHeads chains = new ChainHeads();
        long after = 0;
        while (true) {
            List<Long> ids = new ArrayList<>(PAGE);
            List<EntryRow> rows = new ArrayList<>(PAGE);
            try (PreparedStatement ps = c.prepareStatement("select entry_id, " + EntryRow.COLUMNS
                    + " from kindly_ledger_entry where entry_id > ? and entry_hash is null order by entry_id")) {
                ps.setMaxRows(PAGE);
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        rows.add(EntryRow.read(rs, 2));
                    }
                }
            }
            if (ids.isEmpty()) {
                break;
            }
            chains.lock(c, rows.stream().map(EntryRow::chainId).toList());
            try (PreparedStatement ps = c.prepareStatement("update kindly_ledger_entry set chain_id = ?, chain_seq = ?,"
                    + " prev_hash = ?, personal_salt = ?, personal_hash = ?, entry_hash = ? where entry_id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    ChainHeads.Link link = chains.append(rows.get(i));
                    ps.setString(1, link.chainId());
                    ps.setLong(2, link.seq());
                    ps.setString(3, link.prevHash());
                    ps.setString(4, link.salt());
                    ps.setString(5, link.personalHash());
                    ps.setString(6, link.entryHash());
                    ps.setLong(7, ids.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            after = ids.get(ids.size() - 1);
        }
        chains.save(c, LocalDateTime.now(ZoneOffset.UTC));
    }
}
