package dev.herald.bench.client;

/** What a connection says after the WebSocket handshake. */
public enum Dialect {
    /** {@code herald.v1}: hello → welcome, then acks and application pings as the SDK sends them. */
    HERALD,
    /** Nothing: the comparison servers broadcast to every open socket; the client only reads. */
    PLAIN
}
