package dev.herald.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording client on the JDK's own {@code java.net.http.WebSocket}: every text frame lands in a queue, the close
 * code in a future. It answers pings itself (the JDK does) and counts them.
 */
public final class WsClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public final AtomicInteger pings = new AtomicInteger();
    private WebSocket socket;
    private JsonNode welcome;

    private WsClient() {
    }

    public static WsClient open(URI uri, String... subprotocols) {
        return open(uri, null, subprotocols);
    }

    /** Opens a connection that sends this {@code Origin} header, as a browser would. */
    public static WsClient openFrom(URI uri, String origin) {
        return open(uri, origin, new String[0]);
    }

    private static WsClient open(URI uri, String origin, String[] subprotocols) {
        WsClient c = new WsClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        c.socket = b.buildAsync(uri, c.new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    public WebSocket socket() {
        return socket;
    }

    /** Sends hello and waits for welcome (fails on anything else). */
    public JsonNode hello(String appKey, String platform, String rid, String secret) {
        return hello(appKey, platform, rid, secret, List.of());
    }

    /** Sends hello acknowledging {@code acks} in it (if any) and waits for welcome (fails on anything else). */
    public JsonNode hello(String appKey, String platform, String rid, String secret, List<String> acks) {
        var hello = Json.object().put("op", "hello").put("appKey", appKey).put("platform", platform);
        if (rid != null) {
            hello.put("registrationId", rid).put("deviceSecret", secret);
        }
        if (!acks.isEmpty()) {
            acks.forEach(hello.putArray("ack")::add);
        }
        send(hello.toString());
        welcome = next();
        if (!"welcome".equals(welcome.path("op").asText())) {
            throw new AssertionError("expected welcome, got " + welcome);
        }
        return welcome;
    }

    public String registrationId() {
        return welcome.get("registrationId").asText();
    }

    public String deviceSecret() {
        return welcome.get("deviceSecret").asText();
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void ack(String... ids) {
        var ack = Json.object().put("op", "ack");
        var arr = ack.putArray("ids");
        for (String id : ids) {
            arr.add(id);
        }
        send(ack.toString());
    }

    /** The next frame, waiting up to {@link #TIMEOUT}. */
    public JsonNode next() {
        try {
            JsonNode n = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (n == null) {
                throw new AssertionError("no frame within " + TIMEOUT);
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame with this op, skipping others. */
    public JsonNode next(String op) {
        while (true) {
            JsonNode n = next();
            if (op.equals(n.path("op").asText())) {
                return n;
            }
        }
    }

    /** Frames received within {@code wait}, without failing when none arrive (for asserting absence). */
    public List<JsonNode> drain(Duration wait) {
        List<JsonNode> out = new ArrayList<>();
        try {
            JsonNode n = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            while (n != null) {
                out.add(n);
                n = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(TestServer.json(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            pings.incrementAndGet();
            return WebSocket.Listener.super.onPing(ws, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
