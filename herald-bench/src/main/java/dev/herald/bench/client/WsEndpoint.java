package dev.herald.bench.client;

import java.net.InetSocketAddress;

/**
 * Where and how to connect: the server's address, the WebSocket path, the dialect, and for Herald the app key to say
 * hello with.
 */
public record WsEndpoint(InetSocketAddress address, String path, Dialect dialect, String appKey) {
    /** The {@code Sec-WebSocket-Protocol} to offer: {@code herald.v1} to Herald (as the SDK does), none elsewhere. */
    String subprotocol() {
        return dialect == Dialect.HERALD ? "herald.v1" : null;
    }
}
