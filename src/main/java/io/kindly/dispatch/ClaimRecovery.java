package io.kindly.dispatch;

import io.kindly.ledger.LedgerStore;
import io.kindly.ledger.NodeId;
import io.kindly.domain.CycleRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Settles claims that a stopped process left behind (killed mid-send, a power cut): the ledger says CLAIMED, and
 * nothing says whether the message went out. First step of every cycle and every release.
 *
 * <p>A claim is left behind when the process that made it is gone from this machine, or, for a process elsewhere,
 * when it is older than {@code kindly.delivery.claim-lease-seconds} (longer than any send with its retries can take).
 * Where the channel de-duplicates by idempotency key, the message is sent again with the same key, so the gateway
 * delivers it at most once; elsewhere (email) it becomes UNKNOWN, for a person to look at, and is never resent blindly.
 */
public final class ClaimRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimRecovery.class);

    private final LedgerStore ledger;
    private final ChannelSettings channels;
    private final NodeId self;
    private final Clock clock;

    public ClaimRecovery(LedgerStore ledger, ChannelSettings channels, NodeId self, Clock clock) {
        this.ledger = ledger;
        this.channels = channels;
        this.self = self;
        this.clock = clock;
    }

    /** Route step. */
    public void settle(@ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        settle(run, null);
    }

    /**
     * Route step of a share taken over in cluster mode (route {@code kindly-partition}): the daemon that held the share
     * stopped renewing its lease, so it is dead or stalled, and its claims are settled now rather than after the claim
     * lease: on another machine, its being gone cannot be seen otherwise. A stalled daemon that comes back finds its
     * claims settled and cannot record them (the ledger needs its own claim): a message resent under the same
     * idempotency key reaches the borrower once; on a channel without one it is UNKNOWN, for review.
     *
     * @param leftBy the daemon whose lease ran out; none: nothing to do
     */
    public void settleLeftBy(@ExchangeProperty(CycleRun.PROPERTY) CycleRun run,
            @ExchangeProperty("KindlyPartitionLeftBy") String leftBy) {
        if (leftBy != null && !leftBy.equals(self.toString())) {
            settle(run, leftBy);
        }
    }

    private void settle(CycleRun run, String leftBy) {
        Instant staleBefore = clock.instant().minus(Duration.ofSeconds(channels.delivery().claimLeaseSeconds()));
        int resent = 0;
        int unknown = 0;
        for (LedgerStore.Claim claim : ledger.claims()) {
            Optional<NodeId> holder = NodeId.parse(claim.claimedBy());
            boolean gone = holder.map(h -> h.isGoneFromThisHost(self)).orElse(false);
            boolean stale = claim.claimedAt().isBefore(staleBefore) && !holder.map(self::equals).orElse(false);
            boolean left = leftBy != null && leftBy.equals(claim.claimedBy());
            if (!gone && !stale && !left) {
                continue; // being sent right now, here or by another dispatcher
            }
            boolean sendAgain = channels.idempotent(claim.channel());
            String why = "claimed at " + claim.claimedAt() + " by " + (claim.claimedBy() == null ? "an unknown process"
                    : claim.claimedBy()) + (gone ? ", which stopped" : left ? ", whose lease on its share of the cycle"
                    + " ran out" : ", longer ago than the claim lease")
                    + " before recording the outcome; "
                    + (sendAgain ? "sent again with the same idempotency key, so the gateway delivers it at most once"
                    : claim.channel() + " has no idempotency key: it may or may not have gone out, and is not resent");
            if (ledger.settleInterruptedClaim(claim, sendAgain, run.runId(), why)) {
                if (sendAgain) {
                    resent++;
                } else {
                    unknown++;
                }
            }
        }
        if (resent + unknown > 0) {
            LOG.warn("{} interrupted sends settled: {} to be sent again with their idempotency keys, {} UNKNOWN for "
                    + "review (ledger export, status UNKNOWN)", resent + unknown, resent, unknown);
        }
    }
}
