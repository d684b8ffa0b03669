/**
 * Moves deliveries between nodes: {@link dev.herald.server.bus.LocalBus} in-process for one node; a Redis bus
 * when there are several.
 */
package dev.herald.server.bus;
