package io.kindly.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.DatabaseSettings;
import io.kindly.config.ConfigException;
import io.kindly.ledger.LedgerCheckpoints;
import io.kindly.ledger.LedgerEvidence;
import io.kindly.ledger.LedgerExport;
import io.kindly.ledger.LedgerVerify;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Reading the ledger. Runs without starting any route, so it never sends anything. */
@Command(name = "ledger", description = "Read the ledger of decisions and sends.",
        subcommands = {LedgerCommand.Export.class, LedgerCommand.Verify.class, LedgerCommand.Checkpoint.class,
                LedgerCommand.Evidence.class})
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

        @Option(names = "--format", required = true, paramLabel = "csv|json", description = "csv (a cell beginning"
                + " with =, +, -, @, tab or CR is written with a leading apostrophe, so a spreadsheet shows it as text)"
                + " or json (as stored)")
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

    @Command(name = "verify", description = "Check every loan's hash chain against the entries, their heads and the"
            + " newest signed checkpoint. Exit code 0: intact; 1: the first broken entry of each chain, and how.")
    public static final class Verify implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() {
            Optional<LedgerAccess.Access> found = LedgerAccess.accessOrExplain(config.dir());
            if (found.isEmpty()) {
                return Failures.EXIT_CONFIG;
            }
            LedgerAccess.Access access = found.get();
            Optional<LedgerCheckpoints.Checkpoint> checkpoint;
            try (HikariDataSource ds = LedgerAccess.forReading(access.db())) {
                try {
                    checkpoint = new LedgerCheckpoints(ds, access.checkpoints(), Clock.systemUTC()).latest();
                } catch (IllegalStateException e) {
                    System.out.println("Ledger BROKEN: " + e.getMessage());
                    return 1;
                }
                LedgerVerify.Report report = new LedgerVerify(ds).verify(checkpoint);
                String anchor = report.anchoredBy() == null
                        ? "no checkpoint yet (in " + access.checkpoints().dir() + "): a removed tail is found only"
                        + " against the chain heads" : "checked against checkpoint " + report.anchoredBy();
                if (report.intact()) {
                    System.out.println("Ledger intact: " + report.entries() + " entries in " + report.chains()
                            + " chains; " + anchor);
                    return 0;
                }
                System.out.println("Ledger BROKEN: " + report.breaks().size() + " chain(s) broken, first at "
                        + report.breaks().get(0) + "; " + anchor);
                report.breaks().forEach(b -> System.out.println("  " + b));
                return 1;
            } catch (RuntimeException | SQLException e) {
                System.err.println("Cannot read the ledger at " + access.db().safeUrl() + ": "
                        + LedgerAccess.explain(e));
                return 2;
            }
        }
    }

    @Command(name = "checkpoint", description = "Write a signed checkpoint of every chain's head now (the daemon"
            + " writes one every kindly.ledger.checkpoint-minutes).")
    public static final class Checkpoint implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() {
            Optional<LedgerAccess.Access> found = LedgerAccess.accessOrExplain(config.dir());
            if (found.isEmpty()) {
                return Failures.EXIT_CONFIG;
            }
            LedgerAccess.Access access = found.get();
            try (HikariDataSource ds = LedgerAccess.forReading(access.db())) {
                System.out.println("Checkpoint written: "
                        + new LedgerCheckpoints(ds, access.checkpoints(), Clock.systemUTC()).write());
                return 0;
            } catch (RuntimeException e) {
                System.err.println("Cannot checkpoint the ledger at " + access.db().safeUrl() + ": "
                        + LedgerAccess.explain(e));
                return 1;
            }
        }
    }

    @Command(name = "evidence", description = "Write one loan's evidence bundle: evidence.json, evidence.html, verify.py"
            + " and SHA256SUMS (README.md, \"Evidence for one loan\").")
    public static final class Evidence implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--loan", required = true, paramLabel = "ID", description = "The loan.")
        String loan;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the bundle in.")
        Path out;

        @Override
        public Integer call() {
            Optional<LedgerAccess.Access> found = LedgerAccess.accessOrExplain(config.dir());
            if (found.isEmpty()) {
                return Failures.EXIT_CONFIG;
            }
            LedgerAccess.Access access = found.get();
            try (HikariDataSource ds = LedgerAccess.forReading(access.db())) {
                Optional<LedgerCheckpoints.Checkpoint> checkpoint;
                try {
                    checkpoint = new LedgerCheckpoints(ds, access.checkpoints(), Clock.systemUTC()).latest();
                } catch (IllegalStateException e) {
                    System.err.println("The newest checkpoint cannot be used: " + e.getMessage());
                    return 1;
                }
                LedgerEvidence.Bundle bundle = new LedgerEvidence(ds).write(loan, out, checkpoint,
                        java.time.Instant.now());
                if (bundle.entries() == 0) {
                    System.err.println("The ledger has no entry for loan " + loan + "; nothing written.");
                    return 1;
                }
                System.out.println(bundle.entries() + " entries of loan " + loan + " written to " + out + ": "
                        + String.join(", ", bundle.files().stream().map(f -> f.getFileName().toString()).toList()));
                return 0;
            } catch (RuntimeException | SQLException | java.io.IOException e) {
                System.err.println("Cannot write the evidence from the ledger at " + access.db().safeUrl() + ": "
                        + LedgerAccess.explain(e));
                return 2;
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
