package io.kindly.app;

import io.kindly.inbound.InboundException;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.service.ServiceHelper;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Whether Kindly can do its work now: its routes are started and the ledger and the lender's database answer. The
 * three are readiness checks on the management server ({@code /observe/health/ready}), and the inbound routes ask
 * {@link #admit} first (route configuration kindly-inbound-errors): until Kindly is ready a gateway is told 503 with a
 * reason and Retry-After, which it retries, rather than a 404 or a failure it may take as final.
 *
 * <p>A database is asked on a thread of its own with a short deadline, so a server that does not answer makes the
 * check DOWN in seconds, not after the pool's ten-second wait. The answer is kept for two seconds, so a burst of
 * requests costs one probe.
 */
public final class Readiness {
    static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final Duration KEPT = Duration.ofSeconds(2);

    /** Why Kindly is not ready, or empty when it is. */
    public record State(Instant at, Optional<String> notReady) {
    }

    private final CamelContext context;
    private final Map<String, DataSource> databases;
    private final Clock clock;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kindly-readiness");
        t.setDaemon(true);
        return t;
    });
    private volatile State last;

    /** @param databases by what the check is called: "ledger", "loan book" (absent when accounts come from CSV) */
    Readiness(CamelContext context, Map<String, DataSource> databases, Clock clock) {
        this.context = context;
        this.databases = databases;
        this.clock = clock;
    }

    /** Registers the readiness checks the management server reports. */
    void register() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(new Check("kindly-routes", this::routesDown));
        databases.forEach((name, ds) -> registry.register(new Check("kindly-" + name.replace(' ', '-'),
                () -> databaseDown(name, ds))));
    }

    /** Route step for the inbound endpoints: refuses with 503 until Kindly is ready. */
    public void admit() throws InboundException {
        Optional<String> why = state().notReady();
        if (why.isPresent()) {
            throw InboundException.unavailable("Kindly is not ready (" + why.get() + "); try again shortly");
        }
    }

    State state() {
        State s = last;
        Instant now = clock.instant();
        if (s == null || s.at().plus(KEPT).isBefore(now)) {
            List<String> down = new ArrayList<>();
            routesDown().ifPresent(down::add);
            databases.forEach((name, ds) -> databaseDown(name, ds).ifPresent(down::add));
            s = new State(now, down.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", down)));
            last = s;
        }
        return s;
    }

    private Optional<String> routesDown() {
        if (!context.isStarted()) {
            return Optional.of("starting");
        }
        for (Route route : context.getRoutes()) {
            if (route.isAutoStartup() && !ServiceHelper.isStarted(route.getConsumer())) {
                return Optional.of("route " + route.getRouteId() + " is not started");
            }
        }
        return Optional.empty();
    }

    private Optional<String> databaseDown(String name, DataSource ds) {
        Future<Boolean> answer = probes.submit(() -> {
            try (Connection c = ds.getConnection()) {
                return c.isValid((int) DEADLINE.toSeconds());
            }
        });
        try {
            return answer.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS) ? Optional.empty()
                    : Optional.of("the " + name + " database does not answer");
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            return Optional.of("the " + name + " database does not answer within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            // the driver's message names the server, never a row
            return Optional.of("the " + name + " database cannot be reached: " + e.getCause().getMessage());
        }
    }

    void close() {
        probes.shutdownNow();
    }

    /** One readiness check, DOWN with the reason the probe gives. */
    private static final class Check extends AbstractHealthCheck {
        private final java.util.function.Supplier<Optional<String>> probe;

        Check(String id, java.util.function.Supplier<Optional<String>> probe) {
            super("kindly", id);
            this.probe = probe;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Optional<String> down = probe.get();
            if (down.isPresent()) {
                builder.down().message(down.get());
            } else {
                builder.up();
            }
        }
    }
}
