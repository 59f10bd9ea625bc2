package io.kindly.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's resources while the cycle runs: heap used (sampled every 100 ms), the heap still live after each
 * garbage collection (what the cycle really keeps: the sampled figure also counts garbage not yet collected), process
 * CPU time, the JIT compiler's time, and the peak resident set. Started just before the cycle, stopped just after it.
 */
final class JvmGauges implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final AtomicLong peakHeapUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener onGc = this::afterGc;
    private final Set<String> heapPools;
    private final long cpuStartNanos;
    private final long jitStartMillis;
    private final ProcCpu.Snapshot jitThreadsStart;
    private final boolean rssReset;
    private long cpuNanos = -1;
    private long jitMillis = -1;
    private long jitCpuMillis = -1;
    private long peakRssKb = -1;

    private JvmGauges() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
                emitters.add(emitter);
            }
        }
        rssReset = resetPeakRss();
        cpuStartNanos = processCpuNanos();
        jitStartMillis = compilationMillis();
        jitThreadsStart = ProcCpu.available() ? compilerThreads() : null;
        sampler.scheduleAtFixedRate(() -> peakHeapUsed.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 100,
                TimeUnit.MILLISECONDS);
    }

    static JvmGauges start() {
        return new JvmGauges();
    }

    /** Stops sampling and takes the CPU time and peak resident set as they are now. */
    void stop() {
        if (cpuNanos >= 0) {
            return;
        }
        cpuNanos = processCpuNanos() - cpuStartNanos;
        long jit = compilationMillis();
        jitMillis = jit < 0 || jitStartMillis < 0 ? -1 : jit - jitStartMillis;
        jitCpuMillis = jitThreadsStart == null ? -1 : ProcCpu.millisBetween(jitThreadsStart, compilerThreads());
        sampler.shutdownNow();
        peakHeapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(onGc);
            } catch (Exception e) {
                // not registered: nothing to remove
            }
        }
        peakRssKb = statusKb("VmHWM");
    }

    long cpuNanos() {
        return cpuNanos;
    }

    /** The JIT compiler's time while the gauges ran, in ms; -1 when this JVM does not say. */
    long jitMillis() {
        return jitMillis;
    }

    /** The CPU time of the JIT compiler's threads while the gauges ran, in ms; -1 where /proc is not there. */
    long jitCpuMillis() {
        return jitCpuMillis;
    }

    long peakHeapUsedBytes() {
        return peakHeapUsed.get();
    }

    /** -1 when no collection ran during the cycle. */
    long peakLiveAfterGcBytes() {
        return collections.get() == 0 ? -1 : peakAfterGc.get();
    }

    long collections() {
        return collections.get();
    }

    /** -1 where /proc is not there (not Linux). */
    long peakRssKb() {
        return peakRssKb;
    }

    /** True when the peak resident set was reset when the cycle began; otherwise it includes seeding and start-up. */
    boolean rssSinceCycleStart() {
        return rssReset;
    }

    @Override
    public void close() {
        stop();
    }

    private void afterGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long live = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                live += pool.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        peakAfterGc.accumulateAndGet(live, Math::max);
    }

    /**
     * The time this JVM's JIT compiler has spent compiling so far, in ms ({@code CompilationMXBean}): elapsed time
     * summed over the compilations, so on a machine with more runnable threads than cores it includes time the
     * compiler threads waited for a core, and can exceed their CPU time; -1 when the JVM does not say.
     */
    static long compilationMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? -1 : jit.getTotalCompilationTime();
    }

    /**
     * HotSpot's compiler threads ("C1 CompilerThread0", "C2 CompilerThread0", ...: their comm is cut to 15
     * characters), which Java's own thread beans do not show.
     */
    static ProcCpu.Snapshot compilerThreads() {
        return ProcCpu.take(Path.of("/proc/self/task"), comm -> comm.startsWith("C1 CompilerThre")
                || comm.startsWith("C2 CompilerThre"));
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Writing 5 to clear_refs resets VmHWM (Linux 4.0 and later), so the peak is the cycle's, not seeding's. */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
