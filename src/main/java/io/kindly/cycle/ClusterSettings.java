package io.kindly.cycle;

import io.kindly.config.Settings;
import io.kindly.db.DatabaseSettings;

import java.time.Duration;
import java.util.Locale;

/**
 * Cluster mode ({@code kindly.cluster.*}): several daemons on one ledger. Each schedule fires once across them (Quartz's
 * clustered job store, {@code app.ClusterMode}), and one cycle's borrowers are shared out in {@code partitions} shares
 * ({@link Partitions}), each leased by one daemon for {@code lease} at a time and renewed every {@code heartbeat}.
 *
 * @param partitions how many shares a cycle's borrowers are split into: more shares than daemons, so a daemon that
 *                   joins late or one that finishes early finds work, and a dead daemon's share is small
 * @param lease      how long a share stays with a daemon that stopped renewing it: a daemon killed mid-cycle has its
 *                   share taken over this long after its last renewal
 * @param heartbeat  how often a daemon renews the leases of the shares it works (at most a third of the lease, so
 *                   one late renewal does not lose a share)
 * @param atOnce     how many shares a daemon works at the same time: a share's pass ends with its slowest message
 *                   (one waiting for a retry), so shares worked one after the other would add those waits up; each
 *                   pass holds a loan-book connection while it reads, so keep it below kindly.source.sql.pool-size
 */
public record ClusterSettings(boolean enabled, int partitions, Duration lease, Duration heartbeat, int atOnce) {

    /** Cluster mode off: one daemon, one pass over the source per cycle. */
    public static final ClusterSettings OFF = new ClusterSettings(false, 1, Duration.ofSeconds(30),
            Duration.ofSeconds(5), 1);

    public static ClusterSettings read(Settings s, DatabaseSettings ledger) {
        boolean on = s.bool("kindly.cluster.enabled", false);
        String url = ledger.url().toLowerCase(Locale.ROOT);
        if (on && !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mysql:")
                || url.startsWith("jdbc:mariadb:"))) {
            s.problem("kindly.cluster.enabled", "cluster mode needs the ledger on PostgreSQL or MySQL/MariaDB, which the "
                    + "daemons share; kindly.ledger.url is " + ledger.safeUrl());
        }
        int partitions = s.integer("kindly.cluster.partitions", 16, 1, 1024);
        int lease = s.integer("kindly.cluster.lease-seconds", 30, 3, 3600);
        int heartbeat = s.integer("kindly.cluster.heartbeat-seconds", 5, 1, 1200);
        if (heartbeat * 3 > lease) {
            s.problem("kindly.cluster.heartbeat-seconds", "renew a lease at least three times within "
                    + "kindly.cluster.lease-seconds (" + lease + "s): at most " + Math.max(1, lease / 3) + "s");
        }
        int atOnce = s.integer("kindly.cluster.shares-at-once", 3, 1, 64);
        return new ClusterSettings(on, partitions, Duration.ofSeconds(lease), Duration.ofSeconds(heartbeat), atOnce);
    }
}
