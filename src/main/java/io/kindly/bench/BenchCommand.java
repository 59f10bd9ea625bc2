package io.kindly.bench;

import io.kindly.app.ConfigLookup;
import io.kindly.cycle.Cycles;
import io.kindly.db.Databases;
import io.kindly.app.KindlyApp;
import io.kindly.app.KindlyConfiguration;
import io.kindly.app.KindlySettings;
import io.kindly.config.Settings;
import io.kindly.cli.ConfigOption;
import io.kindly.cli.Failures;
import io.kindly.domain.Channel;
import io.kindly.db.GroupCommit;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.apache.camel.spi.ShutdownStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code kindly bench}: one full reminder cycle of the shipped pipeline (the routes, templates and config in the
 * project folder, started as {@code once} starts them) over a synthetic loan book, against loopback gateways in a
 * child process, after an unmeasured warm-up cycle on a Kindly instance of its own, and the figures it gives. A
 * measurement, not a test: it asserts no timing. It does report loudly a reminder that reached a gateway twice, and
 * exits 1 then.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measure one full reminder cycle of the shipped pipeline over synthetic accounts, against "
                + "loopback gateway stubs in a child process, and print the figures.",
            "Databases: by default new H2 files in a temporary folder (deleted afterwards unless --keep). With a "
                + "PostgreSQL URL the bench uses the schema " + BenchDatabases.NAME + ", with MySQL/MariaDB the "
                + "database " + BenchDatabases.NAME + " (and " + BenchDatabases.WARMUP_NAME + " for the warm-up): it "
                + "DROPS AND CREATES that schema or database at the start, and touches nothing else on the server.",
            "Each channel's rate-per-second is raised to " + BenchOverrides.RATE + " (the shipped rates are a polite "
                + "default for real gateways)."})
