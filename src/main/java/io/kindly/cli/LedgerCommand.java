package io.kindly.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.config.ConfigException;
import io.kindly.ledger.LedgerExport;
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
            try {
                db = LedgerAccess.settings(config.dir());
            } catch (ConfigException e) {
                System.err.println("Kindly cannot read the ledger settings: " + e.getMessage());
                return Failures.EXIT_CONFIG;
            }
            try (HikariDataSource ds = LedgerAccess.forReading(db);
                    OutputStream target = out == null ? unclosable(System.out)
                            : new BufferedOutputStream(Files.newOutputStream(out))) {
                long n = new LedgerExport(ds).write(format, loan, run, target);
                target.flush();
                if (out != null) {
                    System.err.println(n + " ledger entries written to " + out);
                }
                return 0;
            } catch (RuntimeException | SQLException e) {
                System.err.println("Cannot read the ledger at " + db.safeUrl() + ": " + LedgerAccess.explain(e));
                return 1;
            }
        }
    }

    /** Standard output stays open after an export (the caller may print more). */
    static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws java.io.IOException {
                flush();
            }
        };
    }
}
