package dev.herald.server.device;

import java.util.Set;

/**
 * A change to a device's alias, mobile and tags. A {@code null} field leaves that part unchanged; an empty alias or
 * mobile clears it. {@code clearTags} removes every tag before {@code addTags} are added.
 */
public record DeviceChange(String alias, String mobile, boolean clearTags, Set<String> addTags,
                           Set<String> removeTags) {
    public DeviceChange {
        addTags = addTags == null ? Set.of() : Set.copyOf(addTags);
        removeTags = removeTags == null ? Set.of() : Set.copyOf(removeTags);
    }

    /** Replace the tags wholesale and optionally set the alias. */
    public static DeviceChange replace(String alias, Set<String> tags) {
        return new DeviceChange(alias, null, tags != null, tags, Set.of());
    }
}
