/**
 * Pushes: the JPush v3 body and its validation, audiences, stored messages, the frames clients receive, and the
 * service that commits a push and hands it to the bus. Knows nothing about sockets.
 */
package dev.herald.server.push;
