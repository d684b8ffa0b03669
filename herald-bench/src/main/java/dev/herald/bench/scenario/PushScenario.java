package dev.herald.bench.scenario;

import dev.herald.bench.client.Deliveries;
import dev.herald.bench.client.HttpPool;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.Payload;
import dev.herald.bench.client.WsConnection;
import dev.herald.bench.report.Format;
import dev.herald.bench.target.ApiTarget;
import dev.herald.bench.target.HeraldTarget;
import dev.herald.bench.target.ThreadCpu;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code push}: keep-alive HTTP clients, each sending the next {@code POST /v3/push} as soon as the last is answered
 * (closed loop), every push to one online registration id. Measures pushes a second, API latency and the server
 * process's CPU time per push (which other load on a shared machine changes far less than the rate), and checks
 * every accepted push reached its device; beside Herald, the push ceiling durable and in memory
 * ({@link dev.herald.bench.ceiling.PushCeilingServer}): what this stack and this disk allow without Herald's work.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push API throughput and latency: unicast pushes to online devices.")
public final class PushScenario extends Scenario {
    @Option(names = "--devices", description = "online devices pushed to (1,000; quick 50)")
    Integer devices;

    @Option(names = "--clients", description = "keep-alive HTTP connections, one request each at a time (64; quick 8)")
    Integer clients;

    @Option(names = "--seconds", description = "length of each measured window (20; quick 2)")
    Integer seconds;

    @Option(names = "--warmup-seconds", description = "unmeasured warm-up at full load (20; quick 1)")
    Integer warmupSeconds;

    @Option(names = "--payload-bytes", description = "msg_content size (${DEFAULT-VALUE})")
    int payloadBytes = 100;

    @Override
    public String name() {
        return "push";
    }

    @Override
    protected void run(Bench bench, Result result) {
        int nDevices = options.pick(devices, 1_000, 50);
        int nClients = options.pick(clients, 64, 8);
        int window = options.pick(seconds, 20, 2);
        int warmup = options.pick(warmupSeconds, 20, 1); // the JIT is still compiling after 5 s on two cores
        int runs = options.runs();
        result.param("devices", nDevices).param("http_clients", nClients).param("window_seconds", window)
                .param("windows", runs).param("warmup_seconds", warmup).param("payload_bytes", payloadBytes);
        for (String kind : pushKinds()) {
            measure(bench, result, kind, 25, (t, row) -> measureLoop(bench, (ApiTarget) t, row, nDevices, nClients,
                    window, warmup, runs));
        }
        result.ratio("pushes_per_s", "herald", "ceiling-durable");
        result.ratio("pushes_per_s", "herald", "ceiling-memory");
        result.ratio("api_p99_ms", "herald", "ceiling-durable");
        result.ratio("server_cpu_us_per_push", "herald", "ceiling-durable");
        Map<String, Object> h = result.rowOf("herald");
        if (h != null && !h.containsKey("error")) {
            double rate = ((Number) h.get("pushes_per_s")).doubleValue();
            double p99 = ((Number) h.get("api_p99_ms")).doubleValue();
            result.atLeast("durable pushes/s", "≥ 20,000/s", rate, 20_000);
            budget(result, h);
            result.atMost("push API p99 (ms)", "≤ 20 ms", p99, 20);
            result.goal("every accepted push delivered", "all",
                    Format.num(h.get("delivered")) + " of " + Format.num(h.get("accepted")),
                    h.get("delivered").equals(h.get("accepted")));
        }
    }

