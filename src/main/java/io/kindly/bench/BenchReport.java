package io.kindly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kindly.domain.Channel;
import io.kindly.db.GroupCommit;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one bench run measured, printed as a table and optionally written as JSON. Every figure is a measurement of
 * this run on this machine; nothing here is judged against a target.
 */
final class BenchReport {
    // the run
    long accounts;
    int threads;
    int ledgerPoolSize;
    Set<Channel> channels;
    long maxSeconds;
    String ledger;
    String source;
    Map<String, String> overrides;
    SyntheticLoanBook.Seeded seeded;
    Duration startup;
    /** The unmeasured warm-up cycle, null when --warmup 0. */
    BenchCommand.WarmUp warmup;

    // the cycle
    Duration cycleWall;
    boolean stoppedAtMaxSeconds;
    /** From the stop at --max-seconds to Kindly stopped; null when the cycle ended on its own. */
    Duration stopTook;
    String cycleFailure;
    LedgerFigures ledgerFigures;
    long cpuNanos;
    /** The JIT compiler's time during the cycle, -1 when the JVM does not say. */
    long jitMillis = -1;
    /** The CPU time of the JIT compiler's threads during the cycle, -1 where /proc is not there. */
    long jitCpuMillis = -1;
    /** The CPU time of the postgres processes on this machine during the cycle; -1 when not measured. */
    long databaseServerCpuMs = -1;
    /** Batches and requests of each kind of grouped ledger work during the cycle. */
    Map<String, GroupCommit.Stats> groupCommit = Map.of();
    long peakHeapUsed;
    long peakLiveAfterGc;
    long collections;
    long peakRssKb;
    boolean rssSinceCycleStart;
    long ledgerCheckouts;
    PostgresTransactions.Counts postgresTransactions;
    StubCounts stub;
    /** The stub process's CPU time during the cycle and during the bare loop, -1 when unknown. */
    long stubCpuCycleMs = -1;
    long stubCpuBareMs = -1;
    BareHttpLoop.Result bare;
    /** This JVM's CPU time during the bare HTTP loop (the client's side of it), -1 when unknown. */
    long bareClientCpuMs = -1;
    BareLedgerLoop.Result bareLedger;
    long stubPid;
    boolean stubGone;

    long sent(Channel c) {
        return ledgerFigures.count(c, "SENT");
    }

    long sent() {
        return ledgerFigures.count("SENT");
    }

    /** Sent messages over the time from the first claim to the last recorded send. */
    double messagesPerSecond() {
        Duration phase = ledgerFigures.sendingPhase();
        return phase == null || phase.isZero() ? 0 : sent() / (phase.toNanos() / 1e9);
    }

    /**
     * The channels whose stub count differs from the ledger's SENT count. When --max-seconds stopped the cycle, sends
     * cut off by the short shutdown may have reached the stub without their outcome recorded (left CLAIMED, or
     * DEFERRED or UNKNOWN: the next run settles them with the same key), and are allowed for.
     */
    List<Channel> stubMismatches() {
        List<Channel> wrong = new ArrayList<>();
        for (Channel c : Channel.values()) {
            StubCounts.Tally t = stub.of(c);
            long keyed = t.requests() - t.unkeyed();
            boolean ok = stoppedAtMaxSeconds
                    ? keyed == t.distinctKeys() && keyed >= sent(c) && keyed <= sent(c) + unsettled(c)
                    : keyed == sent(c) && t.distinctKeys() == sent(c);
            if (!ok) {
                wrong.add(c);
            }
        }
        return wrong;
    }

    /** Contacts of a channel whose send may have reached the gateway without a recorded SENT. */
    long unsettled(Channel c) {
        return ledgerFigures.count(c, "CLAIMED") + ledgerFigures.count(c, "DEFERRED") + ledgerFigures.count(c, "UNKNOWN");
    }

    /** Messages the stubs received beyond the ledger's SENT (only after a stop at --max-seconds). */
    long unrecordedAtStub() {
        long n = 0;
        for (Channel c : Channel.values()) {
            n += stub.of(c).distinctKeys() - sent(c);
        }
        return n;
    }

