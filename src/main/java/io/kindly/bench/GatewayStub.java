package io.kindly.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS gateway and the lender's in-app webhook as the bench's loopback stand-ins: they accept every request at
 * once, answer 200 with the id the shipped config reads ({@code /messageId} for SMS, {@code /id} for in-app; see
 * config/channels.properties), and count requests and idempotency keys.
 *
 * <p>Vert.x (already on Kindly's classpath through camel-platform-http) on two event loops: tens of thousands of
 * requests a second on loopback, so the stub is never what limits the cycle.
 */
final class GatewayStub {
    static final String SMS_PATH = "/sms";
    static final String INAPP_PATH = "/inapp";

    final KeyTally sms = new KeyTally();
    final KeyTally inapp = new KeyTally();
    private final AtomicLong ids = new AtomicLong();
    private final Vertx vertx;
    private final int port;

    private GatewayStub(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    static GatewayStub start(int port) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        GatewayStub stub = new GatewayStub(vertx, port);
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                                .setTcpNoDelay(true).setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS))
                        .requestHandler(stub::handle)
                        .listen()
                        .<Void>mapEmpty()
                        .onComplete(started);
            }
        }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return stub;
    }

    int port() {
        return port;
    }

    private void handle(HttpServerRequest req) {
        KeyTally tally = switch (req.path()) {
            case SMS_PATH -> sms;
            case INAPP_PATH -> inapp;
            default -> null;
        };
        if (tally == null || !"POST".equals(req.method().name())) {
            req.response().setStatusCode(404).end();
            return;
        }
        String key = req.getHeader("Idempotency-Key");
        req.body().onComplete(body -> {
            if (body.failed()) {
                req.response().setStatusCode(400).end();
                return;
            }
            tally.record(key, body.result().length());
            String id = "stub-" + ids.incrementAndGet();
            req.response().putHeader("Content-Type", "application/json")
                    .end(tally == sms ? "{\"messageId\":\"" + id + "\",\"status\":\"accepted\"}" : "{\"id\":\"" + id + "\"}");
        });
    }

    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
