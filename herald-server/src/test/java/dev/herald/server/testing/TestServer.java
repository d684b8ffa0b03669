package dev.herald.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.HeraldServer;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.config.HeraldConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Herald server on port 0 in a temp dir, with a hand-moved clock, its default app, and helpers to call its
 * HTTP API with the JDK's HttpClient and to connect WebSocket clients.
 */
public final class TestServer implements AutoCloseable {
    public final HeraldServer server;
    public final MutableClock clock;
    public final App app;
    /**
     * HTTP/1.1, as Herald speaks: the JDK client's default (HTTP/2) sends an {@code h2c} upgrade offer on every new
     * connection, which Herald rightly ignores, and leaves connection reuse to the JDK's handling of the refusal.
     */
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(HeraldServer server, MutableClock clock, App app) {
        this.server = server;
        this.clock = clock;
        this.app = app;
    }

    public static TestServer start(Path dir) {
        return start(dir, b -> b);
    }

    public static TestServer start(Path dir, UnaryOperator<HeraldConfig.Builder> customize) {
        MutableClock clock = MutableClock.now();
        HeraldConfig config = customize.apply(testConfig(dir).clock(clock)).build();
        try {
            HeraldServer server = HeraldServer.start(config);
            App app = server.createdDefaultApp() != null ? server.createdDefaultApp() : server.apps().list().get(0);
            return new TestServer(server, clock, app);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Defaults for tests: loopback, port 0, few threads. */
    public static HeraldConfig.Builder testConfig(Path dir) {
        return HeraldConfig.builder().host("127.0.0.1").port(0).dataDir(dir).workerThreads(8).ioThreads(2);
    }

    public int port() {
        return server.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    public App createApp(String name, boolean clientBind, int ratePerMinute) {
        return server.apps().create(name, clientBind, ratePerMinute, List.of());
    }

    public static String basic(App app) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (app.appKey() + ":" + app.masterSecret()).getBytes(StandardCharsets.UTF_8));
    }

    /** A WebSocket client (the JDK's) connected to /ws that has said hello and received welcome. */
    public WsClient connect(App app, String platform) {
        WsClient c = WsClient.open(wsUri());
        c.hello(app.appKey(), platform, null, null);
        return c;
    }

    public HttpResponse<String> post(String path, App app, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(app))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path, App app) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(app)).GET().build());
    }

    public HttpResponse<String> delete(String path, App app) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(app)).DELETE().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pushes and returns the msg_id, failing the test unless the API answered 200. */
    public String push(App app, String body) {
        HttpResponse<String> r = post("/v3/push", app, body);
        if (r.statusCode() != 200) {
            throw new AssertionError("push answered " + r.statusCode() + ": " + r.body());
        }
        return json(r.body()).get("msg_id").asText();
    }

    public static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + s, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
