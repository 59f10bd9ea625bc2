package io.kindly.policy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A borrower's contacts that count towards the caps: the ledger's, normally ({@link PolicyStore#sentSince}); in a
 * preview, also the sends the preview itself has decided, so a second loan of the same borrower is judged as the real
 * run would judge it.
 */
@FunctionalInterface
public interface SendHistory {
    List<PolicyStore.Sent> sentSince(Connection c, String borrowerId, Instant since) throws SQLException;
}
