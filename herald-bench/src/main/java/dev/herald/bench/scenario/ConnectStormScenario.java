package dev.herald.bench.scenario;

import dev.herald.bench.client.LoadClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connect-storm}: new clients connecting as fast as the server takes them, a bounded number at a time. For
 * Herald each is a new device: WebSocket upgrade, {@code hello} without a registration id, a device row committed to
 * the store, {@code welcome}. For the comparison servers a connection is ready when the upgrade is answered.
 */
@Command(name = "connect-storm", mixinStandardHelpOptions = true,
        description = "Rate of new connections (for Herald: new devices registering).")
public final class ConnectStormScenario extends Scenario {
    /** Storms run before the measured ones (with the quick option: one). */
    static final int WARM_UP_STORMS = 4;
    /**
     * Before the next storm the server must have closed the last one's sockets: its open files back to what it had
     * before the first storm, give or take these (a log or WAL file it opened meanwhile).
     */
    static final int CLOSE_SLACK_FILES = 32;

    @Option(names = "--connections", description = "connections per run (10,000; quick 200)")
    Integer connections;

    @Option(names = "--in-flight", description = "connections being opened at once (256; quick 32)")
    Integer inFlight;

    @Override
    public String name() {
        return "connect-storm";
    }

    @Override
    protected void run(Bench bench, Result result) {
        int n = options.pick(connections, 10_000, 200);
        int parallel = options.pick(inFlight, 256, 32);
        int runs = options.runs();
        result.param("connections", n).param("in_flight", parallel).param("runs", runs);
        for (String kind : kinds(bench, false)) {
            measure(bench, result, kind, 25, (t, row) -> {
                List<Double> rates = new ArrayList<>();
                long failed = 0;
                long ready = 0;
                int idleFiles = t.process().openFiles();
                // The first storms are not measured, for every target alike: they run with the JIT still compiling
                // the accept and handshake paths. On two shared cores Herald's rate rose over 6-8 storms of 10,000
                // (1,200 -> 2,500 -> 3,200 -> 4,100 -> 4,700 -> 5,600 -> 7,700/s), the ceiling's over 3-4.
                for (int i = options.quick ? -1 : -WARM_UP_STORMS; i < runs; i++) {
                    LoadClient.Connected c = connect(bench, t, n, parallel);
                    if (i >= 0) {
                        rates.add(c.perSecond());
                        failed += c.failed();
                        ready += c.connections().size();
                    }
                    LoadClient.closeAll(c.connections());
                    if (i + 1 < runs && !t.process().awaitOpenFilesAtMost(idleFiles + CLOSE_SLACK_FILES,
                            Duration.ofSeconds(30))) {
                        Bench.log("  %s: still %d files open 30 s after the storm (%d before it)", t.name(),
                                t.process().openFiles(), idleFiles);
                    }
                }
                row.put("connects_per_s", Stats.median(rates));
                row.put("ready", ready);
                row.put("failed", failed);
                row.put("connects_per_s_runs", rates);
            });
        }
        result.ratio("connects_per_s", "herald", "ceiling-coalesced");
        result.ratio("connects_per_s", "herald", "peer");
        if (result.ratioValue("connects_per_s", "herald", "ceiling-coalesced") instanceof Double r) {
            result.atLeast("new devices/s vs ceiling's accept rate", "≥ 0.5 ×", r, 0.5);
        }
    }
}
