package dev.herald.server.group;

import java.util.List;

/**
 * Who a group message mentions, as DingTalk's {@code at} object says it: mobile numbers, user ids, or everyone.
 * Matched against the members' own {@code mobile} and {@code userId}.
 */
public record GroupAt(List<String> atMobiles, List<String> atUserIds, boolean isAtAll) {
    public static final GroupAt NOBODY = new GroupAt(List.of(), List.of(), false);

    public GroupAt {
        atMobiles = List.copyOf(atMobiles);
        atUserIds = List.copyOf(atUserIds);
    }

    public boolean mentions(GroupMember member) {
        return isAtAll
                || (member.mobile() != null && atMobiles.contains(member.mobile()))
                || (member.userId() != null && atUserIds.contains(member.userId()));
    }

    /** Whether any of these member records (one device may be a member twice: by id and by alias) is mentioned. */
    public boolean mentionsAny(List<GroupMember> records) {
        for (GroupMember m : records) {
            if (mentions(m)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyone() {
        return isAtAll || !atMobiles.isEmpty() || !atUserIds.isEmpty();
    }
}