    /** True when the run found something wrong in Kindly: a message sent twice, or the stub and the ledger differ. */
    boolean foundProblems() {
        return stub.duplicates() > 0 || !stubMismatches().isEmpty() || warmup != null && warmup.duplicates() > 0;
    }

    void print(PrintStream out) {
        Runtime rt = Runtime.getRuntime();
        out.println();
        out.println("Kindly bench: one reminder cycle of the shipped pipeline");
        row(out, "machine", rt.availableProcessors() + " cores, Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "), max heap " + mib(rt.maxMemory()) + " (" + xmx() + ")");
        row(out, "ledger", ledger);
        row(out, "loan book", source);
        row(out, "threads", threads + " (kindlyCycle pool); ledger pool " + ledgerPoolSize
                + " connections (kindly.ledger.pool-size)");
        row(out, "seeding", String.format(Locale.ROOT, "%.1f s (not part of the figures)",
                seeded.took().toNanos() / 1e9));
        row(out, "Kindly start-up", String.format(Locale.ROOT, "%.1f s (not part of the figures)",
                startup.toNanos() / 1e9));
        row(out, "warm-up", warmup == null ? "none (--warmup 0): the figures include the JIT compiler's warming up"
                : String.format(Locale.ROOT, "%s accounts, %s messages sent, %.1f s on a separate Kindly instance with"
                + " its own loan book and ledger (JIT %s ms, CPU %s ms%s%s); its figures are not counted",
                num(warmup.accounts()), num(warmup.sent()), warmup.took().toNanos() / 1e9, num(warmup.jitMillis()),
                num(warmup.cpuMillis()), warmup.stopped() ? "; STOPPED at --max-seconds" : "",
                warmup.duplicates() > 0 ? "; !!! " + warmup.duplicates() + " DUPLICATE KEYS" : ""));
        out.println();
        row(out, "accounts", num(accounts) + " (read by the cycle: " + num(ledgerFigures.accountsRead()) + ")");
        StringBuilder sentLine = new StringBuilder();
        for (Channel c : Channel.values()) {
            sentLine.append(c.id()).append(' ').append(num(sent(c))).append("  ");
        }
        sentLine.append("total ").append(num(sent())).append(String.format(Locale.ROOT,
                " (planned %s; %.2f per account read)", num(seeded.plannedTotal()),
                ledgerFigures.accountsRead() == 0 ? 0.0 : sent() / (double) ledgerFigures.accountsRead()));
        row(out, "messages sent", sentLine.toString());
        row(out, "other outcomes", "deferred " + num(ledgerFigures.count("DEFERRED")) + "  suppressed "
                + num(ledgerFigures.count("SUPPRESSED")) + "  skipped " + num(ledgerFigures.count("SKIPPED")
                + ledgerFigures.rowsRejected()) + "  failed " + num(ledgerFigures.count("FAILED")) + "  unknown "
                + num(ledgerFigures.count("UNKNOWN")) + "  still claimed " + num(ledgerFigures.count("CLAIMED")));
        row(out, "cycle wall time", secs(cycleWall) + (stoppedAtMaxSeconds ? "  STOPPED at --max-seconds " + maxSeconds
                + " (shutdown timeout " + BenchCommand.STOP_TIMEOUT_SECONDS + " s; Kindly stopped "
                + (stopTook == null ? "-" : secs(stopTook)) + " later)" : "")
                + (cycleFailure != null ? (stoppedAtMaxSeconds ? "  ended with " : "  FAILED: ") + cycleFailure : ""));
        Duration phase = ledgerFigures.sendingPhase();
        row(out, "messages/s", String.format(Locale.ROOT, "%.1f over the sending phase (first CLAIMED to last SENT: %s;"
                + " first CLAIMED %s after the cycle began)", messagesPerSecond(), phase == null ? "-" : secs(phase),
                ledgerFigures.untilFirstClaim() == null ? "-" : secs(ledgerFigures.untilFirstClaim())));
        row(out, "claim to outcome p50", ms(ledgerFigures.percentileMicros(0.50)) + "   p99 "
                + ms(ledgerFigures.percentileMicros(0.99)) + "   (CLAIMED to SENT entry, per message)");
        row(out, "peak heap used", mib(peakHeapUsed) + " (sampled every 100 ms)");
        row(out, "live heap after GC", (peakLiveAfterGc < 0 ? "- (no collection during the cycle)"
                : mib(peakLiveAfterGc) + " (largest heap left after any of " + collections + " collections)"));
        row(out, "peak RSS", (peakRssKb < 0 ? "- (no /proc/self/status)" : mib(peakRssKb * 1024)
                + (rssSinceCycleStart ? " (VmHWM, reset when the cycle began)" : " (VmHWM since the JVM started)")));
        row(out, "Kindly CPU per message", sent() == 0 ? "-" : String.format(Locale.ROOT,
                "%.2f ms (%s ms process CPU over the cycle; the stubs run in another process)",
                cpuNanos / 1e6 / sent(), num(cpuNanos / 1_000_000)));
        row(out, "JIT compilation", jitMillis < 0 ? "- (this JVM does not say)" : String.format(Locale.ROOT,
                "%s ms during the cycle%s (CompilationMXBean: elapsed time summed over compilations, so it includes"
                + " waiting for a core)", num(jitMillis), perMessage(jitMillis)));
        if (jitCpuMillis >= 0) {
            row(out, "  JIT compiler threads' CPU", String.format(Locale.ROOT, "%s ms%s (/proc; part of Kindly's CPU"
                    + " above)", num(jitCpuMillis), perMessage(jitCpuMillis)));
        }
        if (databaseServerCpuMs >= 0) {
            row(out, "database server CPU", String.format(Locale.ROOT, "%s ms during the cycle%s: the PostgreSQL server"
                    + " on this machine (every postgres process, so every client's work; /proc utime+stime)",
                    num(databaseServerCpuMs), perMessage(databaseServerCpuMs)));
        }
        row(out, "transactions per message", sent() == 0 ? "-" : String.format(Locale.ROOT,
                "%.2f (%s ledger connection checkouts)", ledgerCheckouts / (double) sent(), num(ledgerCheckouts)));
        if (postgresTransactions != null) {
            row(out, "  PostgreSQL cross-check", sent() == 0 ? "-" : String.format(Locale.ROOT,
                    "%.2f per message (%s commits + %s rollbacks in the database, every client counted)",
                    postgresTransactions.total() / (double) sent(), num(postgresTransactions.commits()),
                    num(postgresTransactions.rollbacks())));
        }
        if (!groupCommit.isEmpty()) {
            row(out, "group commit", "batches, requests and mean batch size during the cycle:");
            groupCommit.forEach((kind, g) -> row(out, "  " + kind, g.batches() == 0 ? "none" : String.format(
                    Locale.ROOT, "%s batches, %s requests, %.1f per batch", num(g.batches()), num(g.requests()),
                    g.meanBatch())));
        }
        row(out, "stub requests", "sms " + num(stub.sms().requests()) + " (" + num(stub.sms().distinctKeys())
                + " keys)  inapp " + num(stub.inapp().requests()) + " (" + num(stub.inapp().distinctKeys())
                + " keys)  email " + num(stub.email().requests()) + " (" + num(stub.email().distinctKeys())
                + " Message-IDs, " + num(stub.smtpConnections()) + " SMTP connections)");
        if (stubCpuCycleMs >= 0) {
            row(out, "stub process CPU", String.format(Locale.ROOT, "%s ms during the cycle; %s ms during the bare loop"
                    + " (%.0f%% of one core)", num(stubCpuCycleMs), num(stubCpuBareMs), bare == null
                    || bare.took().isZero() ? 0.0 : 100.0 * stubCpuBareMs / bare.took().toMillis()));
        }
        List<Channel> mismatches = stubMismatches();
        row(out, "stub vs ledger", !mismatches.isEmpty() ? "MISMATCH on " + mismatches
                + ": the stub's counts differ from the ledger's SENT"
                : "every SENT message reached the stub exactly once" + (stoppedAtMaxSeconds && unrecordedAtStub() > 0
                ? "; " + num(unrecordedAtStub()) + " more reached it whose outcome the stop left unrecorded (claimed,"
                + " deferred or unknown: the next run settles them with the same key)" : ""));
        row(out, "duplicate keys", stub.duplicates() == 0 ? "none" : "!!! " + stub.duplicates()
                + " DUPLICATE KEYS: a gateway was asked twice to send the same reminder: " + duplicateSamples());
        row(out, "bare HTTP client", bare == null ? "-" : String.format(Locale.ROOT,
                "%.0f requests/s (%s requests of %d bytes, %s failed, %d threads, %s; Apache HttpClient 5 classic)",
                bare.requestsPerSecond(), num(bare.requests()), bare.bodyBytes(), num(bare.failures()), bare.threads(),
                secs(bare.took())));
        row(out, "Kindly / bare", bare == null || bare.requestsPerSecond() == 0 ? "-" : String.format(Locale.ROOT,
                "%.4f (Kindly's messages/s divided by the bare client's requests/s)",
                messagesPerSecond() / bare.requestsPerSecond()));
        if (bare != null && bare.requests() > 0 && bareClientCpuMs >= 0 && stubCpuBareMs >= 0) {
            row(out, "  machine CPU", String.format(Locale.ROOT, "%.3f ms per bare request (client %.3f + stub %.3f)",
                    bareRequestCpu(), (double) bareClientCpuMs / bare.requests(),
                    (double) stubCpuBareMs / bare.requests()));
        }
        if (bareLedger != null) {
            row(out, "bare ledger", String.format(Locale.ROOT, "%.0f messages/s (%s claims inserted, then updated as"
                    + " sent; %d per transaction, %d writers, %s; one table, one key: a floor, not a design)",
                    bareLedger.messagesPerSecond(), num(bareLedger.messages()), bareLedger.batch(),
                    bareLedger.writers(), secs(bareLedger.took())));
            if (bareLedger.messages() > 0) {
                row(out, "  machine CPU", bareLedger.serverCpuMs() < 0
                        ? String.format(Locale.ROOT, "%.3f ms per bare record in this JVM (driver%s; the database"
                                + " server's CPU is not measured here)", bareRecordCpu(),
                                ledgerIsEmbedded() ? " and the embedded database" : "")
                        : String.format(Locale.ROOT, "%.3f ms per bare record (client %.3f + database server %.3f)",
                                bareRecordCpu(), (double) bareLedger.clientCpuMs() / bareLedger.messages(),
                                (double) bareLedger.serverCpuMs() / bareLedger.messages()));
            }
        }
        if (machineCeiling() > 0) {
            row(out, "machine ceiling", String.format(Locale.ROOT, "%.0f messages/s: %d cores divided by a bare"
                    + " request's and a bare record's CPU (%.3f ms), with nothing else done per message",
                    machineCeiling(), Runtime.getRuntime().availableProcessors(), bareRequestCpu() + bareRecordCpu()));
        }
        row(out, "stub process", "pid " + stubPid + (stubGone ? ", stopped" : ", STILL RUNNING"));
        out.println();
        out.println("Overrides (on top of " + "config/; passwords masked):");
        overrides.forEach((k, v) -> out.println("  " + k + " = " + v));
    }

