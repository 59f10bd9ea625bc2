package io.kindly.app;

import io.kindly.db.DatabaseSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cluster mode ({@code kindly.cluster.enabled}): several daemons share one ledger on PostgreSQL or MySQL/MariaDB, and
 * each schedule (the cycle, the release of deferred messages) fires once across them. That is Quartz's clustered JDBC
 * job store, in the ledger's database (tables {@code QRTZ_*}, created by the ledger's Flyway migrations), not a
 * coordinator of Kindly's own: the node that takes a trigger fires it, and when a node dies its triggers are taken
 * over by the others after {@code clusterCheckinInterval}.
 *
 * <p>What camel-quartz needs for it is in the routes already: a fixed CamelContext name ({@code camel.main.name}, which
 * the scheduler's name is derived from), {@code usingFixedCamelContextName}, {@code stateful} jobs and fixed trigger
 * names ({@code quartz:kindly/cycle}).
 */
final class ClusterMode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);

    private ClusterMode() {
    }

    /** The Quartz settings that make the quartz component use the clustered job store in the ledger's database. */
    static Map<String, Object> quartzProperties(DatabaseSettings ledger) {
        String url = ledger.url().toLowerCase(Locale.ROOT);
        String delegate = url.startsWith("jdbc:postgresql:") ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        Map<String, Object> p = new HashMap<>();
        p.put("org.quartz.scheduler.instanceName", "kindly");
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", delegate);
        p.put("org.quartz.jobStore.dataSource", "ledger");
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.put("org.quartz.jobStore.misfireThreshold", "60000");
        p.put("org.quartz.dataSource.ledger.provider", "hikaricp");
        p.put("org.quartz.dataSource.ledger.driver", driverFor(ledger.url()));
        p.put("org.quartz.dataSource.ledger.URL", ledger.url());
        p.put("org.quartz.dataSource.ledger.user", ledger.username());
        p.put("org.quartz.dataSource.ledger.password", ledger.password());
        p.put("org.quartz.dataSource.ledger.maxConnections", "4");
        return p;
    }

    /** The JDBC driver class Quartz's own small pool loads, the one that answers for the ledger's URL. */
    private static String driverFor(String url) {
        try {
            return DriverManager.getDriver(url).getClass().getName();
        } catch (SQLException e) {
            throw new IllegalStateException("no JDBC driver for the ledger's URL", e);
        }
    }

    /** Before the routes start: the quartz component's scheduler is made from these properties. */
    static void install(CamelContext context, DatabaseSettings ledger) {
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(quartzProperties(ledger));
        LOG.info("cluster mode: schedules fire once across the daemons sharing the ledger {}", ledger.safeUrl());
    }
}
