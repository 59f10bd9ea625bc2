package io.kindly.app;

import io.kindly.app.config.ConfigFiles;
import io.kindly.app.config.Settings;
import io.kindly.demo.DemoLoanBook;
import io.kindly.demo.DemoMailSink;
import io.kindly.demo.DemoSinks;
import io.kindly.dispatch.EmailChannel;
import io.kindly.dispatch.InAppWebhook;
import io.kindly.dispatch.SmsGateway;
import io.kindly.domain.Stage;
import io.kindly.inbound.OptOutEndpoint;
import io.kindly.inbound.OptOutLinks;
import io.kindly.ledger.Ledger;
import io.kindly.ledger.LedgerSchema;
import io.kindly.ledger.LedgerStore;
import io.kindly.plan.Planner;
import io.kindly.policy.AccountRefresh;
import io.kindly.policy.ContactPolicy;
import io.kindly.policy.DeferredRelease;
import io.kindly.policy.PolicySettings;
import io.kindly.policy.PolicyStore;
import io.kindly.plan.Recipients;
import io.kindly.render.TemplateRenderer;
import io.kindly.source.AccountMapper;
import io.kindly.source.AccountReader;
import io.kindly.source.CsvAccounts;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Builds Kindly's beans from {@code config/} before any route starts: reads and checks every setting (stopping
 * start-up with the file, key and problem when something is wrong), migrates the ledger, prepares the demo, and binds
 * the beans the YAML routes call by name.
 */
public class KindlyConfiguration implements CamelConfiguration {
    /** The property naming the config folder; the command line sets it from {@code --config}. */
    public static final String CONFIG_DIR = "kindly.config-dir";
    /** Bind a {@link Clock} under this name before start-up to run Kindly on another clock (tests do). */
    public static final String CLOCK = "kindlyClock";

    private static final Logger LOG = LoggerFactory.getLogger(KindlyConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        ConfigFiles files = ConfigFiles.in(Path.of(pc.resolveProperty(CONFIG_DIR).orElse("config")));
        Settings s = new Settings(pc::resolveProperty, files);
        s.readByRoutes(CONFIG_DIR);
        KindlySettings settings = KindlySettings.read(s);
        Clock clock = clockFrom(context.getRegistry());

        OptOutLinks optOutLinks = new OptOutLinks(settings.inbound());
        TemplateRenderer renderer = new TemplateRenderer(settings.templatesDir(), settings.lender(),
                settings.source().defaultLocale(), settings.localeAliases(), settings.channels().sms().optOutKeyword(),
                optOutLinks::linkFor, clock, settings.templateUpdateDelaySeconds() * 1000L);
        if (java.nio.file.Files.isDirectory(settings.templatesDir())) {
            Map<Stage, List<String>> missing = renderer.missingDefaults(settings.cadence(), settings.channels().enabled());
            missing.forEach((stage, problems) -> problems.forEach(
                    p -> s.problem("kindly.cadence.stage." + stage.name() + ".template", p)));
        }
        s.check();

        Resources resources = new Resources();
        context.addService(resources, true, true);

        DataSource ledgerDs = resources.add(Databases.pool(settings.ledger(), "kindly-ledger", false));
        LedgerSchema.migrate(ledgerDs);
        LedgerStore store = new LedgerStore(ledgerDs, clock, nodeName());

        int seeded = 0;
        if (settings.demo().enabled()) {
            LocalDate seedDate = pc.resolveProperty("kindly.demo.seed-date").map(LocalDate::parse)
                    .orElse(LocalDate.now(clock.withZone(settings.cycleZone())));
            seeded = DemoLoanBook.prepare(settings.source().database(), seedDate, settings.demo().loanBookSize());
            DemoMailSink mailSink = new DemoMailSink(settings.demo().smtpPort(), settings.demo().outbox());
            mailSink.start();
            resources.add(mailSink);
            bind(context, "demoMailSink", mailSink);
            bind(context, "demoSinks", new DemoSinks(settings.channels().inapp().secret(),
                    settings.channels().inapp().signatureHeader()));
        }
        s.readByRoutes("kindly.demo.seed-date");
        DataSource loanBook = settings.source().type().equals("sql")
                ? resources.add(Databases.pool(settings.source().database(), "kindly-loanbook", true)) : null;

        bind(context, "kindlySettings", settings);
        bind(context, "ledgerDataSource", ledgerDs);
        if (loanBook != null) {
            bind(context, "loanBook", loanBook);
        }
        PolicySettings policy = settings.policy();
        if (settings.demo().enabled()) {
            policy = policy.withHolidays(settings.demo().holidayRegion(),
                    Set.of(LocalDate.now(clock.withZone(settings.cycleZone()))));
        }
        policy.logLoosenings();
        PolicyStore policyStore = new PolicyStore(ledgerDs, clock);
        if (seeded > 0) {
            DemoLoanBook.placeDemoHoldsAndOptOuts(policyStore, LocalDate.now(clock.withZone(settings.cycleZone())));
        }
        ContactPolicy contactPolicy = new ContactPolicy(policy, policyStore, ledgerDs, clock,
                settings.channels().sms().optOutKeyword(),
                List.of(settings.lender().preferencesUrl(), optOutLinks.prefix()));
        AccountMapper mapper = new AccountMapper(settings.source());
        bind(context, "policy", contactPolicy);
        bind(context, "policyStore", policyStore);
        bind(context, "accountRefresh", new AccountRefresh(mapper, clock));
        bind(context, "deferred", new DeferredRelease(ledgerDs, store, settings.cadence(), policy, clock, 5000));
        bind(context, "ledger", new Ledger(store, contactPolicy.guard()));
        bind(context, "accounts", new AccountReader(mapper));
        bind(context, "csvAccounts", new CsvAccounts());
        bind(context, "planner", new Planner(settings.cadence(), settings.channels().enabled(), clock));
        bind(context, "recipients", new Recipients());
        bind(context, "renderer", renderer);
        bind(context, "cycles", new Cycles(store, settings.cadence(), settings.cycleZone(), clock,
                settings.ledger().safeUrl()));
        bind(context, "smsGateway", new SmsGateway(settings.channels().sms(), renderer));
        bind(context, "emailChannel", new EmailChannel(settings.channels().email(), optOutLinks::linkFor));
        bind(context, "optOutLinks", optOutLinks);
        bind(context, "optOutEndpoint", new OptOutEndpoint(optOutLinks, store, policyStore, settings.lender()));
        bind(context, "inAppWebhook", new InAppWebhook(settings.channels().inapp(), clock));
        LOG.info("Kindly configured: ledger {}, source {}, {} stages, channels {}", settings.ledger().safeUrl(),
                settings.source().type(), settings.cadence().stages().size(), settings.channels().enabled());
    }

    private static Clock clockFrom(Registry registry) {
        Clock clock = registry.lookupByNameAndType(CLOCK, Clock.class);
        return clock != null ? clock : Clock.systemUTC();
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    private static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName();
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
