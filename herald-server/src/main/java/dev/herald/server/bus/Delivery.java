package dev.herald.server.bus;

import dev.herald.server.push.Message;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A committed message on its way to the connected devices.
 *
 * @param registrationIds the resolved targets of a unicast message; empty for a broadcast, which every hub matches
 *                        against its own sessions
 * @param templates       the message's frame templates ({@link dev.herald.server.push.PushFrames}) by platform, as the
 *                        pushing thread rendered them for the targets online here; a platform missing is rendered
 *                        from the stored JSON. Memory only: a bus between nodes leaves them out.
 */
public record Delivery(Message message, Set<String> registrationIds, Map<String, List<byte[]>> templates) {
    public Delivery {
        registrationIds = Set.copyOf(registrationIds);
        templates = Map.copyOf(templates);
    }

    /** A delivery whose frames are all rendered from the stored JSON. */
    public Delivery(Message message, Set<String> registrationIds) {
        this(message, registrationIds, Map.of());
    }
}
