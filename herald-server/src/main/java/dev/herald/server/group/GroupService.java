package dev.herald.server.group;

import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.bus.Bus;
import dev.herald.server.bus.GroupDelivery;
import dev.herald.server.device.Device;
import dev.herald.server.error.HeraldError;
import dev.herald.server.store.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Groups and what is posted into them. A post is committed to the store, then published to the members' live
 * sessions, then the members it mentions are notified with a push ({@link MentionNotifier}). Like
 * {@link dev.herald.server.push.PushService} it knows nothing about sockets; its methods block on the store.
 *
 * <p>Posts into one group are committed and published one at a time (striped locks), so every member receives a
 * group's messages in id order; that is what lets an ack of the newest id stand for all before it.
 */
public final class GroupService {
    public static final int MAX_NAME_CHARS = 100;
    public static final int MAX_MEMBERS = 10_000;
    private static final int LOCK_STRIPES = 64;

    private final Store store;
    private final Bus bus;
    private final MentionNotifier mentions;
    private final Clock clock;
    private final Object[] locks = new Object[LOCK_STRIPES];

    /** Who receives a post: every device of the members, and those of the mentioned members. */
    private record Recipients(Set<String> all, Set<String> mentioned) {
    }

    public GroupService(Store store, Bus bus, MentionNotifier mentions, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.mentions = mentions;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public Group create(App app, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS) {
            throw HeraldError.INVALID_PARAMETER.exception("name: 1.." + MAX_NAME_CHARS + " characters");
        }
        return store.createGroup(new Group(0, app.id(), name, clock.millis()));
    }

    public List<Group> list(App app) {
        return store.listGroups(app.id());
    }

    /** @throws dev.herald.server.error.HeraldException NOT_FOUND unless the app has this group */
    public Group get(App app, long groupId) {
        return store.findGroup(app.id(), groupId)
                .orElseThrow(() -> HeraldError.NOT_FOUND.exception("group " + groupId + " not found"));
    }

    public void delete(App app, long groupId) {
        if (!store.deleteGroup(app.id(), groupId)) {
            throw HeraldError.NOT_FOUND.exception("group " + groupId + " not found");
        }
    }

    public List<GroupMember> members(App app, long groupId) {
        return store.members(get(app, groupId).id());
    }

    /** Applies member changes; refuses to grow a group past {@link #MAX_MEMBERS}. */
    public void updateMembers(App app, long groupId, Collection<GroupMember> add, Collection<GroupMember> remove) {
        Group group = get(app, groupId);
        if (!add.isEmpty() && store.memberCount(group.id()) + add.size() - remove.size() > MAX_MEMBERS) {
            throw HeraldError.INVALID_PARAMETER.exception("a group has at most " + MAX_MEMBERS + " members");
        }
        store.updateMembers(group.id(), add, remove);
    }

    public List<GroupMessage> history(App app, long groupId, long afterId, int limit) {
        return store.groupMessages(get(app, groupId).id(), afterId, limit);
    }

    /** Stores a validated post, delivers it to the members online and notifies the mentioned ones. Durable on return. */
    public GroupMessage post(App app, Group group, String robot, GroupPost post) {
        String html = GroupHtml.render(post.msgtype(), post.content());
        Recipients recipients = recipients(app, group, post.at());
        GroupMessage stored;
        synchronized (locks[(int) Math.floorMod(group.id(), (long) LOCK_STRIPES)]) {
            stored = store.insertGroupMessage(new GroupMessage(0, group.id(), robot, post.msgtype(),
                    Json.string(post.content()), post.at(), html, clock.millis()));
            bus.publish(new GroupDelivery(stored, recipients.all(), recipients.mentioned()));
        }
        if (!recipients.mentioned().isEmpty()) {
            mentions.notify(app, group, stored, post, recipients.mentioned());
        }
        return stored;
    }

    private Recipients recipients(App app, Group group, GroupAt at) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> mentioned = new LinkedHashSet<>();
        List<String> aliases = new ArrayList<>();
        Set<String> mentionedAliases = new LinkedHashSet<>();
        for (GroupMember m : store.members(group.id())) {
            boolean isMentioned = at.mentions(m);
            if (m.kind() == GroupMember.Kind.REGISTRATION_ID) {
                all.add(m.name());
                if (isMentioned) {
                    mentioned.add(m.name());
                }
            } else {
                aliases.add(m.name());
                if (isMentioned) {
                    mentionedAliases.add(m.name());
                }
            }
        }
        if (!aliases.isEmpty()) {
            for (Device d : store.findDevicesByAlias(app.id(), aliases)) {
                all.add(d.registrationId());
                if (mentionedAliases.contains(d.alias())) {
                    mentioned.add(d.registrationId());
                }
            }
        }
        return new Recipients(all, mentioned);
    }
}
