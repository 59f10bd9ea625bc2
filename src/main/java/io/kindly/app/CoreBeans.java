package io.kindly.app;

import io.kindly.admin.AdminApi;
import io.kindly.admin.AdminRuns;
import io.kindly.cycle.Cycles;
import io.kindly.cycle.Partitions;
import io.kindly.cycle.DatabaseOutages;
import io.kindly.dispatch.ChannelStops;
import io.kindly.dispatch.ClaimRecovery;
import io.kindly.dispatch.DeliveryRetry;
import io.kindly.dispatch.EmailChannel;
import io.kindly.dispatch.InAppWebhook;
import io.kindly.dispatch.SendOutcomes;
import io.kindly.dispatch.SmppChannel;
import io.kindly.dispatch.SmppLink;
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
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.Ledger;
import io.kindly.ledger.LedgerCheckpoints;
import io.kindly.ledger.LedgerRetention;
import io.kindly.ledger.NodeId;
import io.kindly.plan.Planner;
import io.kindly.plan.Recipients;
import io.kindly.policy.AccountRefresh;
import io.kindly.policy.ContactPolicy;
import io.kindly.policy.DeferredRelease;
import io.kindly.policy.PolicySettings;
import io.kindly.policy.PolicyStore;
import io.kindly.render.TemplateRenderer;
import io.kindly.source.AccountMapper;
import io.kindly.source.AccountReader;
import io.kindly.source.CsvAccounts;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The pipeline's beans, in the order of the pipeline: source, plan, policy, render, ledger, channels, what comes back.
 * Each public {@link BindToRegistry} method is a bean the routes call by that name ({@link RouteBeans}).
 */
final class CoreBeans {
    private final KindlySettings settings;
    private final DataSource ledgerDataSource;
    private final DataSource loanBook;
    private final AccountReader accounts;
    private final CsvAccounts csvAccounts = new CsvAccounts();
    private final AccountRefresh accountRefresh;
    private final Planner planner;
    private final Recipients recipients = new Recipients();
    private final PolicyStore policyStore;
    private final ContactPolicy policy;
    private final DeferredRelease deferred;
    private final TemplateRenderer renderer;
    private final Ledger ledger;
    private final LedgerCheckpoints ledgerCheckpoints;
    private final Readiness readiness;
    private final LedgerRetention retention;
    private final AdminApi adminApi;
    private final AdminRuns adminRuns;
    private final KindlyMetrics metrics;
    private final io.kindly.dispatch.GatewayLatency gatewayLatency = new io.kindly.dispatch.GatewayLatency();
    private final SendOutcomes outcomes;
    private final Cycles cycles;
    private final DatabaseOutages outages;
    private final Partitions partitions;
    private final SmsGateway smsGateway;
    private final SmppChannel smppChannel;
    private final EmailChannel emailChannel;
    private final InAppWebhook inAppWebhook;
    private final DeliveryRetry deliveryRetry;
    private final ClaimRecovery claimRecovery;
    private final OptOutLinks optOutLinks;
    private final OptOutEndpoint optOutEndpoint;
    private final InboundGate inboundGate;
    private final LenderNotice lenderNotice;
    private final SmsInbound smsInbound;
    private final EmailInbound emailInbound;
    private final InAppInbound inAppInbound;

