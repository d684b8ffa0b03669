/**
 * The servers under test, each in its own process: Herald (from {@code herald.jar} with a fresh data directory),
 * the bare-Netty ceiling (this module, in a second JVM) and the Node {@code ws} peer. A {@link
 * dev.herald.bench.target.Target} hides how each one is started and told to broadcast.
 */
package dev.herald.bench.target;
