package io.kindly.bench;

import io.kindly.db.GroupCommit;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.Ledger;
import io.kindly.policy.ContactPolicy;
import org.apache.camel.CamelContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well Kindly grouped its ledger work: for each kind of grouped read or write, the batches carried out and the
 * requests they held (their ratio is the mean batch size). Read from the running instance's beans ({@code ledger},
 * whose store is the JDBC store, and {@code policy}); the counts grow from start-up on, so the cycle's are the
 * difference of two readings.
 */
final class GroupCommitFigures {
    private final Ledger ledger;
    private final ContactPolicy policy;

    private GroupCommitFigures(Ledger ledger, ContactPolicy policy) {
        this.ledger = ledger;
        this.policy = policy;
    }

    /** The beans of a running instance; their counts can still be read once it has stopped. */
    static GroupCommitFigures of(CamelContext context) {
        return new GroupCommitFigures(context.getRegistry().lookupByNameAndType("ledger", Ledger.class),
                context.getRegistry().lookupByNameAndType("policy", ContactPolicy.class));
    }

    /** In the order of a message's way through the pipeline; empty when the beans are not the expected ones. */
    Map<String, GroupCommit.Stats> read() {
        Map<String, GroupCommit.Stats> stats = new LinkedHashMap<>();
        Map<String, GroupCommit.Stats> store = ledger != null && ledger.store() instanceof JdbcLedgerStore jdbc
                ? jdbc.batchStats() : Map.of();
        put(stats, "status reads", store.get("status reads"));
        put(stats, "policy reads", policy == null ? null : policy.factReadStats());
        put(stats, "decisions", store.get("decisions"));
        put(stats, "claims", store.get("claims"));
        put(stats, "outcomes", store.get("outcomes"));
        return stats;
    }

    /** What happened between two readings, kind by kind. */
    static Map<String, GroupCommit.Stats> minus(Map<String, GroupCommit.Stats> after,
            Map<String, GroupCommit.Stats> before) {
        Map<String, GroupCommit.Stats> delta = new LinkedHashMap<>();
        after.forEach((kind, a) -> {
            GroupCommit.Stats b = before.getOrDefault(kind, new GroupCommit.Stats(0, 0));
            delta.put(kind, new GroupCommit.Stats(a.batches() - b.batches(), a.requests() - b.requests()));
        });
        return delta;
    }

    private static void put(Map<String, GroupCommit.Stats> stats, String kind, GroupCommit.Stats s) {
        if (s != null) {
            stats.put(kind, s);
        }
    }
}
