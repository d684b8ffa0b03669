package dev.herald.server.store;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupMember;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.robot.Robot;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Herald's durable state: apps, devices with their alias and tags, messages, per-device inboxes and receipts; groups
 * with their members, messages, per-device group cursors and robots.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li><b>Durability.</b> A method that writes returns only after its change is committed (for SQLite: the WAL is
 *   synced). Implementations may group many callers' writes into one transaction (group commit), but never answer a
 *   caller before that caller's write is committed. The exceptions are {@link #markOnline} and
 *   {@link #recordGroupAcks}, which may be buffered briefly: a lost one only costs a stale time or a redelivery,
 *   which clients de-duplicate.</li>
 *   <li><b>Ordering.</b> Message ids are assigned at commit and increase in commit order, so "ordered by id" is
 *   push order. Group messages have their own id space with the same rule.</li>
 *   <li><b>Threads.</b> All methods are thread-safe and blocking; call them off the network event loops.</li>
 *   <li><b>Apps isolate.</b> Every lookup is scoped to an app id; a registration id, alias or tag of another app is
 *   never seen.</li>
 * </ul>
 */
public interface Store extends AutoCloseable {

    // ---- apps ----

    /** Inserts an app (its id is ignored) and returns it with the id assigned. Fails if the app key exists. */
    App createApp(App app);

    Optional<App> findApp(String appKey);

    List<App> listApps();

    /** The app with this id (robots know their app by id). */
    Optional<App> findAppById(long appId);

    // ---- devices ----

    /** Registers a new device with no alias and no tags. Fails if the registration id exists. */
    default Device createDevice(long appId, String registrationId, String secretHash, String platform, long now) {
        return await(createDeviceAsync(appId, registrationId, secretHash, platform, now));
    }

    /**
     * Like {@link #createDevice}, without waiting: the future completes with the device once it is durable, or fails
     * with what {@code createDevice} would throw. It may complete on the store's writer thread, so what depends on it
     * must be quick or hand itself to another thread. Registering costs a connecting device no thread of its own.
     */
    CompletableFuture<Device> createDeviceAsync(long appId, String registrationId, String secretHash, String platform,
                                                long now);

    Optional<Device> findDevice(long appId, String registrationId);

    /** The devices of this app among these registration ids; unknown ids are absent from the result. */
    Map<String, Device> findDevices(long appId, Collection<String> registrationIds);

    /** The devices whose alias is one of these. */
    List<Device> findDevicesByAlias(long appId, Collection<String> aliases);

    /** Records the moment a device was last seen connected (connect and disconnect). May be buffered. */
    void markOnline(long deviceId, long now);

    /**
     * Applies a change to one device and returns the device as it is afterwards, or empty if it does not exist.
     * Setting an alias does not affect other devices holding the same alias (JPush allows several).
     */
    Optional<Device> updateDevice(long appId, String registrationId, DeviceChange change);

    /** Clears the alias on every device that holds it; returns how many devices changed. */
    int deleteAlias(long appId, String alias);

    /** Every tag used by at least one device of the app, sorted. */
    List<String> listTags(long appId);

    /** Adds the tag to, and removes it from, the given devices (unknown ids are ignored). */
    void updateTag(long appId, String tag, Collection<String> addRegistrationIds,
                   Collection<String> removeRegistrationIds);

    /** Removes the tag from every device of the app; returns how many devices changed. */
    int deleteTag(long appId, String tag);

    /** Number of tags a device holds (for the per-device tag limit). */
    int tagCount(long deviceId);

    /**
     * Whether at least one device registered at or before {@code registeredBy} matches a broadcast audience
     * (platform and tag part; see {@link Audience#matchesTagsAndPlatform}).
     */
    boolean anyDeviceMatches(long appId, Audience audience, long registeredBy);

    // ---- messages ----

    /**
     * Commits a message, assigning its id, together with an inbox entry for each of {@code inboxDeviceIds}
     * (unicast audiences; broadcasts pass none), the cid if the draft has one, and — if the draft overrides an
     * earlier message — the earlier message's replacement, so it is no longer delivered. Returns the message with
     * its id. Durable on return.
     */
    default Message insertMessage(Message draft, Collection<Long> inboxDeviceIds) {
        return insertMessage(draft, inboxDeviceIds, stored -> { });
    }

    /**
     * Like {@link #insertMessage(Message, Collection)}, and calls {@code whenCommitted} with the stored message once it
     * is durable, before returning, in the order the messages were committed: a later message's call never runs
     * before an earlier one's. {@code whenCommitted} must be quick and must not call the store; what it throws is
     * logged, not returned.
     */
    default Message insertMessage(Message draft, Collection<Long> inboxDeviceIds, Consumer<Message> whenCommitted) {
        return await(insertMessageAsync(draft, inboxDeviceIds, whenCommitted));
    }

    /**
     * Like {@link #insertMessage(Message, Collection, Consumer)}, without waiting: the future completes with the stored
     * message once it is durable, after {@code whenCommitted}, or fails with what {@code insertMessage} would throw.
     * It may complete on the store's writer thread, so what depends on it must be quick or hand itself to another
     * thread.
     */
    default CompletableFuture<Message> insertMessageAsync(Message draft, Collection<Long> inboxDeviceIds,
                                                          Consumer<Message> whenCommitted) {
        return insertMessageAsync(draft, inboxDeviceIds, Set.of(), whenCommitted);
    }

    /**
     * Like {@link #insertMessageAsync(Message, Collection, Consumer)}, with a hint: {@code deliveredNow} are those of
     * the inbox devices that the message is being sent to right now, which will most likely acknowledge it within a
     * second. A store may keep their inbox entries out of its costliest structure until they do (the SQLite store
     * writes no inbox row for an entry acknowledged in time); what {@link #pendingFor} and {@link #inInbox} see, and
     * what survives a crash, is the same either way.
     */
    default CompletableFuture<Message> insertMessageAsync(Message draft, Collection<Long> inboxDeviceIds,
                                                          Set<Long> deliveredNow, Consumer<Message> whenCommitted) {
        return insertMessageAsync(draft, inboxDeviceIds, deliveredNow, null, whenCommitted);
    }

    /**
     * Whether {@link #insertMessageAsync} would queue a message right now without waiting for anything (message ids,
     * room in a queue), so that a thread that must never wait, an event loop, may call it. A hint, not a promise: a
     * store that cannot tell says false, and its callers then call from a thread that may wait.
     */
    default boolean queuesMessagesAtOnce() {
        return false;
    }

    /**
     * Like {@link #insertMessageAsync(Message, Collection, Set, Consumer)}, and calls {@code whenQueued} (if not null)
     * with the message and its id on the calling thread as soon as its write is queued, before it is durable; the
     * server sends the push to the devices online from there, while the write waits for its commit. Across threads
     * these calls come in id order, which is also the commit order: so every connection sees an app's messages in id
     * order, which the broadcast cursor relies on (see {@link #recordAcks}). The store guarantees three things to
     * such a caller: the id is never given to another message, even if this one is lost in a crash (the device may
     * have it); a {@link #pendingFor} that starts after {@code whenQueued} returned sees the message once it commits;
     * and what {@code whenQueued} throws is logged, not returned. It must be quick and must not call the store.
     */
    CompletableFuture<Message> insertMessageAsync(Message draft, Collection<Long> inboxDeviceIds,
                                                  Set<Long> deliveredNow, Consumer<Message> whenQueued,
                                                  Consumer<Message> whenCommitted);

    Optional<Message> findMessage(long appId, long messageId);

    /** The message an earlier push with this cid created, if it was created at or after {@code since}. */
    Optional<Message> findByCid(long appId, String cid, long since);

    /**
     * What a device has still to receive, in id order, at most {@code limit} messages with id greater than
     * {@code afterId}: its inbox messages and the app's broadcasts pushed at or after it registered whose audience
     * it matches now, that have not expired at {@code now}, have not been replaced, and that it has not acknowledged.
     */
    List<Message> pendingFor(Device device, long afterId, int limit, long now);

    /**
     * Whether a unicast message was stored for the device: it has an inbox entry for it, acknowledged or not (whether
     * or not the store held the entry back, see {@link #insertMessageAsync(Message, Collection, Set, Consumer)}).
     */
    boolean inInbox(long deviceId, long messageId);

    // ---- receipts ----

    /**
     * Records that a device acknowledged messages. Ids that do not exist, belong to another app, or are already
     * acknowledged are ignored. Durable on return (the server's coalescer, {@code Receipts}, does the buffering).
     *
     * <p>A unicast message's ack is a receipt of its own. A broadcast's ack moves the device's <em>broadcast
     * cursor</em> up to it (never back): the device has acknowledged every broadcast of its app up to the cursor, so
     * catch-up starts after it, and a burst of broadcasts costs one row per device, not one per device per message.
     * This is exact because a connection receives an app's broadcasts in id order
     * ({@link #insertMessageAsync(Message, Collection, Set, Consumer, Consumer)}). Each broadcast above the cursor
     * that a device acknowledges counts once towards that broadcast's {@link #receivedByPlatform}.
     */
    default void recordAcks(long deviceId, String platform, Collection<Long> messageIds, long now) {
        recordAcks(List.of(new DeviceAcks(deviceId, platform, now,
                messageIds.stream().mapToLong(Long::longValue).toArray())));
    }

    /**
     * Records many devices' acknowledgements in one write, durable on return; the same rules as the per-device form.
     * For the server's ack coalescer, which gathers acks in memory and persists them in batches.
     */
    void recordAcks(List<DeviceAcks> acks);

    /** The messages one device acknowledged, at {@code at} on {@code platform}. */
    record DeviceAcks(long deviceId, String platform, long at, long[] messageIds) {
    }

    /**
     * Of these message ids, those the device has acknowledged (a broadcast: at or below its broadcast cursor). Sees
     * every ack recorded before the call.
     */
    Set<Long> acknowledged(long deviceId, Collection<Long> messageIds);

    /** For one message: how many devices acknowledged it, per platform. Sees every ack recorded before the call. */
    Map<String, Long> receivedByPlatform(long messageId);

    /** Drops messages, inboxes and receipts whose message expired before {@code before}. Returns messages removed. */
    int purgeExpired(long before);

    // ---- groups ----

    /** Inserts a group (its id is ignored) and returns it with the id assigned. */
    Group createGroup(Group draft);

    Optional<Group> findGroup(long appId, long groupId);

    /** The app's groups in id order. */
    List<Group> listGroups(long appId);

    /** Deletes a group with its members, messages, cursors and robots; false if the app has no such group. */
    boolean deleteGroup(long appId, long groupId);

    /**
     * Adds members and removes others (matched by kind and name), in one transaction. Adding a member that exists
     * replaces its mobile and user id and keeps its place in the history. A new member receives the group's messages
     * posted after it was added, not the older ones.
     */
    void updateMembers(long groupId, Collection<GroupMember> add, Collection<GroupMember> remove);

    /** The group's members, registration ids first, each kind sorted by name. */
    List<GroupMember> members(long groupId);

    int memberCount(long groupId);

    /**
     * The member records that name this device in groups of its app: by its registration id, or by its alias as
     * the device has it now. A device may be a member of one group twice (by id and by alias).
     */
    Map<Long, List<GroupMember>> memberships(Device device);

    /** Commits a group message, assigning its id. Durable on return. */
    GroupMessage insertGroupMessage(GroupMessage draft);

    /** The group's history: up to {@code limit} messages with id greater than {@code afterId}, in id order. */
    List<GroupMessage> groupMessages(long groupId, long afterId, int limit);

    /**
     * What a device has still to receive from its groups, in id order, at most {@code limit} messages with id greater
     * than {@code afterId}: for each group it is a member of (see {@link #memberships}), the messages posted after it
     * joined that are newer than its cursor there. Sees every group ack recorded before the call.
     */
    List<GroupMessage> pendingGroupMessages(Device device, long afterId, int limit);

    /**
     * Records that a device acknowledged group messages: in each of their groups its cursor moves up to the newest
     * of them (never back). Ids that do not exist, or belong to another app's groups, are ignored. Members receive a
     * group's messages in id order, so the newest acknowledged id stands for all before it. May be buffered briefly
     * (see the class contract).
     */
    void recordGroupAcks(long deviceId, Collection<Long> groupMessageIds);

    /**
     * Deletes group messages created before {@code before} that are not among the newest {@code keepPerGroup} of
     * their group: history is kept while it is young or recent. Returns how many were removed.
     */
    int purgeGroupMessages(long before, int keepPerGroup);

    // ---- robots ----

    /** Inserts a robot (its id is ignored). Fails with IllegalArgumentException if the access token exists. */
    Robot createRobot(Robot draft);

    Optional<Robot> findRobot(String accessToken);

    /** The group's robots in id order. */
    List<Robot> listRobots(long groupId);

    /** Replaces a robot's access token and secret; empty if the group has no such robot. */
    Optional<Robot> rotateRobot(long groupId, long robotId, String accessToken, String secret);

    /** False if the group has no such robot. */
    boolean deleteRobot(long groupId, long robotId);

    @Override
    void close();

    /** Waits for a write and throws what it failed with, as the synchronous methods do. */
    private static <T> T await(CompletableFuture<T> write) {
        try {
            return write.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
