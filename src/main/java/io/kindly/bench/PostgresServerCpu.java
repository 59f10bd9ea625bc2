package io.kindly.bench;

import io.kindly.db.DatabaseSettings;

import java.util.Locale;

/**
 * The CPU time of the PostgreSQL server when it runs on this machine: the sum of user and system time of every
 * process whose {@code /proc/<pid>/comm} is {@code postgres} (the postmaster, the backends, the checkpointer, WAL
 * writer, autovacuum and so on), between two snapshots ({@link ProcCpu}): a process that ended in between is not
 * counted, so the second one is taken while Kindly's backends are still open. Every client's work on that server is
 * counted, not only Kindly's.
 */
final class PostgresServerCpu {
    private PostgresServerCpu() {
    }

    /** True when the ledger is PostgreSQL on this machine (127.0.0.1, localhost or ::1) and /proc is there. */
    static boolean applies(DatabaseSettings ledger) {
        String host = host(ledger.url());
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))
                && ProcCpu.available();
    }

    /** The (first) host of a PostgreSQL URL; {@code localhost} when the URL names none; null when not PostgreSQL. */
    static String host(String url) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        String rest = url.substring(prefix.length());
        if (!rest.startsWith("//")) {
            return "localhost"; // jdbc:postgresql:database
        }
        rest = rest.substring(2);
        int end = 0;
        if (rest.startsWith("[")) {
            end = rest.indexOf(']') + 1;
        } else {
            while (end < rest.length() && ":/,?".indexOf(rest.charAt(end)) < 0) {
                end++;
            }
        }
        String host = rest.substring(0, Math.max(end, 0));
        return host.isEmpty() ? "localhost" : host.toLowerCase(Locale.ROOT);
    }

    static ProcCpu.Snapshot take() {
        return ProcCpu.take(ProcCpu.PROC, "postgres"::equals);
    }
}
