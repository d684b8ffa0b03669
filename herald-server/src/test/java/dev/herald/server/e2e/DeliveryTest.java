package dev.herald.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.store.sqlite.SqliteStore;
import dev.herald.server.store.sqlite.WriterHold;
import dev.herald.server.testing.ServerTestBase;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The push path end to end with the JDK's WebSocket client: online, offline, acks, redelivery, TTL. */
class DeliveryTest extends ServerTestBase {
    private static String toRid(String rid, String extra) {
        return "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + rid + "\"]},"
                + "\"notification\":{\"alert\":\"hi\"}" + extra + "}";
    }

    /** A device that received pushes and lost its connection before acknowledging any of them. */
    private record Lost(String rid, String secret, List<String> ids, List<JsonNode> frames) {
    }

    /** Connects a new device, pushes {@code bodies} (made from its registration id), receives them, and drops. */
    private Lost receivedThenLost(String platform, Function<String, List<String>> bodies) {
        try (WsClient c = t.connect(t.app, platform)) {
            List<String> ids = bodies.apply(c.registrationId()).stream().map(b -> t.push(t.app, b)).toList();
            List<JsonNode> frames = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                frames.add(c.next("push"));
            }
            return new Lost(c.registrationId(), c.deviceSecret(), ids, frames);
        }
    }

    @Test
    void onlineDeviceReceivesPushAtOnce() {
        try (WsClient c = t.connect(t.app, "web")) {
            String id = t.push(t.app, toRid(c.registrationId(), ""));
            JsonNode push = c.next("push");
            assertThat(push.get("id").asText()).isEqualTo(id);
            assertThat(push.get("kind").asText()).isEqualTo("notification");
            assertThat(push.get("alert").asText()).isEqualTo("hi");
        }
    }

    /** Only the answer waits for the commit: the device online has the push while the store's writer is held. */
    @Test
    void anOnlineDeviceGetsAUnicastWhileItsCommitIsUnderWayAndTheAnswerWaitsForIt() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            HttpRequest request = HttpRequest.newBuilder(t.uri("/v3/push"))
                    .header("Authorization", TestServer.basic(t.app)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(toRid(c.registrationId(), ""))).build();
            CompletableFuture<HttpResponse<String>> answer;
            JsonNode push;
            WriterHold hold = WriterHold.on((SqliteStore) t.server.store());
            try {
                answer = t.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                push = c.next("push");
                assertThat(answer).isNotDone();
            } finally {
                hold.close();
            }
            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(response.body()).get("msg_id").asText()).isEqualTo(push.get("id").asText());
        }
    }

    @Test
    void reconnectKeepsRegistrationIdAndRedeliversUntilAcked() {
        Lost lost = receivedThenLost("android", r -> List.of(toRid(r, "")));
        String rid = lost.rid();
        String secret = lost.secret();
        String id = lost.ids().get(0);
        assertThat(lost.frames().get(0).get("id").asText()).isEqualTo(id);
        try (WsClient c = WsClient.open(t.wsUri())) {
            JsonNode welcome = c.hello(t.app.appKey(), "android", rid, secret);
            assertThat(welcome.get("registrationId").asText()).isEqualTo(rid);
            assertThat(welcome.get("deviceSecret").isNull()).isTrue();
            assertThat(c.next("push").get("id").asText()).isEqualTo(id);
            c.ack(id);
            c.send("{\"op\":\"ping\"}");
            c.next("pong");
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "android", rid, secret);
            c.send("{\"op\":\"ping\"}");
            List<JsonNode> frames = List.of(c.next());
            assertThat(frames).extracting(f -> f.get("op").asText()).containsExactly("pong");
        }
    }

    @Test
    void acknowledgedBroadcastsAreNotRedeliveredAndAreCounted() {
        String broadcast = "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":{\"alert\":\"b\"}}";
        String rid;
        String secret;
        List<String> ids;
        try (WsClient c = t.connect(t.app, "web")) {
            rid = c.registrationId();
            secret = c.deviceSecret();
            ids = List.of(t.push(t.app, broadcast), t.push(t.app, broadcast), t.push(t.app, broadcast));
            for (String id : ids) {
                assertThat(c.next("push").get("id").asText()).isEqualTo(id);
            }
            c.ack(ids.get(0));
            c.ack(ids.get(1));
            c.send("{\"op\":\"ping\"}");
            c.next("pong");
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            assertThat(c.next("push").get("id").asText()).isEqualTo(ids.get(2));
            c.ack(ids.get(2));
            c.ack(ids.get(1)); // again: not counted twice
            c.send("{\"op\":\"ping\"}");
            c.next("pong");
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).isEqualTo("pong");
        }
        for (String id : ids) {
            JsonNode report = TestServer.json(t.get("/v3/received/detail?msg_ids=" + id, t.app).body());
            assertThat(report.get(0).get("herald_received").asLong()).as("received of %s", id).isEqualTo(1);
        }
    }

    @Test
    void helloCarriesTheAcksALostConnectionDidNotSend() {
        String broadcast = "{\"platform\":\"all\",\"audience\":\"all\",\"message\":{\"msg_content\":\"b\"}}";
        Lost lost = receivedThenLost("web", r -> List.of(toRid(r, ""), broadcast));
        String rid = lost.rid();
        String secret = lost.secret();
        String unicast = lost.ids().get(0);
        String everyone = lost.ids().get(1);
        JsonNode first = lost.frames().get(0);
        JsonNode second = lost.frames().get(1);
        assertThat(first.get("id").asText()).isEqualTo(unicast);
        assertThat(first.has("broadcast")).isFalse();
        assertThat(second.get("id").asText()).isEqualTo(everyone);
        assertThat(second.get("broadcast").asBoolean()).isTrue();
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret, List.of(unicast, everyone));
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).as("nothing is sent again").isEqualTo("pong");
        }
        for (String id : List.of(unicast, everyone)) {
            JsonNode report = TestServer.json(t.get("/v3/received/detail?msg_ids=" + id, t.app).body());
            assertThat(report.get(0).get("herald_received").asLong()).as("received of %s", id).isEqualTo(1);
        }
    }

    @Test
    void offlineDeviceGetsStoredPushesInOrderBeforeNewOnes() {
        String rid;
        String secret;
        try (WsClient c = t.connect(t.app, "web")) {
            rid = c.registrationId();
            secret = c.deviceSecret();
        }
        String first = t.push(t.app, toRid(rid, ""));
        String second = t.push(t.app, toRid(rid, ""));
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            assertThat(c.next("push").get("id").asText()).isEqualTo(first);
            assertThat(c.next("push").get("id").asText()).isEqualTo(second);
            String third = t.push(t.app, toRid(rid, ""));
            assertThat(c.next("push").get("id").asText()).isEqualTo(third);
        }
    }

    @Test
    void timeToLiveExpiresOnTheClock() {
        String rid;
        String secret;
        try (WsClient c = t.connect(t.app, "web")) {
            rid = c.registrationId();
            secret = c.deviceSecret();
        }
        t.push(t.app, toRid(rid, ",\"options\":{\"time_to_live\":60}"));
        String kept = t.push(t.app, toRid(rid, ",\"options\":{\"time_to_live\":120}"));
        t.clock.advance(Duration.ofSeconds(61));
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            assertThat(c.next("push").get("id").asText()).isEqualTo(kept);
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).isEqualTo("pong");
        }
    }

    @Test
    void timeToLiveZeroReachesOnlyOnlineDevices() {
        String offlineRid;
        String offlineSecret;
        try (WsClient c = t.connect(t.app, "web")) {
            offlineRid = c.registrationId();
            offlineSecret = c.deviceSecret();
        }
        try (WsClient online = t.connect(t.app, "web")) {
            String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":{\"alert\":\"now\"},"
                    + "\"options\":{\"time_to_live\":0}}");
            assertThat(online.next("push").get("id").asText()).isEqualTo(id);
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", offlineRid, offlineSecret);
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).isEqualTo("pong");
        }
    }

    @Test
    void wrongSecretIsRefusedWith4102() {
        String rid;
        try (WsClient c = t.connect(t.app, "web")) {
            rid = c.registrationId();
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.send("{\"op\":\"hello\",\"appKey\":\"" + t.app.appKey() + "\",\"registrationId\":\"" + rid
                    + "\",\"deviceSecret\":\"wrong\"}");
            JsonNode err = c.next();
            assertThat(err.get("op").asText()).isEqualTo("error");
            assertThat(err.get("code").asInt()).isEqualTo(4102);
            assertThat(c.awaitClose()).isEqualTo(4102);
        }
    }
}
