package dev.herald.bench.target;

import dev.herald.bench.client.WsEndpoint;

import java.util.concurrent.CompletableFuture;

/**
 * A running server that load-client connections can join and that can broadcast to all of them. Implementations are
 * Herald (broadcast = {@code POST /v3/push} with audience {@code all}) and the comparison servers (broadcast = a
 * publisher connection sending text frames that the server relays to every other connection).
 */
public interface Target extends AutoCloseable {
    /** Short name used in tables and JSON: {@code herald}, {@code ceiling-coalesced}, {@code peer}, ... */
    String name();

    WsEndpoint endpoint();

    ServerProcess process();

    /**
     * Sends {@code count} broadcasts of {@code payloadBytes} each as fast as the publisher can, each stamped with the
     * time it leaves ({@link dev.herald.bench.client.Payload}). The future completes when the server has accepted them
     * all (Herald: every API call answered); deliveries are counted by the receiving connections.
     */
    CompletableFuture<Void> broadcast(int count, int payloadBytes);

    /** Broadcasts the server refused or failed so far (HTTP errors, for Herald). */
    long publishErrors();

    /** Stops the server process and removes its data. */
    @Override
    void close();
}