    /** Machine CPU (client and stub) of one bare HTTP request, ms; 0 when unknown. */
    double bareRequestCpu() {
        if (bare == null || bare.requests() == 0 || bareClientCpuMs < 0 || stubCpuBareMs < 0) {
            return 0;
        }
        return (double) (bareClientCpuMs + stubCpuBareMs) / bare.requests();
    }

    /** Machine CPU (client and, when measured, database server) of one bare ledger record, ms; 0 when unknown. */
    double bareRecordCpu() {
        if (bareLedger == null || bareLedger.messages() == 0) {
            return 0;
        }
        return (double) (bareLedger.clientCpuMs() + Math.max(bareLedger.serverCpuMs(), 0)) / bareLedger.messages();
    }

    private boolean ledgerIsEmbedded() {
        return ledger != null && ledger.contains("H2");
    }

    /**
     * The most messages/s this machine could carry if a message cost only its bare HTTP request and its bare record:
     * 0 when either is unknown, or when the database server runs elsewhere (its CPU is not this machine's).
     */
    double machineCeiling() {
        boolean serverHere = bareLedger != null && (bareLedger.serverCpuMs() >= 0 || ledgerIsEmbedded());
        double perMessage = bareRequestCpu() + bareRecordCpu();
        if (bareRequestCpu() == 0 || bareRecordCpu() == 0 || !serverHere) {
            return 0;
        }
        return Runtime.getRuntime().availableProcessors() * 1000.0 / perMessage;
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        m.put("machine", Map.of("cores", rt.availableProcessors(), "java", System.getProperty("java.version"),
                "vm", System.getProperty("java.vm.name"), "maxHeapBytes", rt.maxMemory(), "xmx", xmx()));
        m.put("accounts", accounts);
        m.put("accountsRead", ledgerFigures.accountsRead());
        m.put("threads", threads);
        m.put("ledgerPoolSize", ledgerPoolSize);
        m.put("channels", channels.stream().map(Channel::id).toList());
        m.put("ledger", ledger);
        m.put("loanBook", source);
        m.put("seedingSeconds", seeded.took().toNanos() / 1e9);
        m.put("startupSeconds", startup.toNanos() / 1e9);
        m.put("cycleSeconds", cycleWall.toNanos() / 1e9);
        m.put("stoppedAtMaxSeconds", stoppedAtMaxSeconds);
        m.put("stopSeconds", stopTook == null ? null : stopTook.toNanos() / 1e9);
        if (warmup == null) {
            m.put("warmup", null);
        } else {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("accounts", warmup.accounts());
            w.put("planned", warmup.planned());
            w.put("sent", warmup.sent());
            w.put("stubRequests", warmup.stubRequests());
            w.put("duplicateKeys", warmup.duplicates());
            w.put("seconds", warmup.took().toNanos() / 1e9);
            w.put("cycleSeconds", warmup.cycleWall().toNanos() / 1e9);
            w.put("stoppedAtMaxSeconds", warmup.stopped());
            w.put("cycleFailure", warmup.failure());
            w.put("jitCompileMs", warmup.jitMillis());
            w.put("cpuMs", warmup.cpuMillis());
            m.put("warmup", w);
        }
        m.put("cycleFailure", cycleFailure);
        Map<String, Object> sent = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            sent.put(c.id(), sent(c));
        }
        sent.put("total", sent());
        m.put("sent", sent);
        m.put("planned", seeded.plannedTotal());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        ledgerFigures.outcomes().forEach((c, byStatus) -> outcomes.put(c.id(), byStatus));
        m.put("outcomes", outcomes);
        m.put("rowsRejected", ledgerFigures.rowsRejected());
        m.put("untilFirstClaimSeconds", ledgerFigures.untilFirstClaim() == null ? null
                : ledgerFigures.untilFirstClaim().toNanos() / 1e9);
        m.put("sendingPhaseSeconds", ledgerFigures.sendingPhase() == null ? null
                : ledgerFigures.sendingPhase().toNanos() / 1e9);
        m.put("messagesPerSecond", messagesPerSecond());
        m.put("claimToOutcomeP50Ms", ledgerFigures.percentileMicros(0.50) / 1000.0);
        m.put("claimToOutcomeP99Ms", ledgerFigures.percentileMicros(0.99) / 1000.0);
        m.put("peakHeapUsedBytes", peakHeapUsed);
        m.put("peakLiveHeapAfterGcBytes", peakLiveAfterGc);
        m.put("peakRssBytes", peakRssKb < 0 ? -1 : peakRssKb * 1024);
        m.put("peakRssSinceCycleStart", rssSinceCycleStart);
        m.put("cpuMsPerMessage", sent() == 0 ? null : cpuNanos / 1e6 / sent());
        m.put("cpuMs", cpuNanos / 1_000_000);
        m.put("jitCompileMs", jitMillis < 0 ? null : jitMillis);
        m.put("jitCompileMsPerMessage", jitMillis < 0 || sent() == 0 ? null : jitMillis / (double) sent());
        m.put("jitCompilerThreadsCpuMs", jitCpuMillis < 0 ? null : jitCpuMillis);
        m.put("jitCompilerThreadsCpuMsPerMessage", jitCpuMillis < 0 || sent() == 0 ? null
                : jitCpuMillis / (double) sent());
        m.put("databaseServerCpuMs", databaseServerCpuMs < 0 ? null : databaseServerCpuMs);
        m.put("databaseServerCpuMsPerMessage", databaseServerCpuMs < 0 || sent() == 0 ? null
                : databaseServerCpuMs / (double) sent());
        Map<String, Object> groups = new LinkedHashMap<>();
        groupCommit.forEach((kind, g) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("batches", g.batches());
            one.put("requests", g.requests());
            one.put("meanBatch", g.meanBatch());
            groups.put(kind, one);
        });
        m.put("groupCommit", groups);
        m.put("ledgerCheckouts", ledgerCheckouts);
        m.put("transactionsPerMessage", sent() == 0 ? null : ledgerCheckouts / (double) sent());
        m.put("postgresTransactions", postgresTransactions == null ? null : Map.of("commits",
                postgresTransactions.commits(), "rollbacks", postgresTransactions.rollbacks()));
        m.put("stub", Map.of("sms", stub.sms(), "inapp", stub.inapp(), "email", stub.email(),
                "smtpConnections", stub.smtpConnections()));
        m.put("stubCpuMsCycle", stubCpuCycleMs);
        m.put("stubCpuMsBareLoop", stubCpuBareMs);
        m.put("duplicateKeys", stub.duplicates());
        m.put("stubMatchesLedger", stubMismatches().isEmpty());
        m.put("unrecordedAtStub", stoppedAtMaxSeconds ? unrecordedAtStub() : 0);
        if (bare != null) {
            m.put("bareHttp", Map.of("requests", bare.requests(), "failures", bare.failures(), "threads", bare.threads(),
                    "bodyBytes", bare.bodyBytes(), "seconds", bare.took().toNanos() / 1e9,
                    "requestsPerSecond", bare.requestsPerSecond()));
            m.put("bareHttpMachineCpuMsPerRequest", bareRequestCpu());
            m.put("kindlyToBareRatio", bare.requestsPerSecond() == 0 ? null
                    : messagesPerSecond() / bare.requestsPerSecond());
        }
        if (bareLedger != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("messages", bareLedger.messages());
            b.put("perTransaction", bareLedger.batch());
            b.put("writers", bareLedger.writers());
            b.put("seconds", bareLedger.took().toNanos() / 1e9);
            b.put("messagesPerSecond", bareLedger.messagesPerSecond());
            b.put("clientCpuMs", bareLedger.clientCpuMs());
            b.put("serverCpuMs", bareLedger.serverCpuMs() < 0 ? null : bareLedger.serverCpuMs());
            b.put("machineCpuMsPerMessage", bareRecordCpu());
            m.put("bareLedger", b);
        }
        m.put("machineCeilingMessagesPerSecond", machineCeiling() == 0 ? null : machineCeiling());
        m.put("overrides", overrides);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
    }

    private String perMessage(long ms) {
        return sent() == 0 ? "" : String.format(Locale.ROOT, ", %.3f ms per message", ms / (double) sent());
    }

    private String duplicateSamples() {
        List<String> all = new ArrayList<>();
        all.addAll(stub.sms().duplicateSamples());
        all.addAll(stub.inapp().duplicateSamples());
        all.addAll(stub.email().duplicateSamples());
        return String.join(", ", all);
    }

    static String xmx() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b).orElse("no -Xmx: the JVM's default");
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf(Locale.ROOT, "  %-26s %s%n", label, value);
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
