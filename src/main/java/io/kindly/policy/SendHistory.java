package io.kindly.policy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A borrower's contacts that count towards the caps: the ledger's, normally ({@link PolicyStore#sentSince}); in a
 * preview, also the sends the preview itself has decided, so a second loan of the same borrower is judged as the real
 * run would judge it.
 */
@FunctionalInterface
public interface SendHistory {
    List<PolicyStore.Sent> sentSince(Connection c, String borrowerId, Instant since) throws SQLException;

    /** Several borrowers at once, by borrower (a batch of claims); one borrower after the other unless overridden. */
    default Map<String, List<PolicyStore.Sent>> sentSince(Connection c, Collection<String> borrowerIds, Instant since)
            throws SQLException {
        Map<String, List<PolicyStore.Sent>> byBorrower = new HashMap<>();
        for (String b : borrowerIds) {
            byBorrower.put(b, sentSince(c, b, since));
        }
        return byBorrower;
    }
}