    /**
     * @param loanBook     the lender's database, or null when accounts come from CSV exports
     * @param shares       the ledger's database for the cluster's shares of a cycle (a small pool of its own)
     * @param policyRules  the contact policy's settings as this run applies them (the demo adds a holiday)
     * @param policyStore  holds, opt-outs and the send history, in the ledger's database
     */
    CoreBeans(CamelContext context, KindlySettings settings, Clock clock, LedgerSetup ledgerSetup, DataSource loanBook,
            DataSource shares, TemplateRenderer renderer, OptOutLinks optOutLinks, PolicySettings policyRules, PolicyStore policyStore) {
        this.settings = settings;
        this.ledgerDataSource = ledgerSetup.ds();
        this.loanBook = loanBook;
        this.renderer = renderer;
        this.optOutLinks = optOutLinks;
        this.policyStore = policyStore;
        var store = ledgerSetup.store();

        AccountMapper mapper = new AccountMapper(settings.source());
        accounts = new AccountReader(mapper);
        accountRefresh = new AccountRefresh(mapper, clock);
        planner = new Planner(settings.cadence(), settings.channels().enabled(), clock);

        ContactPolicy contactPolicy = new ContactPolicy(policyRules, policyStore, ledgerDataSource, clock,
                settings.channels().sms().optOutKeyword(),
                List.of(settings.lender().preferencesUrl(), optOutLinks.prefix()));
        policy = contactPolicy.withSendHistory(ledgerSetup.history().apply(policyStore::sentSince));
        deferred = new DeferredRelease(ledgerDataSource, store, settings.cadence(), policyRules, clock, 5000);

        ledger = new Ledger(store, policy.guard());
        ledgerCheckpoints = new LedgerCheckpoints(ledgerDataSource, settings.ledgerCheckpoints(), clock);
        retention = new LedgerRetention(ledgerDataSource, settings.ledgerRetentionDays(), clock);
        adminApi = new AdminApi(settings.adminToken(), ledgerDataSource, policyStore,
                settings.source().defaultPhoneRegion());
        // operating it: readiness (management server, inbound gate) and metrics
        Map<String, DataSource> databases = new LinkedHashMap<>();
        databases.put("ledger", ledgerDataSource);
        if (loanBook != null) {
            databases.put("loan book", loanBook);
        }
        readiness = new Readiness(context, databases, Clock.systemUTC());
        readiness.register();
        var properties = context.getPropertiesComponent();
        if (properties.resolveProperty("camel.server.enabled").map(Boolean::parseBoolean).orElse(false)) {
            context.getManagementStrategy().addEventNotifier(new NotReadyAnswer(context, readiness,
                    Integer.parseInt(properties.resolveProperty("camel.server.port").orElse("8080"))));
        }
        metrics = new KindlyMetrics(context, ledgerDataSource);
        // once the metrics registry exists (a service) and before any route runs
        try {
            context.addStartupListener((camel, alreadyStarted) -> metrics.bind());
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the metrics' start-up listener", e);
        }
        if (store instanceof JdbcLedgerStore jdbc) {
            jdbc.onCommitted(metrics::recorded);
        }
        // a channel the gateway refused (401, 403, 404, SMTP authentication) is stopped for all its messages at once
        ChannelStops stops = new ChannelStops(settings.channels());
        outcomes = new SendOutcomes(store, stops, settings.outageTolerance());
        outages = new DatabaseOutages(ledgerDataSource, loanBook, settings.outageTolerance());
        cycles = new Cycles(store, settings.cadence(), settings.cycleZone(), clock, settings.ledger().safeUrl());
        adminRuns = new AdminRuns(cycles, ledgerDataSource, previews(context, settings, clock));
        // cluster mode: a cycle's borrowers shared out between the daemons (the routes at the end of cycle.camel.yaml)
        partitions = new Partitions(shares, settings.cluster(), accounts::borrowerIdOf, clock,
                NodeId.current().toString());

        smsGateway = new SmsGateway(settings.channels().sms(), renderer);
        // SMS over SMPP: one transceiver session, bound when Camel starts and kept bound (routes/channels/, the
        // kindly-channel-sms-smpp instance; what the SMSC delivers enters at routes/inbound/smpp.camel.yaml)
        if (settings.channels().sms().enabled() && settings.channels().sms().smppTransport()) {
            SmppLink link = new SmppLink(settings.channels().sms().smpp(), settings.channels().sms().credentials(),
                    context);
            try {
                context.addService(link, true, true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the SMPP session", e);
            }
            smppChannel = new SmppChannel(settings.channels().sms(), link);
        } else {
            smppChannel = null;
        }
        emailChannel = new EmailChannel(settings.channels().email(), optOutLinks::linkFor);
        // the email route's smtp:// endpoint sends over a few kept-open SMTP connections, not one per message
        SmtpConnections.install(context, settings.channels().email());
        inAppWebhook = new InAppWebhook(settings.channels().inapp(), clock);
        deliveryRetry = new DeliveryRetry(settings.channels(), policy::closedUntil, clock, stops);
        claimRecovery = new ClaimRecovery(store, settings.channels(), NodeId.current(), clock);

        // what comes back: receipts, replies, bounces and app events (routes/inbound/)
        optOutEndpoint = new OptOutEndpoint(optOutLinks, store, policyStore, renderer);
        InboundSettings inbound = settings.inbound();
        inboundGate = new InboundGate(store);
        lenderNotice = new LenderNotice(inbound.lenderNotice(), ledgerDataSource, clock);
        smsInbound = new SmsInbound(inbound, inboundGate, store, policyStore, renderer,
                settings.channels().sms().optOutKeyword(), clock);
        emailInbound = new EmailInbound(inbound, inboundGate, store, policyStore);
        inAppInbound = new InAppInbound(inbound, inboundGate, store, policyStore, clock);
    }

    @BindToRegistry("kindlySettings")
    public KindlySettings kindlySettings() {
        return settings;
    }

    @BindToRegistry("ledgerDataSource")
    public DataSource ledgerDataSource() {
        return ledgerDataSource;
    }

    @BindToRegistry("loanBook")
    public DataSource loanBook() {
        return loanBook;
    }

    @BindToRegistry("accounts")
    public AccountReader accounts() {
        return accounts;
    }

    @BindToRegistry("csvAccounts")
    public CsvAccounts csvAccounts() {
        return csvAccounts;
    }

    @BindToRegistry("accountRefresh")
    public AccountRefresh accountRefresh() {
        return accountRefresh;
    }

    @BindToRegistry("planner")
    public Planner planner() {
        return planner;
    }

    @BindToRegistry("recipients")
    public Recipients recipients() {
        return recipients;
    }

    @BindToRegistry("policy")
    public ContactPolicy policy() {
        return policy;
    }

    @BindToRegistry("policyStore")
    public PolicyStore policyStore() {
        return policyStore;
    }

    @BindToRegistry("deferred")
    public DeferredRelease deferred() {
        return deferred;
    }

    @BindToRegistry("renderer")
    public TemplateRenderer renderer() {
        return renderer;
    }

    @BindToRegistry("ledger")
    public Ledger ledger() {
        return ledger;
    }

    @BindToRegistry("gatewayLatency")
    public io.kindly.dispatch.GatewayLatency gatewayLatency() {
        return gatewayLatency;
    }

    @BindToRegistry("ledgerCheckpoints")
    public LedgerCheckpoints ledgerCheckpoints() {
        return ledgerCheckpoints;
    }

    @BindToRegistry("adminApi")
    public AdminApi adminApi() {
        return adminApi;
    }

    @BindToRegistry("adminRuns")
    public AdminRuns adminRuns() {
        return adminRuns;
    }

    /**
     * The admin API's preview: {@link Preview#run}, as {@code kindly preview} runs it, with this daemon's configuration
     * folder and the properties it was started with (its databases), the date and time read as the command reads them.
     */
    private static AdminRuns.Previews previews(CamelContext context, KindlySettings settings, Clock clock) {
        var properties = context.getPropertiesComponent();
        java.nio.file.Path configDir = java.nio.file.Path.of(
                properties.resolveProperty(KindlyConfiguration.CONFIG_DIR).orElse("config"));
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<?, ?> given = context.getRegistry().lookupByNameAndType(KindlyApp.OVERRIDES, Map.class);
        if (given != null) {
            given.forEach((k, v) -> overrides.put(String.valueOf(k), String.valueOf(v)));
        }
        return (date, at) -> {
            java.time.LocalDate day = date != null ? date
                    : java.time.LocalDate.now(clock.withZone(settings.cycleZone()));
            return Preview.run(configDir, overrides, day,
                    Preview.moment(day, at, settings.cycleCron(), settings.cycleZone(), clock));
        };
    }

    @BindToRegistry("ledgerRetention")
    public LedgerRetention ledgerRetention() {
        return retention;
    }

    @BindToRegistry("readiness")
    public Readiness readiness() {
        return readiness;
    }

    @BindToRegistry("kindlyMetrics")
    public KindlyMetrics kindlyMetrics() {
        return metrics;
    }

    @BindToRegistry("outcomes")
    public SendOutcomes outcomes() {
        return outcomes;
    }

    @BindToRegistry("cycles")
    public Cycles cycles() {
        return cycles;
    }

    @BindToRegistry("outages")
    public DatabaseOutages outages() {
        return outages;
    }

    @BindToRegistry("partitions")
    public Partitions partitions() {
        return partitions;
    }

    @BindToRegistry("smsGateway")
    public SmsGateway smsGateway() {
        return smsGateway;
    }

    /** Null (not bound) unless SMS goes over SMPP. */
    @BindToRegistry("smppChannel")
    public SmppChannel smppChannel() {
        return smppChannel;
    }

    @BindToRegistry("emailChannel")
    public EmailChannel emailChannel() {
        return emailChannel;
    }

    @BindToRegistry("inAppWebhook")
    public InAppWebhook inAppWebhook() {
        return inAppWebhook;
    }

    @BindToRegistry("deliveryRetry")
    public DeliveryRetry deliveryRetry() {
        return deliveryRetry;
    }

    @BindToRegistry("claimRecovery")
    public ClaimRecovery claimRecovery() {
        return claimRecovery;
    }

    @BindToRegistry("optOutLinks")
    public OptOutLinks optOutLinks() {
        return optOutLinks;
    }

    @BindToRegistry("optOutEndpoint")
    public OptOutEndpoint optOutEndpoint() {
        return optOutEndpoint;
    }

    @BindToRegistry("inboundGate")
    public InboundGate inboundGate() {
        return inboundGate;
    }

    @BindToRegistry("lenderNotice")
    public LenderNotice lenderNotice() {
        return lenderNotice;
    }

    @BindToRegistry("smsInbound")
    public SmsInbound smsInbound() {
        return smsInbound;
    }

    @BindToRegistry("emailInbound")
    public EmailInbound emailInbound() {
        return emailInbound;
    }

    @BindToRegistry("inAppInbound")
    public InAppInbound inAppInbound() {
        return inAppInbound;
    }
}
