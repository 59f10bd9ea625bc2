package io.kindly.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.Kindly;
import io.kindly.app.DatabaseSettings;
import io.kindly.app.Databases;
import io.kindly.app.config.ConfigFiles;
import io.kindly.app.config.Settings;
import io.kindly.ledger.LedgerExport;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** Reading the ledger. Runs without starting any route, so it never sends anything. */
@Command(name = "ledger", description = "Read the ledger of decisions and sends.",
        subcommands = {LedgerCommand.Export.class})
public final class LedgerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Say what to do with the ledger, e.g.: ledger export --format csv");
        return 2;
    }

    @Command(name = "export", description = "Print ledger entries as CSV or JSON, oldest first.")
    public static final class Export implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--format", required = true, paramLabel = "csv|json", description = "csv or json")
        LedgerExport.Format format;

        @Option(names = "--loan", paramLabel = "ID", description = "Only this loan's entries.")
        String loan;

        @Option(names = "--run", paramLabel = "ID", description = "Only this cycle run's entries.")
        String run;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
        Path out;

        @Override
        public Integer call() throws Exception {
            DatabaseSettings db;
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                ConfigFiles files = ConfigFiles.in(config.dir());
                camel.getPropertiesComponent().setEncoding("UTF-8");
                camel.getPropertiesComponent().setLocation(files.camelLocations());
                camel.build();
                Settings s = new Settings(camel.getPropertiesComponent()::resolveProperty, files);
                db = DatabaseSettings.read(s, "kindly.ledger", "jdbc:h2:file:./data/kindly-ledger", 2);
                if (!s.problems().stream().filter(p -> p.key().startsWith("kindly.ledger.")).toList().isEmpty()) {
                    System.err.println("Kindly cannot read the ledger settings: " + s.problems());
                    return Kindly.EXIT_CONFIG;
                }
            }
            // on H2, never create an empty database by reading one that is not there
            String url = db.url().startsWith("jdbc:h2:") && !db.url().contains("IFEXISTS") ? db.url() + ";IFEXISTS=TRUE"
                    : db.url();
            DatabaseSettings reading = new DatabaseSettings(db.prefix(), url, db.username(), db.password(), 1);
            try (HikariDataSource ds = Databases.pool(reading, "kindly-ledger-export", false);
                    OutputStream target = out == null ? System.out : new BufferedOutputStream(Files.newOutputStream(out))) {
                long n = new LedgerExport(ds).write(format, loan, run, target);
                target.flush();
                if (out != null) {
                    System.err.println(n + " ledger entries written to " + out);
                }
                return 0;
            } catch (RuntimeException | SQLException e) {
                System.err.println("Cannot read the ledger at " + db.safeUrl() + ": " + explain(e));
                return 1;
            }
        }

        private static String explain(Exception e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("90020") || message.contains("already in use")) {
                return "the embedded H2 ledger is open in a running Kindly. Stop it first, or use PostgreSQL or "
                        + "MySQL for a ledger that can be read while Kindly runs.";
            }
            if (message.contains("90146") || message.contains("not found")) {
                return "there is no ledger yet: run a cycle first (java -jar target/kindly.jar once).";
            }
            return message;
        }
    }
}