public final class BenchCommand implements Callable<Integer> {
    private static final Duration BARE_MAX_TIME = Duration.ofSeconds(30);
    /**
     * Kindly's shutdown timeout when --max-seconds stops a cycle (config/application.properties gives 30 s, for a
     * daemon whose sends in hand must be recorded): sends not done by then are cut off, and left claimed for the
     * next run to settle, so that the bench ends close to its limit.
     */
    static final int STOP_TIMEOUT_SECONDS = 5;
    private static final long BARE_MIN_REQUESTS = 20_000;
    /**
     * The bare ledger loop at Kindly's best: about as many transactions at once as its group commit has under way
     * (one writer each for claims, outcomes and the two kinds of reads before rendering), each of 50 messages: between
     * the mean claim batches the bench sees at 128 and 384 threads (44 and 125), above its outcome batches (22 and 55).
     */
    private static final int BARE_LEDGER_WRITERS = 4;
    private static final int BARE_LEDGER_BATCH = 50;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "100000",
            description = "Synthetic accounts to seed (default: ${DEFAULT-VALUE}).")
    long accounts;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
            description = "Before the measured cycle, one unmeasured cycle over N accounts of its own, on a separate "
                    + "Kindly instance in this JVM (its own loan book and ledger: new H2 files, or the schema or "
                    + "database " + BenchDatabases.WARMUP_NAME + ") against the same stubs, so that the figures are "
                    + "not mostly the JIT compiler warming up; 0: none (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--ledger-url", paramLabel = "URL",
            description = "The ledger: a new H2 file (jdbc:h2:file:...), or PostgreSQL / MySQL / MariaDB, where the "
                    + "bench drops and recreates the schema or database " + BenchDatabases.NAME
                    + " (default: a new H2 file in a temporary folder).")
    String ledgerUrl;

    @Option(names = "--ledger-username", paramLabel = "USER", description = "The ledger's database user.")
    String ledgerUsername;

    @Option(names = "--ledger-password", paramLabel = "PASSWORD", description = "Its password (printed masked).")
    String ledgerPassword;

    @Option(names = "--source-url", paramLabel = "URL",
            description = "The loan book to seed: a new H2 file, or PostgreSQL (schema " + BenchDatabases.NAME
                    + ") (default: a new H2 file in the temporary folder).")
    String sourceUrl;

    @Option(names = "--source-username", paramLabel = "USER", description = "The loan book's database user.")
    String sourceUsername;

    @Option(names = "--source-password", paramLabel = "PASSWORD", description = "Its password (printed masked).")
    String sourcePassword;

    @Option(names = "--channels", paramLabel = "LIST", split = ",", defaultValue = "sms,inapp,email",
            description = "Channels to send on; the others are disabled (default: ${DEFAULT-VALUE}).")
    List<String> channels;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "64",
            description = "Worker threads of the cycle (pool kindlyCycle) and of the bare HTTP loop "
                    + "(default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "900",
            description = "Stop the cycle after this long and print what was measured (default: ${DEFAULT-VALUE}).")
    long maxSeconds;

    @Option(names = "--bare-requests", paramLabel = "N",
            description = "Requests of the bare HTTP client loop (default: as many as Kindly sent, at least "
                    + BARE_MIN_REQUESTS + "; at most 30 s in any case).")
    Long bareRequests;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this file as JSON.")
    Path json;

    @Option(names = "--keep", description = "Keep the temporary folder (H2 files, stub log) for a look afterwards.")
    boolean keep;

    private final PrintStream out;
    private BenchReport report;

    public BenchCommand() {
        this(System.out);
    }

    /** @param out where the progress lines and the table go (tests read them) */
    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    /** The figures of the last run, null before a run or when it failed before measuring. */
    BenchReport report() {
        return report;
    }

    @Override
    public Integer call() {
        Set<Channel> selected;
        try {
            selected = selectedChannels();
            if (accounts < 1 || threads < 1 || maxSeconds < 1) {
                throw new IllegalArgumentException("--accounts, --threads and --max-seconds must be at least 1");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup: a number of accounts, or 0 for no warm-up");
            }
            if (sourceUrl != null && !sourceUrl.startsWith("jdbc:h2:file:") && !sourceUrl.startsWith("jdbc:postgresql:")) {
                // the demo loan book's DDL (which the bench reuses) is written for H2 and PostgreSQL
                throw new IllegalArgumentException("--source-url: a new H2 file or PostgreSQL");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("kindly bench: " + e.getMessage());
            return 2;
        }
        Path work = null;
        BenchDatabases databases = new BenchDatabases();
        StubProcess stub = null;
        Main main = null;
        Thread onSignal = null;
        try {
            work = Files.createTempDirectory("kindly-bench-");
            BenchReport r = new BenchReport();
            r.accounts = accounts;
            r.threads = threads;
            r.maxSeconds = maxSeconds;
            out.println("Kindly bench: " + accounts + " accounts, channels " + selected + ", " + threads
                    + " threads; working folder " + work);

            BenchOverrides overrides = new BenchOverrides(selected);
            KindlySettings settings = settings(overrides.properties());
            r.channels = settings.channels().enabled();
            r.ledgerPoolSize = settings.ledger().poolSize();
            CycleMoment moment = CycleMoment.next(SyntheticLoanBook.ZONE,
                    settings.policy().holidays().getOrDefault("CN", Set.of()));

            BenchDatabases.Prepared ledger = databases.prepare("kindly.ledger", ledgerUrl, ledgerUsername,
                    ledgerPassword, work.resolve("ledger"));
            BenchDatabases.Prepared book = databases.prepare("kindly.source.sql", sourceUrl, sourceUsername,
                    sourcePassword, work.resolve("loanbook"));
            r.ledger = ledger.description();
            r.source = book.description();
            out.println("Ledger: " + r.ledger);
            out.println("Loan book: " + r.source);

            // the stub outlives a warm-up and the measured cycle, each of which may run to --max-seconds
            stub = StubProcess.start(maxSeconds * (warmup > 0 ? 2 : 1) + 600, work.resolve("stub-servers.log"));
            out.println("Stub servers: process " + stub.pid() + ", HTTP 127.0.0.1:" + stub.httpPort()
                    + ", SMTP 127.0.0.1:" + stub.smtpPort());
            out.println("Raised every channel's rate-per-second to " + BenchOverrides.RATE + " for the bench: the shipped value is a"
                    + " polite default for real gateways.");

            if (warmup > 0) {
                r.warmup = warmUp(databases, selected, settings, moment, stub, work);
            } else {
                out.println("No warm-up (--warmup 0): the figures include the JIT compiler's warming up.");
            }

            out.println("Seeding " + accounts + " accounts, business date " + moment.businessDate() + " ...");
            r.seeded = SyntheticLoanBook.seed(book.settings(), accounts, settings.cadence(), r.channels,
                    moment.businessDate());
            out.printf("Seeded in %.1f s (not part of the figures); %d messages planned%n",
                    r.seeded.took().toNanos() / 1e9, r.seeded.plannedTotal());

            overrides.databases(ledger.settings(), book.settings());
            overrides.gateways(stub.httpPort(), stub.smtpPort());
            overrides.workers(threads, freeLoopbackPort());
            r.overrides = overrides.printable();

            main = KindlyApp.newMain(config.dir(), overrides.properties());
            main.bind(KindlyConfiguration.CLOCK, moment.clockFromNow());
            long t0 = System.nanoTime();
            main.start();
            r.startup = Duration.ofNanos(System.nanoTime() - t0);
            Main running = main;
            onSignal = KindlyApp.stopOnSignal(running::stop);
            out.printf("Kindly started in %.1f s; running the cycle (at most %d s) ...%n",
                    r.startup.toNanos() / 1e9, maxSeconds);

            // the cycle, and what it cost this process (and the database server, when it runs on this machine)
            boolean localPostgres = PostgresServerCpu.applies(ledger.settings());
            ProcCpu.ticksPerSecond(); // asked of getconf now rather than during the cycle
            System.gc();
            PostgresTransactions.Counts pgBefore = PostgresTransactions.applies(ledger.settings())
                    ? PostgresTransactions.read(ledger.settings()) : null;
            StubCounts stubBefore = stub.counts();
            long checkoutsBefore = Databases.connectionCheckouts(Databases.LEDGER_POOL);
            GroupCommitFigures groups = GroupCommitFigures.of(main.getCamelContext());
            Map<String, GroupCommit.Stats> groupsBefore = groups.read();
            ProcCpu.Snapshot pgCpuBefore = localPostgres ? PostgresServerCpu.take() : null;
            AtomicReference<ProcCpu.Snapshot> pgCpuAfter = new AtomicReference<>();
            Runnable takeDatabaseCpu = () -> {
                if (localPostgres) {
                    // while Kindly's backends are still open: those that end with it would take their CPU time along
                    pgCpuAfter.compareAndSet(null, PostgresServerCpu.take());
                }
            };
            JvmGauges gauges = JvmGauges.start();
            CycleResult cycle = runCycle(main, moment, takeDatabaseCpu);
            takeDatabaseCpu.run();
            gauges.stop();
            r.cycleWall = cycle.wall();
            r.stoppedAtMaxSeconds = cycle.stopped();
            r.stopTook = cycle.stopTook();
            r.cycleFailure = cycle.failure();
            r.ledgerCheckouts = Databases.connectionCheckouts(Databases.LEDGER_POOL) - checkoutsBefore;
            r.groupCommit = GroupCommitFigures.minus(groups.read(), groupsBefore);
            r.cpuNanos = gauges.cpuNanos();
            r.jitMillis = gauges.jitMillis();
            r.jitCpuMillis = gauges.jitCpuMillis();
            r.peakHeapUsed = gauges.peakHeapUsedBytes();
            r.peakLiveAfterGc = gauges.peakLiveAfterGcBytes();
            r.collections = gauges.collections();
            r.peakRssKb = gauges.peakRssKb();
            r.rssSinceCycleStart = gauges.rssSinceCycleStart();
            if (localPostgres) {
                r.databaseServerCpuMs = ProcCpu.millisBetween(pgCpuBefore, pgCpuAfter.get());
            }
            main.stop();
            main = null;
            KindlyApp.forgetSignal(onSignal);
            onSignal = null;

            // what the gateways saw, what the ledger says
            r.stub = stub.counts();
            r.ledgerFigures = LedgerFigures.read(ledger.settings());
            if (pgBefore != null) {
                Thread.sleep(1_000); // Kindly's connections have closed; give their last counts a moment to land
                r.postgresTransactions = PostgresTransactions.read(ledger.settings()).minus(pgBefore);
            }

            long bareCount = bareRequests != null ? bareRequests : Math.max(r.sent(), BARE_MIN_REQUESTS);
            out.println("Bare HTTP client loop: up to " + bareCount + " requests, " + threads + " threads, at most "
                    + BARE_MAX_TIME.toSeconds() + " s ...");
            int bodyBytes = (int) Math.max(r.stub.sms().meanBytes(), 200);
            long cpuBeforeBare = JvmGauges.processCpuNanos();
            r.bare = BareHttpLoop.run("http://127.0.0.1:" + stub.httpPort() + GatewayStub.SMS_PATH, threads,
                    bareCount, BARE_MAX_TIME, bodyBytes);
            r.bareClientCpuMs = (JvmGauges.processCpuNanos() - cpuBeforeBare) / 1_000_000;
            StubCounts stubAfterBare = stub.counts();
            out.println("Bare ledger loop: up to " + bareCount + " messages, " + BARE_LEDGER_WRITERS + " writers, "
                    + BARE_LEDGER_BATCH + " per transaction, at most " + BARE_MAX_TIME.toSeconds() + " s ...");
            r.bareLedger = BareLedgerLoop.run(ledger.settings(), BARE_LEDGER_WRITERS, BARE_LEDGER_BATCH, bareCount,
                    BARE_MAX_TIME, bodyBytes);
            if (stubBefore.cpuMillis() >= 0) {
                r.stubCpuCycleMs = r.stub.cpuMillis() - stubBefore.cpuMillis();
                r.stubCpuBareMs = stubAfterBare.cpuMillis() - r.stub.cpuMillis();
            }

            r.stubPid = stub.pid();
            r.stubGone = stub.stop();
            stub = null;
            report = r;
            r.print(out);
            if (json != null) {
                r.writeJson(json);
                out.println("Figures written to " + json);
            }
            if (r.foundProblems()) {
                out.println();
                out.println("!!! The bench found messages sent twice or counts that disagree: see above.");
                return 1;
            }
            return 0;
        } catch (BenchDatabases.Refused e) {
            System.err.println("kindly bench: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Failures.report(e, System.err);
        } finally {
            if (main != null) {
                main.stop();
            }
            if (onSignal != null) {
                KindlyApp.forgetSignal(onSignal);
            }
            if (stub != null) {
                try {
                    stub.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            databases.close();
            if (work != null) {
                if (keep) {
                    out.println("Kept " + work);
                } else {
                    delete(work);
                }
            }
        }
    }

    /** How a cycle ended: its wall time, whether --max-seconds stopped it and how long the stop took, its error. */
    record CycleResult(Duration wall, boolean stopped, Duration stopTook, String failure) {
    }

    /** What the warm-up did; none of it is part of the figures. */
    record WarmUp(long accounts, long planned, long sent, long stubRequests, long duplicates, Duration took,
            Duration cycleWall, boolean stopped, String failure, long jitMillis, long cpuMillis) {
    }

    /**
     * One unmeasured cycle on a Kindly instance of its own (its own loan book and ledger), against the same stubs,
     * stopped afterwards: the JIT compiler, the class loading and the database's caches warm up on it instead of on
     * the measured cycle. The stubs' counts are reset afterwards (its messages have the same keys as the measured
     * cycle's, which is not a message sent twice), after a check that it sent nothing twice either.
     */
    private WarmUp warmUp(BenchDatabases databases, Set<Channel> selected, KindlySettings settings,
            CycleMoment moment, StubProcess stub, Path work) throws Exception {
        long started = System.nanoTime();
        long cpuBefore = JvmGauges.processCpuNanos();
        long jitBefore = JvmGauges.compilationMillis();
        BenchDatabases.Prepared ledger = databases.prepare("kindly.ledger", serverOnly(ledgerUrl), ledgerUsername,
                ledgerPassword, work.resolve("warmup-ledger"), BenchDatabases.WARMUP_NAME);
        BenchDatabases.Prepared book = databases.prepare("kindly.source.sql", serverOnly(sourceUrl), sourceUsername,
                sourcePassword, work.resolve("warmup-loanbook"), BenchDatabases.WARMUP_NAME);
        out.println("Warm-up: " + warmup + " accounts on a separate Kindly instance, not measured; its ledger: "
                + ledger.description() + "; its loan book: " + book.description());
        SyntheticLoanBook.Seeded seeded = SyntheticLoanBook.seed(book.settings(), warmup, settings.cadence(),
                settings.channels().enabled(), moment.businessDate());
        BenchOverrides overrides = new BenchOverrides(selected);
        overrides.databases(ledger.settings(), book.settings());
        overrides.gateways(stub.httpPort(), stub.smtpPort());
        overrides.workers(threads, freeLoopbackPort());
        Main main = KindlyApp.newMain(config.dir(), overrides.properties());
        main.bind(KindlyConfiguration.CLOCK, moment.clockFromNow());
        Thread onSignal = null;
        CycleResult cycle;
        try {
            main.start();
            onSignal = KindlyApp.stopOnSignal(main::stop);
            out.printf("Warm-up: Kindly started; running its cycle (%d messages planned, at most %d s) ...%n",
                    seeded.plannedTotal(), maxSeconds);
            cycle = runCycle(main, moment, null);
        } finally {
            main.stop();
            if (onSignal != null) {
                KindlyApp.forgetSignal(onSignal);
            }
        }
        StubCounts seen = stub.resetCounts();
        long sent = LedgerFigures.read(ledger.settings()).count("SENT");
        long jitAfter = JvmGauges.compilationMillis();
        WarmUp w = new WarmUp(warmup, seeded.plannedTotal(), sent, seen.sms().requests() + seen.inapp().requests()
                + seen.email().requests(), seen.duplicates(), Duration.ofNanos(System.nanoTime() - started),
                cycle.wall(), cycle.stopped(), cycle.failure(), jitBefore < 0 ? -1 : jitAfter - jitBefore,
                (JvmGauges.processCpuNanos() - cpuBefore) / 1_000_000);
        out.printf(Locale.ROOT, "Warm-up ran: %d accounts, %d messages sent, %.1f s (cycle %.1f s%s)%s; JIT %d ms,"
                + " CPU %d ms. Its figures are not counted; the stub counts start again from zero.%n", w.accounts(),
                w.sent(), w.took().toNanos() / 1e9, w.cycleWall().toNanos() / 1e9,
                w.stopped() ? ", STOPPED at --max-seconds" : "", w.failure() == null ? "" : "; it ended with "
                + w.failure(), w.jitMillis(), w.cpuMillis());
        if (w.duplicates() > 0) {
            out.println("!!! The warm-up sent " + w.duplicates() + " messages twice: " + String.join(", ",
                    seen.sms().duplicateSamples()) + " " + String.join(", ", seen.inapp().duplicateSamples()) + " "
                    + String.join(", ", seen.email().duplicateSamples()));
        }
        return w;
    }

    /** The warm-up's database on the same server as the measured one's; null (a new H2 file) for H2. */
    private static String serverOnly(String url) {
        return url == null || url.startsWith("jdbc:h2:") ? null : url;
    }

    /**
     * Runs the cycle as {@code once --date} does, on a thread of its own so that it can be stopped at --max-seconds:
     * Kindly is then stopped as on SIGTERM (it takes no new accounts; sends in hand finish and are recorded), but
     * with a shutdown timeout of {@value #STOP_TIMEOUT_SECONDS} s, and what was done is measured.
     *
     * @param beforeStop run just before Kindly is stopped at --max-seconds (null: nothing)
     */
    private CycleResult runCycle(Main main, CycleMoment moment, Runnable beforeStop) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor(t -> {
            Thread thread = new Thread(t, "bench-cycle");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        boolean stopped = false;
        Duration stopTook = null;
        try {
            Future<Exchange> cycle = runner.submit(() -> main.getCamelContext().createProducerTemplate()
                    .request("direct:kindly-cycle", ex -> {
                        ex.getMessage().setHeader(Cycles.TRIGGER, "bench");
                        ex.getMessage().setHeader(Cycles.BUSINESS_DATE, moment.businessDate().toString());
                    }));
            Exchange result;
            try {
                result = cycle.get(maxSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                stopped = true;
                ShutdownStrategy shutdown = main.getCamelContext().getShutdownStrategy();
                out.println("The cycle ran for --max-seconds " + maxSeconds + " s: stopping Kindly with a shutdown"
                        + " timeout of " + STOP_TIMEOUT_SECONDS + " s (configured: " + shutdown.getTimeout() + " "
                        + shutdown.getTimeUnit().toString().toLowerCase(Locale.ROOT) + "); the figures are what it"
                        + " did until then.");
                if (beforeStop != null) {
                    beforeStop.run();
                }
                long stopping = System.nanoTime();
                shutdown.setTimeUnit(TimeUnit.SECONDS);
                shutdown.setTimeout(STOP_TIMEOUT_SECONDS);
                shutdown.setShutdownNowOnTimeout(true);
                main.stop();
                try {
                    result = cycle.get(STOP_TIMEOUT_SECONDS * 2L, TimeUnit.SECONDS);
                } catch (TimeoutException stillRunning) {
                    result = null;
                }
                stopTook = Duration.ofNanos(System.nanoTime() - stopping);
                out.printf(Locale.ROOT, "Kindly stopped %.1f s after --max-seconds.%n", stopTook.toNanos() / 1e9);
            }
            String failure = result != null && result.getException() != null ? rootMessage(result.getException())
                    : null;
            return new CycleResult(Duration.ofNanos(System.nanoTime() - started), stopped, stopTook, failure);
        } finally {
            runner.shutdownNow();
        }
    }

    /** Camel wraps the cause in split and exchange exceptions whose text runs to several lines. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private Set<Channel> selectedChannels() {
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        for (String id : channels) {
            set.add(Channel.byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "--channels: unknown channel '" + id + "' (sms, inapp, email)")));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("--channels: name at least one channel");
        }
        return set;
    }

    /** The settings as the run will read them: the stages and holidays decide the book and the date. */
    private KindlySettings settings(Map<String, String> overrides) {
        try (ConfigLookup lookup = ConfigLookup.open(config.dir(), overrides)) {
            return KindlySettings.read(new Settings(lookup::get, lookup.files()));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            out.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
