/**
 * The ceiling: a bare Netty WebSocket broadcast server with no auth, no store and no acks — the most this stack can
 * deliver on this machine, run in its own JVM next to Herald. It relays each text message a client sends to every
 * other connection, encoded once and shared, either naively ({@code writeAndFlush} per message per connection: a
 * syscall each), with coalesced flushes (writes now, one flush per connection once its event loop has run the queued
 * broadcasts) or batched (the queued broadcasts' frames in one buffer, one write per connection).
 */
package dev.herald.bench.ceiling;
