package dev.herald.server.bus;

import dev.herald.server.device.Device;

import java.util.List;

/**
 * Devices changed (alias or tags), so hubs update what their open sessions match against.
 *
 * @param updated      devices as they are now
 * @param removedTag   a tag deleted from every device of the app, or {@code null}
 * @param removedAlias an alias cleared from every device of the app, or {@code null}
 */
public record DeviceEvent(long appId, List<Device> updated, String removedTag, String removedAlias) {
    public DeviceEvent {
        updated = List.copyOf(updated);
    }

    public static DeviceEvent updated(long appId, List<Device> devices) {
        return new DeviceEvent(appId, devices, null, null);
    }
}
