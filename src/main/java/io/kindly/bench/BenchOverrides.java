package io.kindly.bench;

import io.kindly.db.DatabaseSettings;
import io.kindly.domain.Channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the bench changes in Kindly's configuration, as override properties on top of {@code config/} (the way
 * {@code once} switches the schedule off), each for a reason given here. The bench prints them all.
 */
final class BenchOverrides {
    /** The highest rate the settings accept (1 to 100,000 a second): far above what a cycle reaches, so no throttle waits. */
    static final String RATE = "100000";

    private final Map<String, String> properties = new LinkedHashMap<>();

    /** What decides which messages are planned: known before the databases and stubs are. */
    BenchOverrides(Set<Channel> channels) {
        // no demo book, no demo sinks; no schedule: the bench starts the one cycle itself
        properties.put("kindly.demo.enabled", "false");
        properties.put("kindly.cycle.schedule-enabled", "false");
        for (Channel c : Channel.values()) {
            if (!channels.contains(c)) {
                properties.put("kindly.channel." + c.id() + ".enabled", "false");
            }
        }
    }

    void databases(DatabaseSettings ledger, DatabaseSettings book) {
        properties.put("kindly.ledger.url", ledger.url());
        properties.put("kindly.ledger.username", ledger.username());
        properties.put("kindly.ledger.password", ledger.password());
        properties.put("kindly.source.type", "sql");
        properties.put("kindly.source.sql.url", book.url());
        properties.put("kindly.source.sql.username", book.username());
        properties.put("kindly.source.sql.password", book.password());
    }

    /** Every channel at the stubs, and no longer held to the polite rate the shipped config asks of real gateways. */
    void gateways(int httpPort, int smtpPort) {
        for (Channel c : Channel.values()) {
            properties.put("kindly.channel." + c.id() + ".rate-per-second", RATE);
        }
        properties.put("kindly.channel.sms.url", "http://127.0.0.1:" + httpPort + GatewayStub.SMS_PATH);
        properties.put("kindly.channel.inapp.url", "http://127.0.0.1:" + httpPort + GatewayStub.INAPP_PATH);
        properties.put("kindly.channel.email.uri", "smtp://127.0.0.1:" + smtpPort + "?connectionTimeout=10000");
    }

    /**
     * @param serverPort Kindly's own HTTP server cannot be switched off (the routes in routes/inbound need it: without
     *                   it start-up fails with "No PlatformHttpEngine"), so it listens on a free loopback port nobody
     *                   calls
     */
    void workers(int threads, int serverPort) {
        properties.put("camel.server.port", String.valueOf(serverPort));
        // two instances in one JVM (warm-up, measured), and perhaps a daemon on this machine: no management port
        properties.put("camel.management.enabled", "false");
        properties.put("camel.threadpool.config[kindlyCycle].pool-size", String.valueOf(threads));
        properties.put("camel.threadpool.config[kindlyCycle].max-pool-size", String.valueOf(threads));
        // the shipped ratio: a queue of eight accounts per worker before the reader runs one itself
        properties.put("camel.threadpool.config[kindlyCycle].max-queue-size", String.valueOf(threads * 8));
        // the HTTP client's pool must not hold the workers below --threads (shipped: 50 in all, 20 per gateway)
        properties.put("camel.component.http.max-total-connections", String.valueOf(Math.max(50, threads * 2)));
        properties.put("camel.component.http.connections-per-route", String.valueOf(Math.max(20, threads)));
    }

    Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** In the order set, passwords masked: for the output. */
    Map<String, String> printable() {
        Map<String, String> m = new LinkedHashMap<>();
        properties.forEach((k, v) -> m.put(k, k.endsWith("password") && !v.isEmpty() ? "***" : v));
        return m;
    }
}
