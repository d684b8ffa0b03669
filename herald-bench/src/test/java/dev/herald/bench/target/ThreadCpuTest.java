package dev.herald.bench.target;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {
    @Test
    void threadsAreGroupedByTheirNamesAsProcShowsThem() {
        assertThat(ThreadCpu.group("eventLoops-3-1")).isEqualTo("event_loops");
        assertThat(ThreadCpu.group("multiThreadIoEv")).isEqualTo("event_loops");
        assertThat(ThreadCpu.group("herald-sqlite-w")).isEqualTo("writer");
        assertThat(ThreadCpu.group("herald-sqlite-c")).isEqualTo("other"); // the checkpointer
        assertThat(ThreadCpu.group("ceiling-commit-")).isEqualTo("writer");
        assertThat(ThreadCpu.group("herald-api-2")).isEqualTo("api");
        assertThat(ThreadCpu.group("herald-worker-9")).isEqualTo("api");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("gc");
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("gc");
        assertThat(ThreadCpu.group("main")).isEqualTo("other");
    }

    @Test
    void userAndSystemTicksAreReadFromTheStatLine() {
        // a real line's fields after "(name) ": state, ppid, ..., utime 1234 (14th), stime 56 (15th), ...
        String fields = "S 1 100 100 0 -1 4194368 2975 0 0 0 1234 56 0 0 20 0 40 0 1700 3000000000 12000";
        assertThat(ThreadCpu.nanos(fields)).isEqualTo((1234 + 56) * 10_000_000L);
    }

    @Test
    void theTimeBetweenTwoReadingsIsSplitPerUnitOfWorkInTheGroupsOrder() {
        Map<String, Long> before = Map.of("event_loops", 1_000_000L, "writer", 0L);
        Map<String, Long> after = Map.of("event_loops", 3_000_000L, "writer", 500_000L, "gc", 100_000L);
        assertThat(ThreadCpu.perUnit(before, after, 100)).containsExactly(Map.entry("event_loops", 20.0),
                Map.entry("writer", 5.0), Map.entry("api", 0.0), Map.entry("jit", 0.0), Map.entry("gc", 1.0),
                Map.entry("other", 0.0));
        assertThat(ThreadCpu.perUnit(before, Map.of(), 100)).isEmpty();
        assertThat(ThreadCpu.perUnit(before, after, 0)).isEmpty();
    }

    @Test
    void thisProcessHasCpuTimeInItsThreads() {
        Map<String, Long> mine = ThreadCpu.of(ProcessHandle.current().pid()); // a JVM that has started and run tests
        assertThat(mine).containsKey("other"); // this test's own thread, "main" or a surefire worker
        assertThat(mine.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
}
