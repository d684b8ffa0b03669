package dev.herald.server.push;

import dev.herald.server.device.Device;

import java.util.Set;

/**
 * Who a push is for, as JPush defines it: {@code all}, or any combination of registration ids, aliases, tags (OR),
 * tags (AND) and excluded tags, the present keys AND-ed together; plus a platform filter.
 *
 * @param platforms the platforms targeted; empty means every platform
 */
public record Audience(boolean all, Set<String> registrationIds, Set<String> aliases, Set<String> tags,
                       Set<String> tagsAnd, Set<String> tagsNot, Set<String> platforms) {
    public Audience {
        registrationIds = Set.copyOf(registrationIds);
        aliases = Set.copyOf(aliases);
        tags = Set.copyOf(tags);
        tagsAnd = Set.copyOf(tagsAnd);
        tagsNot = Set.copyOf(tagsNot);
        platforms = Set.copyOf(platforms);
    }

    public static Audience everyone(Set<String> platforms) {
        return new Audience(true, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), platforms);
    }

    /**
     * A broadcast names no registration id and no alias: it is stored once and each device finds it by matching
     * itself against the audience, instead of the audience being resolved to an inbox per device.
     */
    public boolean broadcast() {
        return registrationIds.isEmpty() && aliases.isEmpty();
    }

    /** Whether a device with this platform and these tags is in the platform and tag part of the audience. */
    public boolean matchesTagsAndPlatform(String platform, Set<String> deviceTags) {
        if (!platforms.isEmpty() && !platforms.contains(platform)) {
            return false;
        }
        if (!tags.isEmpty() && tags.stream().noneMatch(deviceTags::contains)) {
            return false;
        }
        if (!tagsAnd.isEmpty() && !deviceTags.containsAll(tagsAnd)) {
            return false;
        }
        // Called per recipient during fan-out: no stream for the common empty case.
        if (!tagsNot.isEmpty()) {
            for (String t : tagsNot) {
                if (deviceTags.contains(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the device is in this audience (every present key AND-ed). */
    public boolean matches(Device device) {
        if (!registrationIds.isEmpty() && !registrationIds.contains(device.registrationId())) {
            return false;
        }
        if (!aliases.isEmpty() && (device.alias() == null || !aliases.contains(device.alias()))) {
            return false;
        }
        return matchesTagsAndPlatform(device.platform(), device.tags());
    }
}
