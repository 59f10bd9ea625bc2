package io.kindly.inbound;

import io.kindly.shared.WebhookSignature;
import io.kindly.db.LedgerException;
import io.kindly.ledger.LedgerStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers an inbound endpoint gives when Kindly itself cannot do its part: the ledger is down (503, nothing
 * half-done), or the endpoint's own work fails unexpectedly (503, never a 500 or a stack trace to the caller). The gate
 * runs on a route with the shipped route configuration (routes/inbound/answers.camel.yaml), as the inbound routes do.
 */
class InboundGateTest {
    static final InboundSettings.Auth AUTH = new InboundSettings.Auth("inapp", "hmac", "X-Kindly-Signature",
            "gate-test-secret-0123456789");
    final CamelContext camel = new DefaultCamelContext();
    final List<LedgerStore.InboundEntry> kept = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    /** A ledger whose every call either keeps the inbound record or fails as a database that went away does. */
    LedgerStore ledger(boolean down) {
        return (LedgerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    if (down) {
                        throw new LedgerException("cannot reach the ledger", new SQLException("Connection refused"));
                    }
                    if (method.getName().equals("recordInbound")) {
                        kept.add((LedgerStore.InboundEntry) args[0]);
                        return "in-1";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The gate and the work on a route as the inbound routes have them: checked, done, refusals answered in YAML. */
    void serve(Exchange ex, LedgerStore ledger, InboundGate.Work work) throws Exception {
        InboundGate gate = new InboundGate(ledger);
        // what the route configuration also calls: the readiness gate (ready here) and the request count
        camel.getRegistry().bind("readiness", new AlwaysReady());
        camel.getRegistry().bind("kindlyMetrics", new NoMetrics());
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/inbound/answers.camel.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:endpoint").routeConfigurationId("kindly-inbound-errors")
                        .process(e -> gate.handle(e, AUTH, "inapp-event", work))
                        .bean(gate, "done");
            }
        });
        camel.start();
        camel.createProducerTemplate().send("direct:endpoint", ex);
    }

    /** The readiness gate of a Kindly that is ready. */
    public static final class AlwaysReady {
        public void admit() {
        }
    }

    /** Counts nothing. */
    public static final class NoMetrics {
        public void inboundAnswered(Exchange exchange) {
        }
    }

        Exchange request(String body) {
        Exchange ex = new DefaultExchange(camel);
        ex.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ex.getMessage().setHeader("X-Kindly-Signature", WebhookSignature.sign(AUTH.secret(),
                body.getBytes(StandardCharsets.UTF_8)));
        return ex;
    }

    @Test
    void aLedgerThatCannotBeReachedIsA503AndTheCallerMayRetry() throws Exception {
        Exchange ex = request("{\"event\":\"read\",\"id\":\"k1-x\"}");
        serve(ex, ledger(true), r -> {
            throw new LedgerException("cannot read contact k1-x", new SQLException("Connection refused"));
        });
        assertThat(ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(ex.getMessage().getBody(String.class))
                .isEqualTo("{\"error\":\"the ledger is unavailable; nothing was recorded, try again later\"}");
    }

    @Test
    void anUnexpectedFailureIsA503WithAReasonNotA500() throws Exception {
        Exchange ex = request("{\"event\":\"read\",\"id\":\"k1-x\"}");
        serve(ex, ledger(false), r -> {
            throw new IllegalStateException("a bug");
        });
        assertThat(ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(ex.getMessage().getBody(String.class)).doesNotContain("bug").doesNotContain("Exception");
    }

    @Test
    void whatWasDoneIsKeptWithTheBodyAsReceived() throws Exception {
        String body = "{\"event\":\"read\",\"id\":\"k1-x\"}";
        Exchange ex = request(body);
        serve(ex, ledger(false),
                r -> new InboundGate.Outcome("k1-x", "B1", null, "READ", null, null));
        assertThat(ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(ex.getMessage().getBody(String.class)).isEqualTo("{\"action\":\"READ\",\"inboundId\":\"in-1\"}");
        assertThat(kept).singleElement().satisfies(e -> {
            assertThat(e.payload()).isEqualTo(body);
            assertThat(e.action()).isEqualTo("READ");
            assertThat(e.contactId()).isEqualTo("k1-x");
        });
    }
}
