package dev.herald.bench.scenario;

import dev.herald.bench.client.Deliveries;
import dev.herald.bench.client.HttpPool;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.Payload;
import dev.herald.bench.client.Timeline;
import dev.herald.bench.client.WsConnection;
import dev.herald.bench.report.Format;
import dev.herald.bench.target.ApiTarget;
import dev.herald.bench.target.HeraldTarget;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code latency}: many devices connected, unicast pushes at a fixed rate (open loop: each push is stamped with the
 * time it was <em>due</em>, so a stall counts against every push it delays — no coordinated omission), and the time
 * from publish to the device's receipt; beside Herald, the push ceiling durable and in memory
 * ({@link dev.herald.bench.ceiling.PushCeilingServer}).
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Publish-to-receive latency of unicast pushes at a fixed rate.")
public final class LatencyScenario extends Scenario {
    @Option(names = "--connections", description = "connected devices (10,000; quick 200)")
    Integer connections;

    @Option(names = "--rate", description = "unicast pushes a second (1,000; quick 200)")
    Integer rate;

    @Option(names = "--seconds", description = "measured seconds per run (20; quick 3)")
    Integer seconds;

    @Option(names = "--warmup-seconds", description = "warm-up at the same rate, reported apart (30; quick 1)")
    Integer warmupSeconds;

    @Option(names = "--http-connections", description = "push API connections (${DEFAULT-VALUE})")
    int httpConnections = 32;

    @Option(names = "--payload-bytes", description = "msg_content size (${DEFAULT-VALUE})")
    int payloadBytes = 100;

    @Option(names = "--stalls-ms", description = "diagnostic: print each 100 ms slot whose worst delivery took longer"
            + " than this, with the API's worst answer and the request queue then (off)")
    long stallsMillis;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    protected void run(Bench bench, Result result) {
        int n = options.pick(connections, 10_000, 200);
        int perSecond = options.pick(rate, 1_000, 200);
        int window = options.pick(seconds, 20, 3);
        int warmup = options.pick(warmupSeconds, 30, 1);
        int runs = options.runs();
        result.param("connections", n).param("pushes_per_s", perSecond).param("window_seconds", window)
                .param("windows", runs).param("warmup_seconds", warmup).param("payload_bytes", payloadBytes);
        for (String kind : pushKinds()) {
            measure(bench, result, kind, 25, (t, row) -> measureRate(bench, (ApiTarget) t, row, n, perSecond, window,
                    warmup, runs));
        }
        result.ratio("publish_to_receive_p99_ms", "herald", "ceiling-durable");
        result.ratio("publish_to_receive_p99_ms", "herald", "ceiling-memory");
        Map<String, Object> h = result.rowOf("herald");
        if (h != null && !h.containsKey("error")) {
            double p99 = ((Number) h.get("publish_to_receive_p99_ms")).doubleValue();
            double p999 = ((Number) h.get("publish_to_receive_p99.9_ms")).doubleValue();
            result.atMost("publish→receive p99 (ms)", "≤ 5 ms", p99, 5);
            result.atMost("publish→receive p99.9 (ms)", "≤ 20 ms", p999, 20);
            result.goal("every push delivered", "all",
                    Format.num(h.get("delivered")) + " of " + Format.num(h.get("sent")),
                    h.get("delivered").equals(h.get("sent")));
        }
    }

    /** One server at the fixed rate: warm-up, then {@code runs} measured windows. */
    private void measureRate(Bench bench, ApiTarget target, Map<String, Object> row, int n, int perSecond,
                         int window, int warmup, int runs) throws Exception {
        LoadClient.Connected c = connect(bench, target, n, 500);
        List<String> rids = c.connections().stream().map(WsConnection::registrationId).toList();
        HttpPool pool = target.pool(httpConnections);
        // The warm-up runs at the same rate; its figures are kept apart (the first seconds of a JVM run with the
        // JIT compiling on both cores).
        Deliveries.Phase warming = bench.deliveries.begin();
        long warmed = send(target, pool, rids, perSecond, warmup, null);
        warming.await(warmed, Duration.ofSeconds(10));
        Histogram warmupLatency = warming.takeLatency();
        Histogram merged = new Histogram(3);
        long sent = 0;
        long got = 0;
        for (int i = 0; i < runs; i++) {
            Deliveries.Phase phase = bench.deliveries.begin();
            Timeline timeline = null;
            if (stallsMillis > 0) {
                timeline = new Timeline(phase.startNanos(), window + 1);
                phase.track(timeline);
            }
            long s = send(target, pool, rids, perSecond, window, timeline);
            long g = phase.await(s, Duration.ofSeconds(10));
            Histogram h = phase.takeLatency();
            if (timeline != null) {
                timeline.stalls(stallsMillis * 1_000_000L).forEach(line -> Bench.log("    %s", line));
            }
            merged.add(h);
            sent += s;
            got += g;
            Bench.log("  run %d: %,d sent, %,d received, p99 %.2f ms, p99.9 %.2f ms", i + 1, s, g,
                    Stats.millis(h.getValueAtPercentile(99)), Stats.millis(h.getValueAtPercentile(99.9)));
        }
        row.put("devices", rids.size());
        row.put("sent", sent);
        row.put("delivered", got);
        row.put("api_errors", target.publishErrors());
        row.putAll(Stats.percentiles("publish_to_receive", merged));
        row.put("warmup_p99_ms", Stats.millis(warmupLatency.getValueAtPercentile(99)));
        row.put("warmup_p99.9_ms", Stats.millis(warmupLatency.getValueAtPercentile(99.9)));
        LoadClient.closeAll(c.connections());
    }

    /**
     * Sends {@code perSecond} pushes a second for {@code seconds}, each stamped with its due time; records the API's
     * answers and the request queue into {@code timeline} if not null.
     */
    private long send(ApiTarget target, HttpPool pool, List<String> rids, int perSecond, int seconds,
                      Timeline timeline) {
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        long count = (long) perSecond * seconds;
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String rid = rids.get(ThreadLocalRandom.current().nextInt(rids.size()));
            if (timeline != null) {
                timeline.queued(due, pool.queued());
            }
            pool.post("/v3/push", () -> HeraldTarget.unicastBody(rid, Payload.make(due, payloadBytes)),
                    (status, nanos, error) -> {
                        target.checked(status, error);
                        if (timeline != null) {
                            timeline.answered(due, System.nanoTime());
                        }
                    });
        }
        return count;
    }
}
