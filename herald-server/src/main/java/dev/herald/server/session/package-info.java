/**
 * One connected client: the {@code herald.v1} protocol (hello, welcome, push, ack, bind, heartbeat), catch-up from
 * the store on connect, and the close codes of docs/protocol.md.
 */
package dev.herald.server.session;
