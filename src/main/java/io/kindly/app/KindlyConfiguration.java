package io.kindly.app;

import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;
import io.kindly.config.ConfigFiles;
import io.kindly.demo.DemoLoanBook;
import io.kindly.demo.DemoMailSink;
import io.kindly.demo.DemoSinks;
import io.kindly.dispatch.ClaimRecovery;
import io.kindly.dispatch.DeliveryRetry;
import io.kindly.dispatch.EmailChannel;
import io.kindly.dispatch.InAppWebhook;
import io.kindly.dispatch.SendOutcomes;
import io.kindly.dispatch.SmsGateway;
import io.kindly.dispatch.SmtpConnections;
import io.kindly.inbound.EmailInbound;
import io.kindly.inbound.InAppInbound;
import io.kindly.inbound.InboundGate;
import io.kindly.inbound.InboundSettings;
import io.kindly.inbound.LenderNotice;
import io.kindly.inbound.OptOutEndpoint;
import io.kindly.inbound.OptOutLinks;
import io.kindly.inbound.SmsInbound;
import io.kindly.ledger.Ledger;
import io.kindly.ledger.LedgerSchema;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.LedgerStore;
import io.kindly.ledger.NodeId;
import io.kindly.plan.Planner;
import io.kindly.policy.AccountRefresh;
import io.kindly.policy.ContactPolicy;
import io.kindly.policy.DeferredRelease;
import io.kindly.policy.PolicySettings;
import io.kindly.policy.PolicyStore;
import io.kindly.preview.PreviewDatabases;
import io.kindly.preview.PreviewLedgerStore;
import io.kindly.preview.PreviewReport;
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

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Builds Kindly's beans from {@code config/} before any route starts: reads and checks every setting, route and
 * template ({@link Preflight}; start-up stops with the file, key or line and the problem when something is wrong),
 * migrates the ledger, prepares the demo, and binds the beans the YAML routes call by name ({@link KindlyBeans}).
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
        OptOutLinks optOutLinks = preflight.optOutLinks();
        TemplateRenderer renderer = preflight.renderer(clock);

        Resources resources = new Resources();
        context.addService(resources, true, true);

        boolean preview = pc.resolveProperty(PREVIEW).map(Boolean::parseBoolean).orElse(false);
        LocalDate today = LocalDate.now(clock.withZone(settings.cycleZone()));
        DataSource ledgerDs;
        LedgerStore store;
        PreviewLedgerStore previewStore = null;
        boolean freshLedger;
        if (preview) {
            // read-only, or a private empty ledger where none exists yet; decisions go to a report
            PreviewDatabases.Opened opened = PreviewDatabases.ledger(settings.ledger());
            ledgerDs = resources.add(opened.ds());
            freshLedger = opened.fresh();
            previewStore = new PreviewLedgerStore(ledgerDs, clock, new PreviewReport(opened.note(),
                    (contact, day) -> renderer.renderQuietly(contact, day)));
            store = previewStore;
        } else {
            ledgerDs = resources.add(Databases.pool(settings.ledger(), Databases.LEDGER_POOL, false));
            LedgerSchema.migrate(ledgerDs);
            freshLedger = false;
            store = new JdbcLedgerStore(ledgerDs, clock, NodeId.current().toString(), settings.ledgerBatching().size(),
                    settings.ledgerBatching().writers());
        }

        DatabaseSettings source = settings.source().database();
        int seeded = 0;
        if (settings.demo().enabled()) {
            LocalDate seedDate = pc.resolveProperty("kindly.demo.seed-date").map(LocalDate::parse).orElse(today);
            DatabaseSettings inMemoryBook = preview ? PreviewDatabases.demoLoanBook(source) : null;
            if (!preview || inMemoryBook != null) {
                source = inMemoryBook != null ? inMemoryBook : source;
                seeded = DemoLoanBook.prepare(source, seedDate,
                        LocalDate.now(clock.withZone(DemoLoanBook.ZONE)).getDayOfWeek(), settings.demo().loanBookSize());
            }
            if (!preview) {
                DemoMailSink mailSink = new DemoMailSink(settings.demo().smtpPort(), settings.demo().outbox());
                mailSink.start();
                resources.add(mailSink);
                bind(context, "demoMailSink", mailSink);
                bind(context, "demoSinks", new DemoSinks(settings.channels().inapp().secret(),
                        settings.channels().inapp().signatureHeader()));
            }
        }
        DataSource loanBook = settings.source().type().equals("sql")
                ? resources.add(Databases.pool(source, "kindly-loanbook", true)) : null;

        bind(context, "kindlySettings", settings);
        bind(context, "ledgerDataSource", ledgerDs);
        if (loanBook != null) {
            bind(context, "loanBook", loanBook);
        }
        PolicySettings policy = settings.policy();
        if (settings.demo().enabled()) {
            policy = policy.withHolidays(settings.demo().holidayRegion(), Set.of(today));
        }
        policy.logLoosenings();
        PolicyStore policyStore = new PolicyStore(ledgerDs, clock);
        if (seeded > 0 && (!preview || freshLedger)) {
            DemoLoanBook.placeDemoHoldsAndOptOuts(policyStore, today);
        }
        ContactPolicy contactPolicy = new ContactPolicy(policy, policyStore, ledgerDs, clock,
                settings.channels().sms().optOutKeyword(),
                List.of(settings.lender().preferencesUrl(), optOutLinks.prefix()));
        if (previewStore != null) {
            contactPolicy = contactPolicy.withSendHistory(previewStore.history(policyStore::sentSince));
        }
        AccountMapper mapper = new AccountMapper(settings.source());
        bind(context, "policy", contactPolicy);
        bind(context, "policyStore", policyStore);
        bind(context, "accountRefresh", new AccountRefresh(mapper, clock));
        bind(context, "deferred", new DeferredRelease(ledgerDs, store, settings.cadence(), policy, clock, 5000));
        bind(context, "ledger", new Ledger(store, contactPolicy.guard()));
        bind(context, "outcomes", new SendOutcomes(store));
        bind(context, "accounts", new AccountReader(mapper));
        bind(context, "csvAccounts", new CsvAccounts());
        bind(context, "planner", new Planner(settings.cadence(), settings.channels().enabled(), clock));
        bind(context, "recipients", new Recipients());
        bind(context, "renderer", renderer);
        bind(context, "cycles", new Cycles(store, settings.cadence(), settings.cycleZone(), clock,
                settings.ledger().safeUrl()));
        bind(context, "smsGateway", new SmsGateway(settings.channels().sms(), renderer));
        bind(context, "emailChannel", new EmailChannel(settings.channels().email(), optOutLinks::linkFor));
        // the email route's smtp:// endpoint sends over a few kept-open SMTP connections, not one per message
        SmtpConnections.install(context, settings.channels().email());
        bind(context, "optOutLinks", optOutLinks);
        bind(context, "optOutEndpoint", new OptOutEndpoint(optOutLinks, store, policyStore, renderer));
        bind(context, "inAppWebhook", new InAppWebhook(settings.channels().inapp(), clock));
        // what comes back: receipts, replies, bounces and app events (routes/inbound/)
        InboundSettings inbound = settings.inbound();
        InboundGate inboundGate = new InboundGate(store);
        bind(context, "inboundGate", inboundGate);
        bind(context, "lenderNotice", new LenderNotice(inbound.lenderNotice(), ledgerDs, clock));
        bind(context, "smsInbound", new SmsInbound(inbound, inboundGate, store, policyStore, renderer,
                settings.channels().sms().optOutKeyword(), clock));
        bind(context, "emailInbound", new EmailInbound(inbound, inboundGate, store, policyStore));
        bind(context, "inAppInbound", new InAppInbound(inbound, inboundGate, store, policyStore, clock));
        bind(context, "deliveryRetry", new DeliveryRetry(settings.channels(), contactPolicy, clock));
        bind(context, "claimRecovery", new ClaimRecovery(store, settings.channels(), NodeId.current(), clock));
        LOG.info("Kindly configured: ledger {}, source {}, {} stages, channels {}", settings.ledger().safeUrl(),
                settings.source().type(), settings.cadence().stages().size(), settings.channels().enabled());
    }

    private static Clock clockFrom(Registry registry) {
        Clock clock = registry.lookupByNameAndType(CLOCK, Clock.class);
        return clock != null ? clock : Clock.systemUTC();
    }

    private static void bind(CamelContext context, String name, Object bean) {
        Class<?> type = KindlyBeans.typeOf(name);
        if (!type.isInstance(bean)) {
            throw new IllegalStateException("bean '" + name + "' must be a " + type.getName());
        }
        context.getRegistry().bind(name, bean);
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
