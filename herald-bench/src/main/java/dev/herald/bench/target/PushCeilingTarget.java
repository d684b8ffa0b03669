package dev.herald.bench.target;

import dev.herald.bench.client.Dialect;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.WsEndpoint;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The push ceiling ({@code herald-bench push-ceiling}): the bare-Netty server that takes the same {@code POST
 * /v3/push} bodies and speaks the same hello, push and ack frames as Herald, durable or in memory. Unicast only.
 */
public final class PushCeilingTarget extends ApiTarget {
    private final String name;

    private PushCeilingTarget(String name, ServerProcess process, Path dir, LoadClient client, WsEndpoint endpoint) {
        super(process, dir, client, endpoint, null);
        this.name = name;
    }

    static PushCeilingTarget start(String name, ServerProcess process, Path dir, LoadClient client) {
        int port = Integer.parseInt(process.readyLine().group(1));
        WsEndpoint endpoint = new WsEndpoint(new InetSocketAddress("127.0.0.1", port), "/ws", Dialect.HERALD,
                "ceiling");
        return new PushCeilingTarget(name, process, dir, client, endpoint);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<Void> broadcast(int count, int payloadBytes) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(name + " has no broadcast"));
    }
}
