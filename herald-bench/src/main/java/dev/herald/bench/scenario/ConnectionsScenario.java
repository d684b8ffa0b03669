package dev.herald.bench.scenario;

import dev.herald.bench.client.LoadClient;
import dev.herald.bench.report.Format;
import dev.herald.bench.client.WsConnection;
import dev.herald.bench.target.ServerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code connections}: opens many connections (to Herald: registered devices that said hello), holds them with
 * heartbeats, and measures what each costs the server: heap after a full GC, direct memory, RSS.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Hold many connections with heartbeats; measure memory per connection.")
public final class ConnectionsScenario extends Scenario {
    @Option(names = "--connections", description = "connections to hold (19,000; quick 200)")
    Integer connections;

    @Option(names = "--hold-seconds", description = "how long to hold them (60; quick 2)")
    Integer holdSeconds;

    @Option(names = "--heartbeat-seconds", description = "Herald's heartbeat (25; quick 1, so pings flow)")
    Integer heartbeatSeconds;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    protected void run(Bench bench, Result result) {
        int n = options.pick(connections, 19_000, 200);
        int hold = options.pick(holdSeconds, 60, 2);
        int heartbeat = options.pick(heartbeatSeconds, 25, 1);
        result.param("connections", n).param("hold_seconds", hold).param("herald_heartbeat_seconds", heartbeat);
        for (String kind : kinds(bench, false)) {
            measure(bench, result, kind, heartbeat, (t, row) -> {
                ServerProcess p = t.process();
                Thread.sleep(options.quick ? 100 : 1000);
                ServerProcess.Memory before = p.memory();
                long closedBefore = bench.deliveries.closedByServer();
                LoadClient.Connected c = connect(bench, t, n, 500);
                row.put("connected", c.connections().size());
                row.put("failed", c.failed());
                row.put("connects_per_s", c.perSecond());
                Bench.log("  holding %,d connections for %d s", c.connections().size(), hold);
                Thread.sleep(hold * 1000L);
                long held = c.connections().stream().map(WsConnection::channel).filter(ch -> ch.isActive()).count();
                ServerProcess.Memory after = p.memory();
                int open = c.connections().size();
                row.put("held", held);
                row.put("closed_by_server", bench.deliveries.closedByServer() - closedBefore);
                if (before.heapAfterGc() >= 0 && after.heapAfterGc() >= 0) {
                    row.put("heap_idle_mib", before.heapAfterGc() / 1048576.0);
                    row.put("heap_held_mib", after.heapAfterGc() / 1048576.0);
                    row.put("heap_per_connection_bytes",
                            (double) (after.heapAfterGc() - before.heapAfterGc()) / Math.max(1, open));
                }
                if (before.direct() >= 0 && after.direct() >= 0) {
                    row.put("direct_idle_mib", before.direct() / 1048576.0);
                    row.put("direct_held_mib", after.direct() / 1048576.0);
                    row.put("direct_per_connection_bytes",
                            (double) (after.direct() - before.direct()) / Math.max(1, open));
                }
                row.put("rss_idle_mib", before.rss() / 1048576.0);
                row.put("rss_held_mib", after.rss() / 1048576.0);
                row.put("rss_per_connection_bytes", (double) (after.rss() - before.rss()) / Math.max(1, open));
                LoadClient.closeAll(c.connections());
            });
        }
        goals(result, n);
    }

    private static void goals(Result result, int n) {
        result.ratio("heap_per_connection_bytes", "herald", "ceiling-coalesced");
        result.ratio("rss_per_connection_bytes", "herald", "peer");
        Map<String, Object> h = result.rowOf("herald");
        if (h == null || h.containsKey("error")) {
            return;
        }
        long held = ((Number) h.get("held")).longValue();
        result.goal("connections held to one Herald process", "all " + Format.num(n), held, held == n);
        Object perConn = h.get("heap_per_connection_bytes");
        if (perConn instanceof Number b) {
            result.atMost("heap per connection (bytes)", "≤ 2,560 B", b.doubleValue(), 2560);
        }
        if (h.get("direct_held_mib") instanceof Number dHeld && h.get("direct_idle_mib") instanceof Number dIdle) {
            // Growth of a few MiB is the allocator's first chunk, paid once, not per connection.
            double growth = dHeld.doubleValue() - dIdle.doubleValue();
            result.goal("direct memory held by idle connections", "≈ 0",
                    Format.num(growth) + " MiB in all (" + Format.num(h.get("direct_per_connection_bytes"))
                            + " B each)",
                    growth <= 8);
        }
    }
}
