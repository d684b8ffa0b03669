package dev.herald.server.device;

/**
 * The devices connected to this node now, as their sessions hold them. A session's device is read from the store
 * when the device connects and kept current by the device events of its node, so a push to registration ids of
 * online devices needs no store read to find them.
 */
@FunctionalInterface
public interface OnlineDevices {
    /** The device of this app with this registration id if it has a session on this node, else null. */
    Device find(long appId, String registrationId);
}