    /** One server's closed loop: warm-up, then {@code runs} measured windows. */
    private void measureLoop(Bench bench, ApiTarget target, Map<String, Object> row, int nDevices, int nClients,
                         int window, int warmup, int runs) throws Exception {
        LoadClient.Connected c = connect(bench, target, nDevices, 200);
        List<String> rids = c.connections().stream().map(WsConnection::registrationId).toList();
        Deliveries.Phase all = bench.deliveries.begin();
        Loop loop = new Loop(target, target.pool(nClients), rids);
        loop.start(nClients);
        Thread.sleep(warmup * 1000L);
        List<Double> rates = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        Map<String, List<Double>> cpuByGroup = new LinkedHashMap<>();
        Histogram merged = new Histogram(3);
        for (int i = 0; i < runs; i++) {
            loop.latency.getIntervalHistogram();
            long ok0 = loop.ok.get();
            long cpu0 = target.process().cpuNanos();
            long client0 = clientCpuNanos();
            Map<String, Long> byGroup0 = ThreadCpu.of(target.process().pid());
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            long pushes = loop.ok.get() - ok0;
            double rate = pushes * 1e9 / (System.nanoTime() - t0);
            long cpu1 = target.process().cpuNanos();
            long client1 = clientCpuNanos();
            Map<String, Long> byGroup1 = ThreadCpu.of(target.process().pid());
            double micros = cpu0 < 0 || cpu1 < 0 || pushes == 0 ? -1 : (cpu1 - cpu0) / 1e3 / pushes;
            double clientMicros = client0 < 0 || client1 < 0 || pushes == 0 ? -1 : (client1 - client0) / 1e3 / pushes;
            Map<String, Double> split = ThreadCpu.perUnit(byGroup0, byGroup1, pushes);
            split.forEach((g, part) -> cpuByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(part));
            Histogram h = loop.latency.getIntervalHistogram();
            merged.add(h);
            rates.add(rate);
            cpu.add(micros);
            clientCpu.add(clientMicros);
            Bench.log("  window %d: %,.0f pushes/s, API p99 %.2f ms, server CPU %.0f µs a push%s, load client %.0f µs",
                    i + 1, rate, Stats.millis(h.getValueAtPercentile(99)), micros, split.isEmpty() ? ""
                            : split.entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue()))
                            .collect(Collectors.joining(", ", " (", ")")), clientMicros);
        }
        loop.stop();
        long accepted = loop.ok.get();
        long got = all.await(accepted, Duration.ofSeconds(30));
        row.put("devices", rids.size());
        row.put("pushes_per_s", Stats.median(rates));
        row.putAll(Stats.percentiles("api", merged));
        row.put("accepted", accepted);
        row.put("delivered", got);
        row.put("api_errors", target.publishErrors());
        row.put("pushes_per_s_runs", rates);
        row.put("server_cpu_us_per_push", Stats.median(cpu));
        row.put("server_cpu_us_per_push_runs", cpu);
        // by kind of thread (ThreadCpu), each the median of its windows
        cpuByGroup.forEach((g, parts) -> row.put("cpu_us_per_push_" + g, Stats.median(parts)));
        // what the load client spends on the same two cores: the CPU left to a server at a given rate
        row.put("client_cpu_us_per_push", Stats.median(clientCpu));
        LoadClient.closeAll(c.connections());
    }

    /**
     * What the target leaves a server on this machine: the load client shares its cores, so at 20,000 pushes a second
     * a server gets the cores' time a push less what the client spent on one. Noted with what each server used.
     */
    private static void budget(Result result, Map<String, Object> herald) {
        double client = ((Number) herald.getOrDefault("client_cpu_us_per_push", -1)).doubleValue();
        if (client <= 0) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double perPush = cores * 1e6 / 20_000;
        StringBuilder used = new StringBuilder();
        for (Map<String, Object> row : result.rows()) {
            if (row.get("server_cpu_us_per_push") instanceof Number n && n.doubleValue() > 0) {
                used.append(used.isEmpty() ? "" : ", ").append(row.get("target")).append(' ')
                        .append(Math.round(n.doubleValue())).append(" µs");
            }
        }
        result.note(String.format("CPU budget at 20,000 pushes/s: %d cores give %.0f µs a push; the load client used "
                + "%.0f µs a push (Herald's windows), which leaves %.0f µs for the server. Server CPU a push: %s.",
                cores, perPush, client, perPush - client, used));
    }

    /** This process's CPU time so far (the load client's), in nanoseconds, or -1 if the JVM cannot tell. */
    private static long clientCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The closed loop: every answer sends the next request on the same connection until stopped. */
    private final class Loop {
        final ApiTarget target;
        final HttpPool pool;
        final List<String> rids;
        final Recorder latency = new Recorder(3);
        final AtomicLong ok = new AtomicLong();
        volatile boolean running = true;
        final AtomicLong inFlight = new AtomicLong();
        /** Completed once stopped and every request in flight has been answered. */
        final CompletableFuture<Void> drained = new CompletableFuture<>();

        Loop(ApiTarget target, HttpPool pool, List<String> rids) {
            this.target = target;
            this.pool = pool;
            this.rids = rids;
        }

        void start(int n) {
            for (int i = 0; i < n; i++) {
                next();
            }
        }

        void next() {
            inFlight.incrementAndGet();
            String rid = rids.get(ThreadLocalRandom.current().nextInt(rids.size()));
            pool.post("/v3/push", () -> HeraldTarget.unicastBody(rid, Payload.make(System.nanoTime(), payloadBytes)),
                    (status, nanos, error) -> {
                        long left = inFlight.decrementAndGet();
                        target.checked(status, error);
                        if (status == 200) {
                            ok.incrementAndGet();
                            latency.recordValue(nanos);
                        }
                        if (running) {
                            next();
                        } else if (left == 0) {
                            drained.complete(null);
                        }
                    });
        }

        /** Stops sending and waits (at most 30 s) for the answers to the requests in flight. */
        void stop() throws InterruptedException {
            running = false;
            if (inFlight.get() == 0) { // the last answer may have come before running was false
                drained.complete(null);
            }
            try {
                drained.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Bench.log("  %,d push requests still unanswered after 30 s", inFlight.get());
            }
        }
    }
}
