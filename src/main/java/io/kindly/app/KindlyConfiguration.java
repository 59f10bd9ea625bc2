package io.kindly.app;

import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;
import io.kindly.config.ConfigFiles;
import io.kindly.domain.ContactIds;
import io.kindly.policy.PolicySettings;
import io.kindly.policy.PolicyStore;
import io.kindly.render.TemplateRenderer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;

/**
 * Builds Kindly's beans from {@code config/} before any route starts: reads and checks every setting, route and
 * template ({@link Preflight}; start-up stops with the file, key or line and the problem when something is wrong),
 * opens the ledger (the daemon's, or the preview's: {@link LedgerSetup}), prepares the demo ({@link DemoBeans}), and
 * binds the beans the YAML routes call by name ({@link CoreBeans}, {@link RouteBeans}).
 */
public class KindlyConfiguration implements CamelConfiguration {
    /** The property naming the config folder; the command line sets it from {@code --config}. */
    public static final String CONFIG_DIR = "kindly.config-dir";
    /** Set to true by {@code kindly preview}: the same pipeline, with a ledger that reads and notes but never writes. */
    public static final String PREVIEW = "kindly.preview.enabled";
    /** Bind a {@link Clock} under this name before start-up to run Kindly on another clock (tests do). */
    public static final String CLOCK = "kindlyClock";

    private static final Logger LOG = LoggerFactory.getLogger(KindlyConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        ConfigFiles files = ConfigFiles.in(Path.of(pc.resolveProperty(CONFIG_DIR).orElse("config")));
        Clock clock = clockFrom(context.getRegistry());
        // the same checks as `kindly lint`: a configuration problem or a lint error stops start-up here
        Preflight.Result preflight = Preflight.run(pc::resolveProperty, files, clock);
        preflight.requireClean(LOG);
        KindlySettings settings = preflight.settings();
        // before anything plans a contact: every contact id from here on is keyed with the configured secret
        ContactIds.useSecret(settings.contactIdSecret());
        TemplateRenderer renderer = preflight.renderer(clock);

        // the run and contact ids on every log line of a message, on any thread (instead of use-mdc-logging)
        context.getCamelContextExtension().addContextPlugin(org.apache.camel.spi.UnitOfWorkFactory.class,
                LogContextUnitOfWork.factory(context));
        Resources resources = new Resources();
        context.addService(resources, true, true);
        boolean preview = pc.resolveProperty(PREVIEW).map(Boolean::parseBoolean).orElse(false);
        LocalDate today = LocalDate.now(clock.withZone(settings.cycleZone()));

        LedgerSetup ledger = preview ? LedgerSetup.preview(settings, resources, renderer, clock)
                : LedgerSetup.daemon(settings, resources, clock);
        if (settings.cluster().enabled() && !preview) {
            ClusterMode.install(context, settings.ledger()); // after the migration has made Quartz's tables
        }
        DemoBeans demo = settings.demo().enabled() ? new DemoBeans(settings, preview) : null;
        if (demo != null && settings.cluster().enabled()
                && settings.source().database().url().startsWith("jdbc:h2:")) {
            // an embedded H2 file is opened by one process alone: each daemon seeds and reads a book of its own, and
            // the shares of a cycle are only the same borrowers if every daemon seeded the same book
            LOG.warn("cluster mode with the demo: each daemon reads its own embedded demo loan book ({}); the daemons "
                    + "share a cycle's work only over one loan book, so for a real cluster turn the demo off and "
                    + "point kindly.source.sql.url at the lender's database", settings.source().database().safeUrl());
        }
        DatabaseSettings source = settings.source().database();
        DemoBeans.Seeded seeded = null;
        if (demo != null) {
            LocalDate seedDate = pc.resolveProperty("kindly.demo.seed-date").map(LocalDate::parse).orElse(today);
            seeded = demo.seed(source, seedDate, clock);
            source = seeded.book();
            demo.startSinks(resources);
            if (settings.demo().smtpPort() == 0 && demo.demoMailSink() != null) {
                // kindly.demo.smtp-port = 0: the sink took a free port, which the email channel's URI (shipped as
                // smtp://127.0.0.1:{{kindly.demo.smtp-port}}) gets when the routes are built. The URI itself is
                // overridden: a -D or environment setting of the port would win over an override of the port
                String port = String.valueOf(demo.demoMailSink().port());
                pc.addOverrideProperty("kindly.demo.smtp-port", port);
                String uri = settings.channels().email().uri();
                if (uri.matches("smtps?://[^/?:]+:0([/?].*)?")) {
                    pc.addOverrideProperty("kindly.channel.email.uri", uri.replaceFirst(":0(?=[/?]|$)", ":" + port));
                }
            }
        }
        DataSource loanBook = settings.source().type().equals("sql")
                ? resources.add(Databases.pool(source, "kindly-loanbook", true)) : null;

        PolicySettings policy = demo != null ? demo.policy(settings.policy(), today) : settings.policy();
        policy.logLoosenings();
        PolicyStore policyStore = new PolicyStore(ledger.ds(), clock);
        if (demo != null) {
            demo.placeHoldsAndOptOuts(policyStore, today, seeded, ledger.fresh());
        }

        // cluster mode: the shares' leases are renewed on connections of their own, so a heartbeat never waits
        // behind the workers for the ledger's pool (a late renewal would let a live daemon's share be taken over)
        DataSource shares = settings.cluster().enabled() && !preview ? resources.add(Databases.ledgerPool(
                new DatabaseSettings("kindly.ledger", settings.ledger().url(), settings.ledger().username(),
                        settings.ledger().password(), 2), "kindly-cluster")) : ledger.ds();

        RouteBeans.bind(context, new CoreBeans(context, settings, clock, ledger, loanBook, shares, renderer,
                preflight.optOutLinks(), policy, policyStore));
        if (demo != null) {
            RouteBeans.bind(context, demo);
        }
        LOG.info("Kindly configured: ledger {}, source {}, {} stages, channels {}", settings.ledger().safeUrl(),
                settings.source().type(), settings.cadence().stages().size(), settings.channels().enabled());
    }

    private static Clock clockFrom(Registry registry) {
        Clock clock = registry.lookupByNameAndType(CLOCK, Clock.class);
        return clock != null ? clock : Clock.systemUTC();
    }

    /** Closes pools and servers when Camel stops, in the reverse order they were opened. */
    static final class Resources extends ServiceSupport {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            open.push(resource);
            return resource;
        }

        @Override
        protected void doStop() {
            while (!open.isEmpty()) {
                try {
                    open.pop().close();
                } catch (Exception e) {
                    LOG.warn("error while closing a resource: {}", e.toString());
                }
            }
        }
    }
}
