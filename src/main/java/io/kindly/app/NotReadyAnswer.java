package io.kindly.app;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What Kindly's HTTP server answers on an inbound path that has no route: while Kindly is not ready (its routes are
 * still starting, or stopped), 503 with a JSON reason and Retry-After, so a gateway calling back in the seconds after
 * start-up tries again instead of reading Vert.x's {@code 404 <html>Resource not found</html>} as final; once ready, a
 * JSON 404. Installed on the server's router as its last route, as soon as the server is up and before any route
 * starts (the event CamelContextRoutesStarting); the inbound routes, added as they start, come before it.
 */
final class NotReadyAnswer extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(NotReadyAnswer.class);

    private final CamelContext context;
    private final Readiness readiness;
    private final int port;

    NotReadyAnswer(CamelContext context, Readiness readiness, int port) {
        this.context = context;
        this.readiness = readiness;
        this.port = port;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextRoutesStartingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.warn("Kindly's HTTP server on port {} has no router yet: inbound requests before start-up is complete"
                    + " will be answered 404", port);
            return;
        }
        router.route().last().blockingHandler(ctx -> {
            String path = ctx.request().path();
            if (!path.startsWith("/inbound/") && !path.startsWith("/optout/")) {
                ctx.next();
                return;
            }
            Optional<String> why = readiness.state().notReady();
            ctx.response().putHeader("Content-Type", "application/json; charset=UTF-8");
            if (why.isPresent()) {
                ctx.response().setStatusCode(503).putHeader("Retry-After", "5")
                        .end("{\"error\":\"Kindly is not ready (" + why.get().replace("\"", "'")
                                + "); try again shortly\"}");
            } else {
                ctx.response().setStatusCode(404).end("{\"error\":\"no such endpoint\"}");
            }
        }, false);
    }
}
