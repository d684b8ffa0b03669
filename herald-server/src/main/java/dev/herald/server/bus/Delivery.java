package dev.herald.server.bus;

import dev.herald.server.push.Message;

import java.util.Set;

/**
 * A committed message on its way to the connected devices.
 *
 * @param registrationIds the resolved targets of a unicast message; empty for a broadcast, which every hub matches
 *                        against its own sessions
 */
public record Delivery(Message message, Set<String> registrationIds) {
    public Delivery {
        registrationIds = Set.copyOf(registrationIds);
    }
}
