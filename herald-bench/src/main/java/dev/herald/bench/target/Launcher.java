package dev.herald.bench.target;

import dev.herald.bench.client.LoadClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts the servers under test. Each gets a fresh directory under {@code work} (Herald's data, logs) and the same
 * JVM flags, so that Herald and the ceiling are compared on equal terms.
 *
 * @param work        where data directories and logs go
 * @param jvmFlags    flags for both JVM servers (heap, GC, native memory tracking)
 * @param heraldJar   finds {@code herald.jar} (only asked when Herald is started without {@code heraldClasspath})
 * @param heraldClasspath class path holding {@code dev.herald.server}, used when there is no jar (the smoke test)
 * @param heraldArgs  extra {@code herald server} flags
 * @param peerDir     finds {@code bench/ws-peer} (only asked when the peer is started)
 * @param jfrDir      where to write a JFR recording of each JVM server, or null for none
 */
public record Launcher(Path work, List<String> jvmFlags, Supplier<Path> heraldJar, String heraldClasspath,
                       List<String> heraldArgs, Supplier<Path> peerDir, Path jfrDir) {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String HERALD_MAIN = "dev.herald.server.cli.HeraldCommand";
    private static final String BENCH_MAIN = "dev.herald.bench.BenchCommand";

    /** Starts Herald on a free port with a fresh data directory; {@code heartbeatSeconds} as configured. */
    public HeraldTarget herald(String scenario, LoadClient client, int heartbeatSeconds)
            throws IOException, InterruptedException {
        Path dir = fresh(scenario + "-herald");
        List<String> cmd = java(scenario, "herald");
        if (heraldClasspath != null) {
            cmd.addAll(List.of("-cp", heraldClasspath, HERALD_MAIN));
        } else {
            cmd.addAll(List.of("-jar", heraldJar.get().toAbsolutePath().toString()));
        }
        cmd.addAll(List.of("server", "--host", "127.0.0.1", "--port", "0", "--data", dir.resolve("data").toString(),
                "--heartbeat-seconds", Integer.toString(heartbeatSeconds),
                // the push benchmarks exceed the default 600,000 pushes a minute on purpose
                "--default-push-rate-per-minute", "2000000000"));
        cmd.addAll(heraldArgs);
        ServerProcess p = ServerProcess.start("herald", cmd, dir, dir.resolve("herald.log"),
                Pattern.compile("listening on port (\\d+)"), START_TIMEOUT);
        return HeraldTarget.start(p, dir, client);
    }

    /** Starts the bare-Netty broadcast server in its own JVM. */
    public RelayTarget ceiling(String scenario, String mode, LoadClient client)
            throws IOException, InterruptedException {
        String name = "ceiling-" + mode;
        Path dir = fresh(scenario + "-" + name);
        return RelayTarget.connect(name, benchServer(scenario, name, dir, "ceiling", "--mode", mode), dir, client);
    }

    /** Starts the bare-Netty push server in its own JVM: {@code mode} durable or memory. */
    public PushCeilingTarget pushCeiling(String scenario, String mode, LoadClient client)
            throws IOException, InterruptedException {
        String name = "ceiling-" + mode;
        Path dir = fresh(scenario + "-" + name);
        return PushCeilingTarget.start(name, benchServer(scenario, name, dir, "push-ceiling", "--mode", mode,
                "--data", dir.resolve("data").toString()), dir, client);
    }

    /** Starts one of this tool's own servers ({@code command} with {@code args}) in its own JVM. */
    private ServerProcess benchServer(String scenario, String name, Path dir, String command, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = java(scenario, name);
        cmd.addAll(List.of("-cp", ownClassPath(), BENCH_MAIN, command, "--host", "127.0.0.1", "--port", "0"));
        cmd.addAll(List.of(args));
        return ServerProcess.start(name, cmd, dir, dir.resolve(name + ".log"),
                Pattern.compile(command + " listening on port (\\d+)"), START_TIMEOUT);
    }

    /** Starts the Node {@code ws} broadcast server, installing {@code ws} first if needed. */
    public RelayTarget peer(String scenario, LoadClient client) throws IOException, InterruptedException {
        Path peerDir = this.peerDir.get();
        NodePeer.ensureInstalled(peerDir);
        Path dir = fresh(scenario + "-peer");
        List<String> cmd = List.of("node", peerDir.resolve("server.js").toAbsolutePath().toString(), "0", "127.0.0.1");
        ServerProcess p = ServerProcess.start("peer", cmd, peerDir, dir.resolve("peer.log"),
                Pattern.compile("ws-peer listening on port (\\d+)"), START_TIMEOUT);
        return RelayTarget.connect("peer", p, dir, client);
    }

    /** This JVM's class path with absolute entries: the servers run in their own working directories. */
    private static String ownClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private List<String> java(String scenario, String target) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        if (jfrDir != null) {
            cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + jfrDir.toAbsolutePath().resolve(scenario + "-" + target + ".jfr"));
        }
        return cmd;
    }

    private Path fresh(String name) throws IOException {
        Path dir = work.resolve(name);
        ServerProcess.deleteTree(dir);
        Files.createDirectories(dir);
        if (jfrDir != null) {
            Files.createDirectories(jfrDir);
        }
        return dir;
    }
}
