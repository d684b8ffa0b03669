package dev.herald.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A server process's CPU time by kind of thread, from Linux's {@code /proc/PID/task/TID/stat}: where a push's CPU
 * goes, so that a change can be seen in the part it touched instead of in the whole process, which the rest of the
 * machine's load moves more. Threads are grouped by name: the Netty event loops, the store's writer (Herald's SQLite
 * writer, the ceiling's commit log), the threads that run API requests, the JIT compilers, the garbage collector,
 * and the rest.
 */
public final class ThreadCpu {
    /** The groups, in the order the figures are shown. */
    public static final List<String> GROUPS = List.of("event_loops", "writer", "api", "jit", "gc", "other");
    /** {@code /proc} counts CPU time in clock ticks of 1/100 s (USER_HZ, 100 on every Linux this runs on). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ThreadCpu() {
    }

    /** CPU time so far, user and system, in nanoseconds, by group; empty if {@code /proc} cannot be read. */
    public static Map<String, Long> of(long pid) {
        Map<String, Long> byGroup = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                byGroup.merge(group(stat.substring(open + 1, close)), nanos(stat.substring(close + 2)), Long::sum);
            }
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
        return byGroup;
    }

    /**
     * Each group's CPU time between two readings of {@link #of}, in microseconds per unit of work, in the order of
     * {@link #GROUPS}; empty if either reading is empty or there was no work.
     */
    public static Map<String, Double> perUnit(Map<String, Long> before, Map<String, Long> after, long units) {
        if (before.isEmpty() || after.isEmpty() || units == 0) {
            return Map.of();
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String g : GROUPS) {
            parts.put(g, (after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L)) / 1e3 / units);
        }
        return parts;
    }

    /** The group of a thread, from its name as {@code /proc} has it (cut to 15 characters). */
    static String group(String name) {
        if (name.startsWith("eventLoops") || name.startsWith("multiThreadIoEv") || name.startsWith("epollEventLoop")
                || name.startsWith("nioEventLoop")) {
            return "event_loops";
        }
        if (name.startsWith("herald-sqlite-w") || name.startsWith("ceiling-commit")) {
            return "writer";
        }
        if (name.startsWith("herald-api") || name.startsWith("herald-worker")) {
            return "api";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    /** User plus system time of a stat line's fields after the name (its 3rd field onwards), in nanoseconds. */
    static long nanos(String fieldsAfterName) {
        String[] f = fieldsAfterName.trim().split(" ");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }
}
