package dev.herald.bench.target;

import dev.herald.bench.client.Dialect;
import dev.herald.bench.client.HttpPool;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.Payload;
import dev.herald.bench.client.WsEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Herald started from {@code herald.jar} with a fresh data directory; its default app's keys are read from the first
 * start's output. Broadcasts and unicasts go through {@code POST /v3/push} on a pool of keep-alive connections.
 */
public final class HeraldTarget extends ApiTarget {
    /** Seconds broadcasts are kept for offline devices: a realistic push, stored once for everybody. */
    static final int TIME_TO_LIVE = 600;
    /** As many as the push scenario's backend: a burst is sent at once, as a backend with a connection pool would. */
    private static final int BROADCAST_CONNECTIONS = 64;

    private HeraldTarget(ServerProcess process, Path dir, LoadClient client, WsEndpoint endpoint,
                         String authorization) {
        super(process, dir, client, endpoint, authorization);
    }

    static HeraldTarget start(ServerProcess process, Path dir, LoadClient client) throws IOException {
        int port = Integer.parseInt(process.readyLine().group(1));
        String appKey = process.find(Pattern.compile("appKey:\\s+(\\S+)"))
                .orElseThrow(() -> new IOException("Herald printed no appKey (is the data directory fresh?)"));
        String secret = process.find(Pattern.compile("masterSecret:\\s+(\\S+)"))
                .orElseThrow(() -> new IOException("Herald printed no masterSecret"));
        WsEndpoint endpoint = new WsEndpoint(new InetSocketAddress("127.0.0.1", port), "/ws", Dialect.HERALD, appKey);
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((appKey + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return new HeraldTarget(process, dir, client, endpoint, authorization);
    }

    @Override
    public String name() {
        return "herald";
    }

    @Override
    public CompletableFuture<Void> broadcast(int count, int payloadBytes) {
        HttpPool p;
        try {
            p = currentPool() != null ? currentPool() : pool(BROADCAST_CONNECTIONS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(count);
        for (int i = 0; i < count; i++) {
            p.post("/v3/push", () -> broadcastBody(Payload.make(System.nanoTime(), payloadBytes)),
                    (status, nanos, error) -> {
                        checked(status, error);
                        if (left.decrementAndGet() == 0) {
                            done.complete(null);
                        }
                    });
        }
        return done;
    }

    static String broadcastBody(String payload) {
        return "{\"platform\":\"all\",\"audience\":\"all\",\"message\":{\"msg_content\":\"" + payload
                + "\"},\"options\":{\"time_to_live\":" + TIME_TO_LIVE + "}}";
    }

    /** A push to one registration id: the push and latency scenarios' request, to Herald and the push ceiling. */
    public static String unicastBody(String registrationId, String payload) {
        return "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + registrationId
                + "\"]},\"message\":{\"msg_content\":\"" + payload + "\"},\"options\":{\"time_to_live\":"
                + TIME_TO_LIVE + "}}";
    }
}
