package dev.herald.server.device;

import java.util.Set;

/**
 * One installation of a client in one app, identified by its registration id.
 *
 * @param secretHash   SHA-256 (hex) of the device secret; the secret itself is only known to the client
 * @param alias        at most one alias, usually the backend's user id; {@code null} when unset
 * @param registeredAt ms since epoch; broadcasts pushed before this moment are not for this device
 * @param lastOnlineAt ms since epoch of the last connect or disconnect, 0 if never
 */
public record Device(long id, long appId, String registrationId, String secretHash, String platform, String alias,
                     String mobile, Set<String> tags, long registeredAt, long lastOnlineAt) {
    public Device {
        tags = Set.copyOf(tags);
    }
}
