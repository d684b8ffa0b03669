package dev.herald.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.testing.Await;
import dev.herald.server.testing.RawWebSocket;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The herald.v1 protocol over real sockets: subprotocols, bad frames, refusals, heartbeat and idle closing. */
class ProtocolTest {
    @TempDir
    Path dir;
    TestServer t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void subprotocolNegotiationWithTheJdkClient() {
        t = TestServer.start(dir);
        try (WsClient offered = WsClient.open(t.wsUri(), "chat", "superchat", "herald.v1");
             WsClient none = WsClient.open(t.wsUri())) {
            assertThat(offered.socket().getSubprotocol()).isEqualTo("herald.v1");
            assertThat(none.socket().getSubprotocol()).isEmpty();
            none.hello(t.app.appKey(), "java", null, null);
        }
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("chat")
                .buildAsync(t.wsUri(), new java.net.http.WebSocket.Listener() { })
                .orTimeout(10, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(400));
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStays() {
        t = TestServer.start(dir);
        try (WsClient c = t.connect(t.app, "web")) {
            c.send("{not json");
            assertThat(c.next().get("code").asInt()).isEqualTo(4400);
            c.send("[1,2]");
            assertThat(c.next().get("code").asInt()).isEqualTo(4400);
            c.send("{\"op\":\"dance\"}");
            JsonNode err = c.next();
            assertThat(err.get("op").asText()).isEqualTo("error");
            assertThat(err.get("code").asInt()).isEqualTo(4401);
            assertThat(err.get("message").asText()).contains("dance");
            c.send("{\"op\":\"ack\",\"ids\":[\"x1\"]}");
            assertThat(c.next().get("code").asInt()).isEqualTo(4405);
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).isEqualTo("pong");
        }
    }

    @Test
    void refusalsSayWhetherToReconnect() {
        t = TestServer.start(dir);
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("code").asInt()).isEqualTo(4402);
            assertThat(c.awaitClose()).isEqualTo(4100);
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.send("{\"op\":\"hello\",\"appKey\":\"nope\"}");
            assertThat(c.next().get("code").asInt()).isEqualTo(4101);
            assertThat(c.awaitClose()).isEqualTo(4101);
        }
        try (WsClient c = t.connect(t.app, "web")) {
            c.send("{\"op\":\"hello\",\"appKey\":\"" + t.app.appKey() + "\"}");
            assertThat(c.next().get("code").asInt()).isEqualTo(4100);
            assertThat(c.awaitClose()).isEqualTo(4100);
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.send("{\"op\":\"hello\",\"appKey\":\"" + t.app.appKey() + "\",\"ack\":[\"12\",\"x7\"]}");
            JsonNode error = c.next();
            assertThat(error.get("code").asInt()).isEqualTo(4100);
            assertThat(error.get("message").asText()).contains("ack", "not a message id: \"x7\"");
            assertThat(c.awaitClose()).isEqualTo(4100);
        }
    }

    @Test
    void anOriginTheAppDoesNotAllowIsRefusedWith4104() {
        t = TestServer.start(dir);
        App shop = t.server.apps().create("shop", false, 600, List.of("https://shop.example"));
        // The first hello finds the app in the store (on a worker); later ones find it in the cache (on the loop).
        for (int i = 0; i < 2; i++) {
            try (WsClient c = WsClient.openFrom(t.wsUri(), "https://evil.example")) {
                c.send("{\"op\":\"hello\",\"appKey\":\"" + shop.appKey() + "\"}");
                assertThat(c.next().get("code").asInt()).as("attempt %d", i).isEqualTo(4104);
                assertThat(c.awaitClose()).isEqualTo(4104);
            }
        }
        try (WsClient c = WsClient.openFrom(t.wsUri(), "https://shop.example")) {
            assertThat(c.hello(shop.appKey(), "web", null, null).get("registrationId").asText()).isNotEmpty();
        }
        try (WsClient c = WsClient.open(t.wsUri())) { // not a browser: no Origin to check
            assertThat(c.hello(shop.appKey(), "web", null, null).get("registrationId").asText()).isNotEmpty();
        }
    }

    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        t = TestServer.start(dir, b -> b.maxFrameBytes(2048));
        try (RawWebSocket raw = new RawWebSocket(t.port())) {
            raw.sendText("{\"op\":\"hello\",\"appKey\":\"" + "x".repeat(4000) + "\"}");
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
        }
        try (WsClient c = t.connect(t.app, "web")) {
            c.send("{\"op\":\"ping\"}");
            assertThat(c.next().get("op").asText()).isEqualTo("pong");
        }
    }

    @Test
    void helloTimeoutClosesWith4000() throws Exception {
        t = TestServer.start(dir, b -> b.helloTimeoutSeconds(1));
        try (RawWebSocket raw = new RawWebSocket(t.port())) {
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(4000);
        }
    }

    @Test
    void serverPingsAndClosesSilentConnectionsWith4001() throws Exception {
        t = TestServer.start(dir, b -> b.heartbeatSeconds(1));
        try (WsClient polite = t.connect(t.app, "web")) {
            String rid;
            try (RawWebSocket raw = new RawWebSocket(t.port())) {
                raw.sendText("{\"op\":\"hello\",\"appKey\":\"" + t.app.appKey() + "\"}");
                JsonNode welcome = TestServer.json(raw.read().text());
                rid = welcome.get("registrationId").asText();
                assertThat(welcome.get("heartbeat").asInt()).isEqualTo(1);
                assertThat(t.server.hub().isOnline(rid)).isTrue();
                boolean pinged = false;
                RawWebSocket.Frame f;
                while ((f = raw.read()).opcode() != 0x8) {
                    pinged |= f.opcode() == 0x9;
                }
                assertThat(pinged).as("server pinged before giving up").isTrue();
                assertThat(f.closeCode()).isEqualTo(4001);
            }
            Await.until("the hub to drop " + rid, Duration.ofSeconds(5), () -> !t.server.hub().isOnline(rid));
            // the JDK client answers pings, so it stays connected through the same period
            assertThat(polite.pings.get()).isPositive();
            polite.send("{\"op\":\"ping\"}");
            assertThat(polite.next("pong")).isNotNull();
        }
    }

    @Test
    void shutdownSaysGoingAwaySoClientsReconnect() {
        t = TestServer.start(dir);
        WsClient c = t.connect(t.app, "web");
        t.close();
        t = null;
        assertThat(c.awaitClose()).isEqualTo(1001);
    }
}
