package io.kindly.app;

import io.kindly.demo.DemoMailSink;
import io.kindly.demo.DemoSinks;
import io.kindly.dispatch.ClaimRecovery;
import io.kindly.dispatch.DeliveryRetry;
import io.kindly.dispatch.EmailChannel;
import io.kindly.dispatch.InAppWebhook;
import io.kindly.dispatch.SendOutcomes;
import io.kindly.dispatch.SmsGateway;
import io.kindly.inbound.EmailInbound;
import io.kindly.inbound.InAppInbound;
import io.kindly.inbound.InboundGate;
import io.kindly.inbound.LenderNotice;
import io.kindly.inbound.OptOutEndpoint;
import io.kindly.inbound.OptOutLinks;
import io.kindly.inbound.SmsInbound;
import io.kindly.ledger.Ledger;
import io.kindly.plan.Planner;
import io.kindly.plan.Recipients;
import io.kindly.policy.AccountRefresh;
import io.kindly.policy.ContactPolicy;
import io.kindly.policy.DeferredRelease;
import io.kindly.policy.PolicyStore;
import io.kindly.render.TemplateRenderer;
import io.kindly.source.AccountReader;
import io.kindly.source.CsvAccounts;

import java.util.Map;
import javax.sql.DataSource;

/**
 * The beans Kindly binds for the routes, by the name a route calls them with. {@code kindly lint} checks every bean
 * step of the routes against this list without starting anything, and start-up refuses to bind a bean that is not on
 * it, so the two cannot drift apart.
 */
public final class KindlyBeans {
    public static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("kindlySettings", KindlySettings.class),
            Map.entry("ledgerDataSource", DataSource.class),
            Map.entry("loanBook", DataSource.class),
            Map.entry("cycles", Cycles.class),
            Map.entry("accounts", AccountReader.class),
            Map.entry("csvAccounts", CsvAccounts.class),
            Map.entry("accountRefresh", AccountRefresh.class),
            Map.entry("planner", Planner.class),
            Map.entry("recipients", Recipients.class),
            Map.entry("policy", ContactPolicy.class),
            Map.entry("policyStore", PolicyStore.class),
            Map.entry("deferred", DeferredRelease.class),
            Map.entry("renderer", TemplateRenderer.class),
            Map.entry("ledger", Ledger.class),
            Map.entry("outcomes", SendOutcomes.class),
            Map.entry("smsGateway", SmsGateway.class),
            Map.entry("emailChannel", EmailChannel.class),
            Map.entry("inAppWebhook", InAppWebhook.class),
            Map.entry("deliveryRetry", DeliveryRetry.class),
            Map.entry("claimRecovery", ClaimRecovery.class),
            Map.entry("optOutLinks", OptOutLinks.class),
            Map.entry("optOutEndpoint", OptOutEndpoint.class),
            Map.entry("inboundGate", InboundGate.class),
            Map.entry("smsInbound", SmsInbound.class),
            Map.entry("emailInbound", EmailInbound.class),
            Map.entry("inAppInbound", InAppInbound.class),
            Map.entry("lenderNotice", LenderNotice.class),
            Map.entry("demoMailSink", DemoMailSink.class),
            Map.entry("demoSinks", DemoSinks.class));

    private KindlyBeans() {
    }

    /** The type a bean of this name must have; a name not on the list is a programming error. */
    static Class<?> typeOf(String name) {
        Class<?> type = TYPES.get(name);
        if (type == null) {
            throw new IllegalStateException("bean '" + name + "' is not listed in KindlyBeans.TYPES");
        }
        return type;
    }
}
