package io.kindly.dispatch;

import io.kindly.domain.Contact;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The channel route's timing of each gateway call (bean {@code gatewayLatency}): the histogram
 * {@code kindly.gateway.latency} by channel and outcome ({@code answered}, {@code error}) on /observe/metrics.
 *
 * <p>Not the {@code micrometer:timer} endpoint: it converts its action to an enum through Camel's type-converter search
 * on every call, a tenth of Kindly's CPU per message in the profile of issue 9. The timers are kept, not looked up.
 */
public final class GatewayLatency {
    static final String CALL = "KindlyGatewayCall";

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile boolean lookedUp;

    private record Call(long startNanos, Object earlierFailure) {
    }

    /** Just before the gateway call. */
    public void callStarts(Exchange exchange) {
        exchange.setProperty(CALL, new Call(System.nanoTime(), exchange.getProperty(Exchange.EXCEPTION_CAUGHT)));
    }

    /** After the gateway call, answered or failed (the route's doFinally). */
    public void callEnded(Exchange exchange) {
        Call call = exchange.getProperty(CALL, Call.class);
        exchange.removeProperty(CALL);
        MeterRegistry r = registry(exchange);
        if (call == null || r == null) {
            return; // metrics off
        }
        // in doFinally the call's exception has been moved to EXCEPTION_CAUGHT (an earlier attempt's may be there)
        boolean failed = exchange.getException() != null
                || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != call.earlierFailure();
        String outcome = failed ? "error" : "answered";
        // the message's channel: one channel may have several transports, each its own route
        Contact contact = exchange.getProperty(Contact.PROPERTY, Contact.class);
        String channel = contact == null ? "unknown" : contact.channel().id();
        timers.computeIfAbsent(channel + "/" + outcome, k -> Timer.builder("kindly.gateway.latency")
                        .description("from the request to the gateway's or mail server's answer, per attempt")
                        .tag("channel", channel).tag("outcome", outcome)
                        .publishPercentileHistogram() // buckets, not only a sum and a count
                        .register(r))
                .record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The registry the management server exposes, or none when metrics are off: looked up once, on the first call
     * (Camel has made it by the time a message goes out), not searched for on every call when there is none.
     */
    private MeterRegistry registry(Exchange exchange) {
        if (!lookedUp) {
            registry = exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
            lookedUp = true;
        }
        return registry;
    }
}
