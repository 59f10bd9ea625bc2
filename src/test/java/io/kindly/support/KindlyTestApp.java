package io.kindly.support;

import io.kindly.cycle.Cycles;
import io.kindly.app.KindlyApp;
import io.kindly.app.KindlyConfiguration;
import io.kindly.app.KindlySettings;
import io.kindly.cycle.CycleSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Kindly as the command line starts it (the shipped {@code config/}, {@code routes/} and {@code templates/}), with
 * the databases and outbox moved to a test folder, the schedule off, and whatever else a test overrides.
 */
public final class KindlyTestApp implements AutoCloseable {
    private final Main main;

    private KindlyTestApp(Main main) {
        this.main = main;
    }

    public static Builder in(Path dataDir) {
        return new Builder(dataDir);
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Clock clock;
        private Path configDir = Path.of("config");

        Builder(Path dataDir) {
            properties.put("kindly.ledger.url", "jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath());
            properties.put("kindly.source.sql.url", "jdbc:h2:file:" + dataDir.resolve("loanbook").toAbsolutePath());
            properties.put("kindly.demo.outbox", dataDir.resolve("outbox").toString());
            properties.put("kindly.ledger.checkpoint-dir", dataDir.resolve("checkpoints").toString());
            properties.put("kindly.demo.smtp-port", String.valueOf(Ports.free()));
            properties.put("kindly.source.csv.directory", dataDir.resolve("inbox").toString());
            properties.put("camel.server.port", String.valueOf(Ports.free()));
            properties.put("camel.management.port", String.valueOf(Ports.free()));
            properties.put("kindly.cycle.schedule-enabled", "false");
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder clock(Clock fixed) {
            this.clock = fixed;
            return this;
        }

        public Builder config(Path dir) {
            this.configDir = dir;
            return this;
        }

        public KindlyTestApp start() {
            Main main = KindlyApp.newMain(configDir, properties);
            if (clock != null) {
                main.bind(KindlyConfiguration.CLOCK, clock);
            }
            try {
                main.start();
            } catch (RuntimeException e) {
                main.stop();
                throw e;
            }
            return new KindlyTestApp(main);
        }
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public KindlySettings settings() {
        return camel().getRegistry().lookupByNameAndType("kindlySettings", KindlySettings.class);
    }

    public DataSource ledgerDataSource() {
        return camel().getRegistry().lookupByNameAndType("ledgerDataSource", DataSource.class);
    }

    /** Runs one cycle for the date, as the {@code once} command does, and returns its summary. */
    public CycleSummary runCycle(LocalDate date) {
        Exchange result = camel().createProducerTemplate().request("direct:kindly-cycle", ex -> {
            ex.getMessage().setHeader(Cycles.TRIGGER, "test");
            ex.getMessage().setHeader(Cycles.BUSINESS_DATE, date.toString());
        });
        if (result.getException() != null) {
            throw new AssertionError("the cycle failed", result.getException());
        }
        return result.getMessage().getBody(CycleSummary.class);
    }

    /** Runs only the release of deferred messages whose time has come, as the release schedule does. */
    public CycleSummary runRelease() {
        Exchange result = camel().createProducerTemplate().request("direct:kindly-release-run", ex ->
                ex.getMessage().setHeader(Cycles.TRIGGER, "release"));
        if (result.getException() != null) {
            throw new AssertionError("the release failed", result.getException());
        }
        return result.getMessage().getBody(CycleSummary.class);
    }

    @Override
    public void close() {
        main.stop();
    }
}
