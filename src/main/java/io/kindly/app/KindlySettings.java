package io.kindly.app;

import io.kindly.db.DatabaseSettings;
import io.kindly.config.Settings;
import io.kindly.cycle.ClusterSettings;
import io.kindly.db.GroupCommit;
import io.kindly.admin.AdminToken;
import io.kindly.ledger.CheckpointSettings;
import io.kindly.ledger.LedgerRetention;
import io.kindly.demo.DemoSettings;
import io.kindly.dispatch.ChannelSettings;
import io.kindly.inbound.InboundSettings;
import io.kindly.lint.LintSettings;
import io.kindly.plan.Cadence;
import io.kindly.policy.PolicySettings;
import io.kindly.render.LenderProfile;
import io.kindly.source.SourceSettings;
import org.quartz.CronExpression;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything Kindly reads from {@code config/}, read and checked in one pass so start-up reports every problem. */
public record KindlySettings(
        Path templatesDir,
        Map<String, String> localeAliases,
        int templateUpdateDelaySeconds,
        LenderProfile lender,
        SourceSettings source,
        Cadence cadence,
        ChannelSettings channels,
        DatabaseSettings ledger,
        LedgerBatching ledgerBatching,
        Duration outageTolerance,
        ClusterSettings cluster,
        CheckpointSettings ledgerCheckpoints,
        String contactIdSecret,
        int ledgerRetentionDays,
        Optional<AdminToken> adminToken,
        String cycleCron,
        ZoneId cycleZone,
        PolicySettings policy,
        InboundSettings inbound,
        LintSettings lint,
        DemoSettings demo) {

    /**
     * Group commit of the ledger's writes ({@link GroupCommit}): at most {@code size} claims (or outcomes, or decisions)
     * in one transaction, and at most {@code writers} such transactions of each kind at once.
     */
    public record LedgerBatching(int size, int writers) {
        public static LedgerBatching read(Settings s) {
            // one writer of each kind on every database: a second one halves the batches, and on a server its claims
            // mostly wait for the first's borrower and chain locks (BENCHMARKS.md: H2 507 -> 673 messages/s,
            // PostgreSQL 627-694 -> 855, MariaDB 710 -> 787 with one writer)
            return new LedgerBatching(s.integer("kindly.ledger.batch-size", GroupCommit.DEFAULT_BATCH, 1, 1000),
                    s.integer("kindly.ledger.batch-writers", GroupCommit.DEFAULT_CONCURRENT, 1, 16));
        }
    }

    /**
     * How long a cycle waits for a ledger or source database that went away (a restart, a failover) before it stops;
     * an outcome waits as long before it is left to claim recovery. {@code kindly.database.outage-tolerance}.
     */
    static Duration outageTolerance(Settings s) {
        return s.duration("kindly.database.outage-tolerance", Duration.ofMinutes(10), Duration.ofSeconds(1),
                Duration.ofHours(24));
    }

    /** zh-HK and zh-MO read Traditional Chinese; a lender can change or extend this with kindly.templates.locale-aliases. */
    static final List<String> DEFAULT_ALIASES = List.of("zh-HK=zh-TW", "zh-MO=zh-TW", "zh-Hant=zh-TW", "zh-Hans=zh-CN",
            "zh-SG=zh-CN");

    public static KindlySettings read(Settings s) {
        Path templates = Path.of(s.string("kindly.templates.dir", "templates"));
        if (!Files.isDirectory(templates)) {
            s.problem("kindly.templates.dir", "the template folder '" + templates + "' does not exist");
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String pair : s.list("kindly.templates.locale-aliases", DEFAULT_ALIASES)) {
            String[] kv = pair.split("=");
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                s.problem("kindly.templates.locale-aliases", "'" + pair + "' is not of the form zh-HK=zh-TW");
            } else {
                aliases.put(kv[0].strip(), kv[1].strip());
            }
        }
        int delay = s.integer("kindly.templates.reload-seconds", 5, 0, 86_400);

        String cron = s.string("kindly.cycle.cron", "0 0 10 * * ?");
        if (!CronExpression.isValidExpression(cron)) {
            s.problem("kindly.cycle.cron", "'" + cron + "' is not a Quartz cron expression "
                    + "(seconds minutes hours day-of-month month day-of-week, e.g. 0 0 10 * * ?)");
        }
        s.bool("kindly.cycle.schedule-enabled", true); // read by the route; checked here
        ZoneId zone = s.zone("kindly.cycle.time-zone", ZoneId.of("Asia/Shanghai"));

        DemoSettings demo = DemoSettings.read(s);
        ChannelSettings channels = ChannelSettings.read(s);
        InboundSettings inbound = InboundSettings.read(s);
        if (demo.enabled()) {
            demo.checkLocalOnly(s, channels, inbound.lenderNotice().url());
        }
        DatabaseSettings ledger = DatabaseSettings.read(s, "kindly.ledger", "jdbc:h2:file:./data/kindly-ledger", 10);
        SourceSettings source = SourceSettings.read(s);
        ClusterSettings cluster = ClusterSettings.read(s, ledger);
        if (cluster.enabled() && source.type().equals("sql") && cluster.atOnce() >= source.database().poolSize()) {
            // each share's pass holds a loan-book connection while it reads; a re-read of one loan needs one more
            s.problem("kindly.cluster.shares-at-once", "must stay below kindly.source.sql.pool-size ("
                    + source.database().poolSize() + "): each share a daemon works holds a loan-book connection");
        }
        return new KindlySettings(templates, aliases, delay, LenderProfile.read(s), source,
                Cadence.read(s), channels, ledger,
                LedgerBatching.read(s), outageTolerance(s), cluster, CheckpointSettings.read(s),
                contactIdSecret(s), LedgerRetention.days(s), adminToken(s),
                cron, zone, PolicySettings.read(s), inbound, LintSettings.read(s), demo);
    }

    /** The admin API's token (name:secret, from KINDLY_ADMIN_TOKEN); none: the API is off. Never echoed. */
    private static Optional<AdminToken> adminToken(Settings s) {
        try {
            return AdminToken.parse(s.string("kindly.admin.token", ""));
        } catch (IllegalArgumentException e) {
            s.problem("kindly.admin.token", e.getMessage());
            return Optional.empty();
        }
    }

    /** The key contact ids are made with ({@link io.kindly.domain.ContactIds}). */
    private static String contactIdSecret(Settings s) {
        String secret = s.required("kindly.contact-id-secret", "the key contact ids (Message-IDs, idempotency keys,"
                + " unsubscribe links) are made with (set it through the environment variable KINDLY_CONTACT_ID_SECRET)");
        if (!secret.isEmpty() && secret.length() < 16) {
            s.problem("kindly.contact-id-secret", "too short: use at least 16 characters");
        }
        return secret;
    }
}
