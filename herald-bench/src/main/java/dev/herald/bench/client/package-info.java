/**
 * The load client: many WebSocket connections on Netty's epoll transport, each costing a few hundred bytes, that
 * speak just enough {@code herald.v1} (hello, batched acks, pings and pongs) to behave like the SDK, plus a small
 * keep-alive HTTP client for the push API. Frames are parsed in place without building objects, because the client
 * shares the machine's two cores with the server it measures.
 */
package dev.herald.bench.client;
