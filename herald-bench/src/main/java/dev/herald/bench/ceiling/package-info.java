/**
 * The ceilings: bare Netty servers with the gateway's transport and socket options, run in their own JVM next to
 * Herald, that show the most this stack can do on this machine. The broadcast ceiling ({@link
 * dev.herald.bench.ceiling.CeilingServer}: no auth, no store, no acks) relays each text message a client sends to
 * every other connection, encoded once and shared, either naively ({@code writeAndFlush} per message per connection: a
 * syscall each), with coalesced flushes (writes now, one flush per connection once its event loop has run the queued
 * broadcasts) or batched (the queued broadcasts' frames in one buffer, one write per connection). The push ceiling
 * ({@link dev.herald.bench.ceiling.PushCeilingServer}) takes Herald's unicast pushes over HTTP and speaks Herald's
 * hello, push and ack frames, durable (a group-committed, fsynced log) or in memory.
 */
package dev.herald.bench.ceiling;
