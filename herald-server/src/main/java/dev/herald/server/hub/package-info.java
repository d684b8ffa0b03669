/** The node-local index of live sessions and the fan-out of deliveries to them on their own event loops. */
package dev.herald.server.hub;
