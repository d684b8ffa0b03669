package dev.herald.bench;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Options every scenario shares: where things are, how servers are started, and quick mode. */
public final class BenchOptions {
    static final String DEFAULT_JVM_FLAGS = "-Xms256m -Xmx2g -XX:+UseG1GC -XX:NativeMemoryTracking=summary";

    @Option(names = "--quick", description = "small numbers and a few seconds: proves the tool works, measures nothing")
    public boolean quick;

    @Option(names = "--out", description = "directory for JSON results (${DEFAULT-VALUE})")
    public Path out = Path.of("bench-results");

    @Option(names = "--targets", split = ",", description = "servers to measure: herald, ceiling, peer (all)")
    public List<String> targets = List.of("herald", "ceiling", "peer");

    @Option(names = "--runs", description = "repeated measurements per target, reported as the median (3; quick 1)")
    public Integer runs;

    @Option(names = "--herald-jar",
            description = "herald.jar (default: herald-server/target/herald.jar in or above the current directory)")
    public Path heraldJar;

    @Option(names = "--herald-classpath", hidden = true,
            description = "run Herald from this class path instead of a jar")
    public String heraldClasspath;

    @Option(names = "--herald-args", split = " ", description = "extra 'herald server' flags, space-separated")
    public List<String> heraldArgs = List.of();

    @Option(names = "--peer-dir", description = "bench/ws-peer (default: found above the current directory)")
    public Path peerDir;

    @Option(names = "--server-jvm-flags", description = "flags for the Herald and ceiling JVMs (${DEFAULT-VALUE})")
    public String serverJvmFlags = DEFAULT_JVM_FLAGS;

    @Option(names = "--jfr", description = "write a JFR recording (profile settings) of each JVM server into this dir")
    public Path jfr;

    @Option(names = "--client-threads", description = "load client event loops (${DEFAULT-VALUE})")
    public int clientThreads = 2;

    /** {@code value} if given, else the quick or the full default. */
    public int pick(Integer value, int full, int quickValue) {
        return value != null ? value : quick ? quickValue : full;
    }

    public int runs() {
        return pick(runs, 3, 1);
    }

    public boolean wants(String target) {
        return targets.contains(target);
    }

    public List<String> jvmFlags() {
        return Arrays.stream(serverJvmFlags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** The Herald jar to run: the option, else the one the Maven build leaves above the current directory. */
    public Path heraldJar() {
        if (heraldJar != null) {
            return heraldJar;
        }
        return findUp(Path.of("herald-server", "target", "herald.jar"));
    }

    public Path peerDir() {
        return peerDir != null ? peerDir : findUp(Path.of("bench", "ws-peer"));
    }

    private static Path findUp(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalArgumentException("cannot find " + relative + " in the current directory or above it; "
                + "build it or name it with an option");
    }
}
