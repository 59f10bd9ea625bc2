package io.kindly.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time of processes or threads as Linux counts it: {@code utime + stime} in {@code /proc/<pid>/stat} (or
 * {@code /proc/<pid>/task/<tid>/stat}), in clock ticks, picked by their {@code comm}. Two snapshots are subtracted
 * id by id: an id that appeared in between counts whole, one that ended in between is not counted.
 */
final class ProcCpu {
    static final Path PROC = Path.of("/proc");
    private static volatile long ticksPerSecond;

    /** CPU ticks by process or thread id. */
    record Snapshot(Map<Long, Long> ticks) {
    }

    private ProcCpu() {
    }

    /** @param dir {@code /proc} for processes, {@code /proc/self/task} for this process's threads */
    static Snapshot take(Path dir, Predicate<String> comm) {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(dir, p -> isId(p.getFileName().toString()))) {
            for (Path id : ids) {
                try {
                    if (!comm.test(Files.readString(id.resolve("comm"), StandardCharsets.UTF_8).strip())) {
                        continue;
                    }
                    String stat = Files.readString(id.resolve("stat"), StandardCharsets.UTF_8);
                    // the fields after "(comm)": state is field 3, utime 14 and stime 15 (proc(5))
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(Long.parseLong(id.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException gone) {
                    // it ended while being read, or is not readable
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing to count
        }
        return new Snapshot(ticks);
    }

    /** The CPU time between two snapshots, in ms. */
    static long millisBetween(Snapshot before, Snapshot after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.ticks().entrySet()) {
            ticks += Math.max(0, e.getValue() - before.ticks().getOrDefault(e.getKey(), 0L));
        }
        return ticks * 1000 / ticksPerSecond();
    }

    static boolean available() {
        return Files.isDirectory(PROC.resolve("self").resolve("task"));
    }

    /** The kernel's clock tick (USER_HZ, {@code getconf CLK_TCK}), asked once: 100 unless getconf says otherwise. */
    static long ticksPerSecond() {
        long hz = ticksPerSecond;
        if (hz == 0) {
            hz = askGetconf();
            ticksPerSecond = hz;
        }
        return hz;
    }

    private static long askGetconf() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long hz = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
                if (hz > 0) {
                    return hz;
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // no getconf
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    private static boolean isId(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
