package io.kindly.ledger;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;

/**
 * Which Kindly process holds a claim: {@code pid@host/start}, the start being the process's start time in
 * milliseconds, so that a process id reused after a restart (pid 1 in every container) is not mistaken for the
 * process that made the claim.
 */
public record NodeId(long pid, String host, long startMillis) {

    /** This process. */
    public static NodeId current() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli)
                .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = name.indexOf('@');
        return new NodeId(self.pid(), at < 0 ? name : name.substring(at + 1), start);
    }

    public static Optional<NodeId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            int at = text.indexOf('@');
            int slash = text.lastIndexOf('/');
            if (at < 1 || slash < at) {
                return Optional.empty();
            }
            return Optional.of(new NodeId(Long.parseLong(text.substring(0, at)), text.substring(at + 1, slash),
                    Long.parseLong(text.substring(slash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True when this id names a process on this machine that no longer runs. A process on another machine cannot be
     * checked from here: its claim is judged by its age instead.
     */
    public boolean isGoneFromThisHost(NodeId self) {
        if (!host.equals(self.host()) || equals(self)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // the same pid, started at another time: another process
        return process.get().info().startInstant().map(s -> Math.abs(s.toEpochMilli() - startMillis) > 1000)
                .orElse(false);
    }

    @Override
    public String toString() {
        return pid + "@" + host + "/" + startMillis;
    }
}
