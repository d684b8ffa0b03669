package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.bench.report.Report;
import dev.herald.bench.target.NodePeer;
import dev.herald.bench.target.ThreadCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the benchmark tool: {@code all --quick} against Herald (run from this test's class path), the ceiling
 * and the ws peer, then the report. It proves the tool works end to end — connections opened, every message received,
 * figures written — and asserts no timing whatsoever: this machine is shared, and the targets belong in
 * docs/benchmarks.md, not in a test.
 */
class QuickBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void quickRunOfEveryScenarioProducesSaneResults() throws Exception {
        boolean node = NodePeer.nodeAvailable(); // the only reason to leave the peer out
        Path report = dir.resolve("benchmarks.md");
        List<String> args = new ArrayList<>(List.of("all", "--quick", "--out", dir.resolve("results").toString(),
                "--herald-classpath", System.getProperty("java.class.path"),
                "--peer-dir", Path.of("..", "bench", "ws-peer").toAbsolutePath().normalize().toString(),
                "--server-jvm-flags", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:NativeMemoryTracking=summary",
                "--targets", node ? "herald,ceiling,peer" : "herald,ceiling",
                "--report", report.toString()));

        int exit = BenchCommand.commandLine().execute(args.toArray(String[]::new));

        assertThat(exit).as("exit code (a server failed: see the log above)").isZero();
        List<String> servers = node ? List.of("herald", "ceiling-coalesced", "peer")
                : List.of("herald", "ceiling-coalesced");

        JsonNode connections = result("connections");
        for (String s : servers) {
            JsonNode row = row(connections, s);
            assertThat(row.path("connected").asInt()).as(s + " connected").isEqualTo(200);
            assertThat(row.path("held").asInt()).as(s + " held").isEqualTo(200);
            assertThat(row.path("rss_held_mib").asDouble()).as(s + " rss").isPositive();
        }
        assertThat(row(connections, "herald").has("heap_per_connection_bytes")).isTrue();

        JsonNode fanout = result("fanout");
        List<String> fanoutServers = new ArrayList<>(servers);
        fanoutServers.add("ceiling-naive");
        for (String s : fanoutServers) {
            JsonNode row = row(fanout, s);
            assertThat(row.path("delivered").asLong()).as(s + " delivered").isPositive()
                    .isEqualTo(row.path("expected").asLong());
            assertThat(row.path("deliveries_per_s").asDouble()).as(s + " rate").isPositive();
            assertThat(row.path("broadcast_last_delivery_ms").asDouble()).as(s + " broadcast").isPositive();
        }

        for (String s : List.of("herald", "ceiling-durable", "ceiling-memory")) {
            JsonNode push = row(result("push"), s);
            assertThat(push.path("accepted").asLong()).as(s + " pushes").isPositive()
                    .isEqualTo(push.path("delivered").asLong());
            assertThat(push.path("api_errors").asLong()).as(s + " push errors").isZero();
            assertThat(push.path("server_cpu_us_per_push").asDouble()).as(s + " CPU a push").isPositive();
            for (String group : ThreadCpu.GROUPS) {
                assertThat(push.has("cpu_us_per_push_" + group)).as(s + " CPU of " + group).isTrue();
            }
            assertThat(push.path("cpu_us_per_push_event_loops").asDouble()).as(s + " loops' CPU").isPositive();
            assertThat(push.path("client_cpu_us_per_push").asDouble()).as(s + " load client's CPU").isPositive();

            JsonNode latency = row(result("latency"), s);
            assertThat(latency.path("sent").asLong()).as(s + " latency").isPositive()
                    .isEqualTo(latency.path("delivered").asLong());
            assertThat(latency.path("publish_to_receive_p99_ms").asDouble()).isPositive();
        }

        JsonNode storm = result("connect-storm");
        for (String s : servers) {
            assertThat(row(storm, s).path("ready").asInt()).as(s + " storm").isEqualTo(200);
            assertThat(row(storm, s).path("failed").asInt()).as(s + " storm failures").isZero();
        }

        String md = Files.readString(report);
        assertThat(md).contains("## Machine", "Quick mode");
        Report.ORDER.forEach(s -> assertThat(md).contains("## " + s));
    }

    private JsonNode result(String scenario) throws Exception {
        return JSON.readTree(dir.resolve("results").resolve(scenario + ".json").toFile());
    }

    private static JsonNode row(JsonNode result, String server) {
        for (JsonNode r : result.path("targets")) {
            if (server.equals(r.path("target").asText())) {
                assertThat(r.has("error")).as(server + " failed: " + r.path("error").asText()).isFalse();
                return r;
            }
        }
        throw new AssertionError(server + " was not measured in " + result.path("scenario").asText());
    }
}
