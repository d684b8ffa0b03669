package dev.herald.bench.target;

import dev.herald.bench.client.Deliveries;
import dev.herald.bench.client.Dialect;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.Payload;
import dev.herald.bench.client.WsConnection;
import dev.herald.bench.client.WsEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A comparison server (the bare-Netty ceiling or the Node {@code ws} peer): it relays every text message one client
 * sends to all the others. One extra connection, the publisher, does the sending; it is not counted as a receiver.
 */
public final class RelayTarget extends ProcessTarget {
    private final String name;
    private final WsConnection publisher;

    private RelayTarget(String name, ServerProcess process, Path dir, WsEndpoint endpoint, WsConnection publisher) {
        super(process, dir, endpoint);
        this.name = name;
        this.publisher = publisher;
    }

    static RelayTarget connect(String name, ServerProcess process, Path dir, LoadClient client)
            throws IOException, InterruptedException {
        int port = Integer.parseInt(process.readyLine().group(1));
        WsEndpoint endpoint = new WsEndpoint(new InetSocketAddress("127.0.0.1", port), "/ws", Dialect.PLAIN, null);
        LoadClient.Connected pub = client.connect(endpoint, 1, 1, new Deliveries(), Duration.ofSeconds(30));
        if (pub.connections().isEmpty()) {
            process.close();
            throw new IOException(name + ": publisher could not connect: " + pub.failures());
        }
        return new RelayTarget(name, process, dir, endpoint, pub.connections().get(0));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<Void> broadcast(int count, int payloadBytes) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(Payload.make(System.nanoTime(), payloadBytes));
        }
        publisher.sendTexts(texts);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long publishErrors() {
        return 0;
    }

    @Override
    public void close() {
        publisher.close();
        stop();
    }
}
