package dev.herald.server.bus;

import dev.herald.server.group.GroupMessage;

import java.util.Set;

/**
 * A committed group message on its way to the members' connected devices.
 *
 * @param registrationIds every device of the group's members when it was posted (members by alias resolved)
 * @param mentioned       those of them that the message mentions; their frame says {@code "mentioned":true}
 */
public record GroupDelivery(GroupMessage message, Set<String> registrationIds, Set<String> mentioned) {
    public GroupDelivery {
        registrationIds = Set.copyOf(registrationIds);
        mentioned = Set.copyOf(mentioned);
    }
}
