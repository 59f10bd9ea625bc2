package io.kindly.app;

import io.kindly.domain.Channel;
import io.kindly.ledger.EntryRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Kindly's own figures on the management server's {@code /observe/metrics} (Prometheus), beside Camel's: what the
 * ledger recorded (messages by channel, stage, status and reason), how long each gateway took to answer, each
 * channel's circuit breaker, the last cycle's duration and size, the deferred backlog by reason, and the inbound
 * requests by endpoint and answer. No label carries an id, an address or a word of a message.
 *
 * <p>Counters are counted where things happen (the ledger, once its transaction is committed; the channel route
 * around the gateway; the inbound routes' answers); the figures held in the database (cycle, backlog) are read by the
 * route kindly-metrics-refresh every 30 seconds, not on every scrape.
 */
public final class KindlyMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(KindlyMetrics.class);

    private final CamelContext context;
    private final DataSource ledger;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final AtomicLong lastCycleMillis = new AtomicLong();
    private final AtomicLong lastCycleAccounts = new AtomicLong();
    private final AtomicLong lastCycleFinished = new AtomicLong();
    private volatile MeterRegistry registry;
    private final Map<MessageKind, Counter> messages = new ConcurrentHashMap<>();

    KindlyMetrics(CamelContext context, DataSource ledger) {
        this.context = context;
        this.ledger = ledger;
    }

    /** The registry the management server exposes (camel-micrometer-prometheus), once Camel has made it. */
    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (r == null) {
                return Metrics.globalRegistry; // metrics off (camel.metrics.enabled = false): counted nowhere seen
            }
            registry = r;
            bindGauges(r);
        }
        return r;
    }

    /** At start-up: binds the gauges. */
    void bind() {
        registry();
    }

    private void bindGauges(MeterRegistry r) {
        for (Channel channel : Channel.values()) {
            Gauge.builder("kindly.breaker.state", this, m -> m.breakerState(channel.id()))
                    .description("the channel's circuit breaker: 0 closed, 1 half open, 2 open, -1 no route")
                    .tag("channel", channel.id()).register(r);
        }
        Gauge.builder("kindly.cycle.last.duration", lastCycleMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("how long the last finished cycle took").register(r);
        Gauge.builder("kindly.cycle.last.accounts", lastCycleAccounts, AtomicLong::get)
                .description("accounts the last finished cycle read").register(r);
        Gauge.builder("kindly.cycle.last.finished", lastCycleFinished, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("when the last cycle finished, seconds since the epoch").register(r);
    }

    /** Entries the ledger has committed: one count per message decision or outcome. */
    public void recorded(List<EntryRow> entries) {
        if (registry() == Metrics.globalRegistry) {
            return; // metrics off: nothing shows them
        }
        for (EntryRow e : entries) {
            MessageKind kind = new MessageKind(Objects.requireNonNullElse(e.channel(), "none"),
                    Objects.requireNonNullElse(e.stage(), "none"), e.status(),
                    Objects.requireNonNullElse(e.reason(), "none"));
            // the counter is kept, not looked up in the registry per entry: that lookup built a meter id and
            // searched the registry for every message (the profile of issue 9)
            messages.computeIfAbsent(kind, k -> Counter.builder("kindly.messages")
                    .description("ledger entries by channel, stage, status and reason")
                    .tag("channel", k.channel()).tag("stage", k.stage()).tag("status", k.status())
                    .tag("reason", k.reason()).register(registry())).increment();
        }
    }

    private record MessageKind(String channel, String stage, String status, String reason) {
    }

    /** Inbound route configuration, on completion: one count per request, by endpoint (route) and HTTP status. */
    public void inboundAnswered(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Counter.builder("kindly.inbound.requests").description("inbound requests by endpoint and answer")
                .tag("endpoint", Objects.requireNonNullElse(exchange.getFromRouteId(), "unknown"))
                .tag("answer", String.valueOf(code == null ? 200 : code))
                .register(registry()).increment();
    }

    /** Route kindly-metrics-refresh: the figures that live in the ledger database. */
    public void refresh() {
        MeterRegistry r = registry();
        try (Connection c = ledger.getConnection()) {
            Map<String, Long> now = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select reason, count(*) from kindly_contact"
                    + " where status = 'DEFERRED' group by reason"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    now.put(Objects.requireNonNullElse(rs.getString(1), "none"), rs.getLong(2));
                }
            }
            now.keySet().forEach(reason -> backlog.computeIfAbsent(reason, k -> {
                AtomicLong held = new AtomicLong();
                Gauge.builder("kindly.deferred.backlog", held, AtomicLong::get)
                        .description("messages waiting (DEFERRED), by reason").tag("reason", k).register(r);
                return held;
            }));
            backlog.forEach((reason, held) -> held.set(now.getOrDefault(reason, 0L)));
            try (PreparedStatement ps = c.prepareStatement("select started_at_utc, finished_at_utc, accounts_read"
                    + " from kindly_cycle_run where finished_at_utc is not null order by finished_at_utc desc")) {
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Timestamp started = rs.getTimestamp(1);
                        Timestamp finished = rs.getTimestamp(2);
                        lastCycleMillis.set(finished.getTime() - started.getTime());
                        lastCycleAccounts.set(rs.getLong(3));
                        lastCycleFinished.set(finished.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC)
                                .toEpochMilli());
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("metrics: cannot read the deferred backlog and the last cycle from the ledger: {}",
                    e.getMessage());
        }
    }

    private double breakerState(String channel) {
        org.apache.camel.Route route = context.getRoute("kindly-channel-" + channel);
        ResilienceProcessor breaker = route == null ? null : route.filter("*").stream()
                .filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast).findFirst()
                .orElse(null);
        if (breaker == null) {
            return -1;
        }
        return switch (breaker.getCircuitBreakerState()) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            default -> 2;
        };
    }
}
