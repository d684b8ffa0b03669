package dev.herald.bench;

import dev.herald.bench.ceiling.CeilingServer;
import dev.herald.bench.ceiling.PushCeilingServer;
import dev.herald.bench.report.Report;
import dev.herald.bench.scenario.ConnectStormScenario;
import dev.herald.bench.scenario.ConnectionsScenario;
import dev.herald.bench.scenario.FanoutScenario;
import dev.herald.bench.scenario.LatencyScenario;
import dev.herald.bench.scenario.PushScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code java -jar herald-bench.jar <scenario> [options]}: the benchmark tool's entry point. */
@Command(name = "herald-bench", mixinStandardHelpOptions = true, version = "herald-bench 0.1",
        description = "Measure Herald against a bare-Netty ceiling and a Node ws peer on this machine.",
        subcommands = {ConnectionsScenario.class, FanoutScenario.class, PushScenario.class, LatencyScenario.class,
                ConnectStormScenario.class, AllCommand.class, BenchCommand.ReportCommand.class, CeilingServer.class,
                PushCeilingServer.class})
public final class BenchCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, also used by the smoke test. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    /** {@code report}: renders the Markdown report from a directory of JSON results. */
    @Command(name = "report", mixinStandardHelpOptions = true, description = "Write docs/benchmarks.md from results.")
    static final class ReportCommand implements Callable<Integer> {
        @Option(names = "--results", defaultValue = "bench-results", description = "JSON results (${DEFAULT-VALUE})")
        Path results;

        @Option(names = "--out", required = true, description = "the Markdown file to write")
        Path out;

        @Option(names = "--notes", description = "hand-written findings to append")
        Path notes;

        @Override
        public Integer call() throws Exception {
            Report.write(results, out, notes);
            return 0;
        }
    }
}
