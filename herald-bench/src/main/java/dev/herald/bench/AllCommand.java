package dev.herald.bench;

import dev.herald.bench.report.Report;
import dev.herald.bench.scenario.Bench;
import dev.herald.bench.scenario.ConnectStormScenario;
import dev.herald.bench.scenario.ConnectionsScenario;
import dev.herald.bench.scenario.FanoutScenario;
import dev.herald.bench.scenario.LatencyScenario;
import dev.herald.bench.scenario.PushScenario;
import dev.herald.bench.scenario.Result;
import dev.herald.bench.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code all}: every scenario in turn with its default parameters, then (optionally) the report. */
@Command(name = "all", mixinStandardHelpOptions = true, description = "Run every scenario, then write the report.")
final class AllCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options = new BenchOptions();

    @Option(names = "--only", split = ",", description = "run only these scenarios (comma-separated)")
    List<String> only;

    @Option(names = "--report", description = "write the Markdown report here (e.g. docs/benchmarks.md)")
    Path report;

    @Option(names = "--notes", description = "hand-written findings appended to the report (e.g. bench/notes.md)")
    Path notes;

    /** The scenarios in the order they run. */
    static List<Scenario> scenarios() {
        return List.of(new ConnectionsScenario(), new FanoutScenario(), new PushScenario(), new LatencyScenario(),
                new ConnectStormScenario());
    }

    /** Runs the scenarios with {@code options}; returns their results. */
    static List<Result> runAll(BenchOptions options, List<String> only) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Scenario s : scenarios()) {
            if (only != null && !only.contains(s.name())) {
                continue;
            }
            s.options = options;
            results.add(s.execute());
        }
        return results;
    }

    @Override
    public Integer call() throws Exception {
        List<Result> results = runAll(options, only);
        if (report != null) {
            Report.write(options.out, report, notes);
            Bench.log("wrote %s", report);
        }
        boolean failed = results.stream().flatMap(r -> r.rows().stream()).anyMatch(r -> r.containsKey("error"));
        return failed ? 1 : 0;
    }
}
