package dev.herald.server.e2e;

import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JPush audiences end to end: alias, tag, tag_and, tag_not, platform, all, and who a broadcast is for. */
class AudienceTest {
    @TempDir
    Path dir;
    TestServer t;
    WsClient a;
    WsClient b;
    WsClient c;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        a = t.connect(t.app, "android");
        b = t.connect(t.app, "ios");
        c = t.connect(t.app, "web");
        tag(a, "{\"tags\":{\"add\":[\"vip\",\"bj\"]},\"alias\":\"alice\"}");
        tag(b, "{\"tags\":{\"add\":[\"vip\",\"sh\"]},\"alias\":\"bob\"}");
        tag(c, "{\"tags\":{\"add\":[\"sh\"]},\"alias\":\"alice\"}");
    }

    private void tag(WsClient client, String body) {
        assertThat(t.post("/v3/devices/" + client.registrationId(), t.app, body).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        c.close();
        t.close();
    }

    /** Pushes and returns which of a, b, c received it (each checked to have got exactly this id, or nothing). */
    private List<String> reach(String platform, String audience) {
        String id = t.push(t.app, "{\"platform\":" + platform + ",\"audience\":" + audience
                + ",\"notification\":{\"alert\":\"x\"}}");
        // a ping round-trip after the push proves anything pushed to that client has arrived before the pong
        java.util.ArrayList<String> got = new java.util.ArrayList<>();
        for (var entry : List.of(java.util.Map.entry("a", a), java.util.Map.entry("b", b),
                java.util.Map.entry("c", c))) {
            entry.getValue().send("{\"op\":\"ping\"}");
            var frames = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
            com.fasterxml.jackson.databind.JsonNode f;
            while (!(f = entry.getValue().next()).path("op").asText().equals("pong")) {
                frames.add(f);
            }
            if (!frames.isEmpty()) {
                assertThat(frames).hasSize(1);
                assertThat(frames.get(0).get("id").asText()).isEqualTo(id);
                got.add(entry.getKey());
            }
        }
        return got;
    }

    @Test
    void aliasReachesEveryDeviceHoldingIt() {
        assertThat(reach("\"all\"", "{\"alias\":[\"alice\"]}")).containsExactly("a", "c");
    }

    @Test
    void tagsAreOredTagAndAndedTagNotExcluded() {
        assertThat(reach("\"all\"", "{\"tag\":[\"bj\",\"sh\"]}")).containsExactly("a", "b", "c");
        assertThat(reach("\"all\"", "{\"tag_and\":[\"vip\",\"sh\"]}")).containsExactly("b");
        assertThat(reach("\"all\"", "{\"tag\":[\"sh\"],\"tag_not\":[\"vip\"]}")).containsExactly("c");
        assertThat(reach("\"all\"", "{\"alias\":[\"alice\"],\"tag\":[\"sh\"]}")).containsExactly("c");
    }

    @Test
    void platformFilterAndAll() {
        assertThat(reach("[\"android\",\"web\"]", "\"all\"")).containsExactly("a", "c");
        assertThat(reach("\"all\"", "\"all\"")).containsExactly("a", "b", "c");
        assertThat(reach("[\"ios\"]", "{\"tag\":[\"vip\"]}")).containsExactly("b");
    }

    @Test
    void noMatchIs1011() {
        var r = t.post("/v3/push", t.app,
                "{\"platform\":\"all\",\"audience\":{\"tag\":[\"nobody\"]},\"notification\":{\"alert\":\"x\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r.body()).at("/error/code").asInt()).isEqualTo(1011);
        r = t.post("/v3/push", t.app, "{\"platform\":[\"ios\"],\"audience\":{\"registration_id\":[\""
                + a.registrationId() + "\"]},\"notification\":{\"alert\":\"x\"}}");
        assertThat(TestServer.json(r.body()).at("/error/code").asInt()).isEqualTo(1011);
    }

    @Test
    void broadcastIsForDevicesRegisteredWhenPushedAndReachesOfflineOnesLater() {
        String rid = c.registrationId();
        String secret = c.deviceSecret();
        c.close();
        t.clock.advance(Duration.ofSeconds(1));
        String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"tag\":[\"sh\"]},"
                + "\"notification\":{\"alert\":\"sale\"}}");
        assertThat(b.next("push").get("id").asText()).isEqualTo(id);
        t.clock.advance(Duration.ofSeconds(1));
        try (WsClient late = t.connect(t.app, "web")) {
            tag(late, "{\"tags\":{\"add\":[\"sh\"]}}");
            late.send("{\"op\":\"ping\"}");
            assertThat(late.next().get("op").asText()).isEqualTo("pong");
        }
        c = WsClient.open(t.wsUri());
        c.hello(t.app.appKey(), "web", rid, secret);
        assertThat(c.next("push").get("id").asText()).isEqualTo(id);
    }

    /**
     * The clock stands still: a device that registers in the millisecond a broadcast was pushed is one of its targets,
     * though the broadcast reached the hub before the device said hello (so the hub's broadcast count did not move
     * while it registered).
     */
    @Test
    void aDeviceRegisteredInTheMillisecondOfABroadcastGetsIt() {
        String id = t.push(t.app,
                "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":{\"alert\":\"now\"}}");
        try (WsClient late = t.connect(t.app, "web")) {
            assertThat(late.next("push").get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void tagChangesApplyToConnectedDevicesAtOnce() {
        tag(c, "{\"tags\":{\"add\":[\"gold\"]}}");
        assertThat(reach("\"all\"", "{\"tag\":[\"gold\"]}")).containsExactly("c");
        assertThat(t.delete("/v3/tags/gold", t.app).statusCode()).isEqualTo(200);
        tag(a, "{\"tags\":{\"add\":[\"gold\"]}}");
        assertThat(reach("\"all\"", "{\"tag\":[\"gold\"]}")).containsExactly("a");
    }
}
