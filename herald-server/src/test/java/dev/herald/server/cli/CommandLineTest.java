package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings precedence (flag > environment > file > default) and the app commands. */
class CommandLineTest {
    @TempDir
    Path dir;

    private ServerCommand parseServer(Map<String, String> env, String... args) {
        CommandLine cl = HeraldCommand.commandLine(args, env);
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return (ServerCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("herald.yml");
        Files.writeString(file, "port: 9000\nheartbeat-seconds: 40\nhello-timeout-seconds: 7\n");
        Map<String, String> env = Map.of("HERALD_CONFIG", file.toString(), "HERALD_PORT", "9100",
                "HERALD_HEARTBEAT_SECONDS", "30");
        ServerCommand s = parseServer(env, "server", "--port", "9200");
        assertThat(s.port).isEqualTo(9200);
        assertThat(s.heartbeatSeconds).isEqualTo(30);
        assertThat(s.helloTimeoutSeconds).isEqualTo(7);
        assertThat(s.maxFrameBytes).isEqualTo(65536);
        ServerCommand viaFlag = parseServer(Map.of(), "server", "--config", file.toString());
        assertThat(viaFlag.port).isEqualTo(9000);
    }

    @Test
    void badSettingStopsWithItsName() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = HeraldCommand.commandLine(new String[0], Map.of());
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute("server", "--data", dir.toString(), "--heartbeat-seconds", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("heartbeat-seconds: 0 is outside 1..3600");
    }

    @Test
    void appCreatePrintsJsonAndAppListShowsIt() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String data = dir.resolve("data").toString();
            assertThat(HeraldCommand.commandLine(new String[0], Map.of())
                    .execute("app", "create", "--data", data, "--name", "shop", "--client-bind")).isZero();
            JsonNode created = TestServer.json(out.toString(StandardCharsets.UTF_8).trim());
            assertThat(created.get("appKey").asText()).hasSize(24);
            assertThat(created.get("masterSecret").asText()).hasSize(24);
            out.reset();
            assertThat(HeraldCommand.commandLine(new String[0], Map.of()).execute("app", "list", "--data", data))
                    .isZero();
            JsonNode listed = TestServer.json(out.toString(StandardCharsets.UTF_8).trim());
            assertThat(listed.get("appKey").asText()).isEqualTo(created.get("appKey").asText());
            assertThat(listed.get("clientBind").asBoolean()).isTrue();
            assertThat(listed.has("masterSecret")).isFalse();
        } finally {
            System.setOut(original);
        }
    }
}
