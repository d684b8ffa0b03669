package dev.herald.bench.scenario;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.client.Deliveries;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.target.Launcher;
import dev.herald.bench.target.NodePeer;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What a scenario runs with: the options, the load client, the launcher and the shared delivery counters. */
public final class Bench implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    public final BenchOptions options;
    public final LoadClient client;
    public final Launcher launcher;
    public final Deliveries deliveries = new Deliveries();

    public Bench(BenchOptions options) {
        this.options = options;
        this.client = new LoadClient(options.clientThreads);
        this.launcher = new Launcher(options.out.toAbsolutePath().resolve("work"), options.jvmFlags(),
                options::heraldJar, options.heraldClasspath, options.heraldArgs, options::peerDir, options.jfr);
    }

    /** Whether the peer can run here: it was asked for and {@code node} exists. */
    public boolean peerWanted() {
        if (!options.wants("peer")) {
            return false;
        }
        if (!NodePeer.nodeAvailable()) {
            log("node is not installed: skipping the ws peer");
            return false;
        }
        return true;
    }

    /** A progress line on standard error, so that standard output holds only the tables. */
    public static void log(String format, Object... args) {
        System.err.println(LocalTime.now().format(CLOCK) + "  " + String.format(format, args));
    }

    @Override
    public void close() {
        client.close();
    }
}
