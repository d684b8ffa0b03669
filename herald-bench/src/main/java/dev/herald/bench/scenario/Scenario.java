package dev.herald.bench.scenario;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.report.Machine;
import dev.herald.bench.target.ApiTarget;
import dev.herald.bench.target.Target;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A benchmark scenario and its command. Subclasses measure; this class starts each server in turn, keeps one failing
 * server from hiding the others' figures, and prints and writes the result.
 */
public abstract class Scenario implements Callable<Integer> {
    @Mixin
    public BenchOptions options = new BenchOptions();

    /** The scenario's name: the command, the JSON file, the report section. */
    public abstract String name();

    /** Servers this scenario compares, of those asked for; {@code allCeilings} adds the naive and batched ceilings. */
    protected List<String> kinds(Bench bench, boolean allCeilings) {
        List<String> kinds = new ArrayList<>();
        if (options.wants("herald")) {
            kinds.add("herald");
        }
        if (options.wants("ceiling")) {
            kinds.add("ceiling-coalesced");
            if (allCeilings) {
                kinds.add("ceiling-naive");
                kinds.add("ceiling-batched");
            }
        }
        if (bench.peerWanted()) {
            kinds.add("peer");
        }
        return kinds;
    }

    /**
     * Servers a push scenario compares, of those asked for: Herald, and for {@code ceiling} the push ceiling durable
     * (an fsynced group commit before each answer, as Herald) and in memory (the network stack alone).
     */
    protected List<String> pushKinds() {
        List<String> kinds = new ArrayList<>();
        if (options.wants("herald")) {
            kinds.add("herald");
        }
        if (options.wants("ceiling")) {
            kinds.add("ceiling-durable");
            kinds.add("ceiling-memory");
        }
        return kinds;
    }

    /** Records parameters, then measures each server into the result. */
    protected abstract void run(Bench bench, Result result) throws Exception;

    /** Measures one server: the body fills the server's row. */
    @FunctionalInterface
    protected interface Measurement {
        void measure(Target target, Map<String, Object> row) throws Exception;
    }

    /** Starts server {@code kind}, runs {@code body}, stops it; a failure becomes the row's {@code error}. */
    protected void measure(Bench bench, Result result, String kind, int heartbeatSeconds, Measurement body) {
        Map<String, Object> row = result.row(kind);
        Bench.log("%s: starting %s", name(), kind);
        bench.deliveries.takeErrorSamples();
        try (Target t = switch (kind) {
            case "herald" -> bench.launcher.herald(name(), bench.client, heartbeatSeconds);
            case "ceiling-coalesced" -> bench.launcher.ceiling(name(), "coalesced", bench.client);
            case "ceiling-naive" -> bench.launcher.ceiling(name(), "naive", bench.client);
            case "ceiling-batched" -> bench.launcher.ceiling(name(), "batched", bench.client);
            case "peer" -> bench.launcher.peer(name(), bench.client);
            case "ceiling-durable" -> bench.launcher.pushCeiling(name(), "durable", bench.client);
            case "ceiling-memory" -> bench.launcher.pushCeiling(name(), "memory", bench.client);
            default -> throw new IllegalArgumentException("unknown server " + kind);
        }) {
            body.measure(t, row);
            List<String> errors = bench.deliveries.takeErrorSamples();
            if (!errors.isEmpty()) {
                Bench.log("  %s: errors and closes, e.g. %s", kind, errors);
                result.note(kind + ": errors and closes seen by clients, e.g. " + errors);
            }
            if (t instanceof ApiTarget api && !api.errorSamples().isEmpty()) {
                Bench.log("  %s: push API errors, e.g. %s", kind, api.errorSamples());
                result.note(kind + ": push API errors, e.g. " + api.errorSamples());
            }
        } catch (Exception e) {
            Bench.log("%s: %s failed: %s", name(), kind, e);
            row.put("error", e.toString());
            result.note(kind + " failed: " + e);
        }
    }

    /** Opens {@code n} connections to a server, logging the outcome. */
    protected static LoadClient.Connected connect(Bench bench, Target t, int n, int inFlight)
            throws InterruptedException {
        LoadClient.Connected c = bench.client.connect(t.endpoint(), n, inFlight, bench.deliveries,
                Duration.ofSeconds(60 + n / 200));
        Bench.log("  %s: %,d connected (%,d failed) in %.1f s = %,.0f/s %s", t.name(), c.connections().size(),
                c.failed(), c.nanos() / 1e9, c.perSecond(), c.failures().isEmpty() ? "" : c.failures());
        return c;
    }

    /** Runs the scenario with {@link #options}; prints and writes the result. */
    public Result execute() throws Exception {
        Result result = new Result(name(), options.quick, Machine.describe(options.jvmFlags()));
        try (Bench bench = new Bench(options)) {
            run(bench, result);
        }
        result.print(System.out);
        Bench.log("%s: wrote %s", name(), result.write(options.out));
        return result;
    }

    @Override
    public Integer call() throws Exception {
        Result r = execute();
        return r.rows().stream().anyMatch(row -> row.containsKey("error")) ? 1 : 0;
    }
}
