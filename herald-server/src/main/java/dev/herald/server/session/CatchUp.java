package dev.herald.server.session;

import dev.herald.server.device.Device;
import dev.herald.server.group.GroupMember;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.hub.EncodedGroup;
import dev.herald.server.hub.EncodedPush;
import dev.herald.server.push.Message;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends a newly connected device what it missed: stored pushes first, then group messages, each oldest first, a page
 * at a time, reading the next page only while the socket is writable — so a device with a long backlog costs one
 * page of memory, not its whole backlog. Store reads run on the worker pool, the writes on the session's event loop;
 * the state here is touched on the event loop only. When both phases are done the session goes live
 * ({@link Session#finishCatchUp}).
 */
final class CatchUp {
    private enum Phase { PUSHES, GROUPS }

    /** One page: the keys it sends (push ids, {@link Session#groupKey}s), their frames, the last id, whether full. */
    private record Page(List<Long> keys, List<List<ByteBuf>> frames, long lastId, boolean full) {
    }

    private final Session session;
    private final SessionServices services;
    private final Consumer<Runnable> offload;
    private final Consumer<Runnable> onLoop;
    private final Runnable done;
    private final boolean newDevice;
    private final Set<Long> sent = new HashSet<>();
    private Phase waitingPhase;
    private long waitingAfter = -1;

    /**
     * {@code newDevice}: registered by this very hello. It can have missed broadcasts only (pushed between its
     * registration and its session joining the hub): nobody knew its registration id, and it has no alias yet, so it
     * has no inbox or group messages; its catch-up skips the group phase. (If no broadcast was published meanwhile,
     * SessionHandler skips the catch-up altogether.)
     */
    CatchUp(Session session, SessionServices services, Consumer<Runnable> offload, Consumer<Runnable> onLoop,
            Runnable done, boolean newDevice) {
        this.session = session;
        this.newDevice = newDevice;
        this.done = done;
        this.services = services;
        this.offload = offload;
        this.onLoop = onLoop;
    }

    void start() {
        fetch(Phase.PUSHES, 0);
    }

    /** The socket became writable again: continue if a page is waiting for it. */
    void writable() {
        if (waitingAfter >= 0 && session.isWritable()) {
            long after = waitingAfter;
            waitingAfter = -1;
            fetch(waitingPhase, after);
        }
    }

    private void fetch(Phase phase, long afterId) {
        Device device = session.device();
        int pageSize = services.config().catchUpPageSize();
        offload.accept(() -> {
            Page page = phase == Phase.PUSHES ? pushPage(device, afterId, pageSize)
                    : groupPage(device, afterId, pageSize);
            onLoop.accept(() -> apply(phase, page));
        });
    }

    private Page pushPage(Device device, long afterId, int pageSize) {
        if (afterId == 0 && !newDevice) {
            services.receipts().sync(); // acks sent just before a reconnect count: don't resend what was acked
        }
        List<Message> page = services.store().pendingFor(device, afterId, pageSize, services.clock().millis());
        List<Long> keys = new ArrayList<>(page.size());
        List<List<ByteBuf>> frames = new ArrayList<>(page.size());
        for (Message m : page) {
            keys.add(m.id());
            frames.add(EncodedPush.encode(m, device.platform()));
        }
        return new Page(keys, frames, page.isEmpty() ? afterId : page.get(page.size() - 1).id(),
                page.size() == pageSize);
    }

    /** The device's missed group messages; {@code mentioned} comes from its member records in each group. */
    private Page groupPage(Device device, long afterId, int pageSize) {
        List<GroupMessage> page = services.store().pendingGroupMessages(device, afterId, pageSize);
        Map<Long, List<GroupMember>> mine = page.isEmpty() ? Map.of() : services.store().memberships(device);
        List<Long> keys = new ArrayList<>(page.size());
        List<List<ByteBuf>> frames = new ArrayList<>(page.size());
        for (GroupMessage m : page) {
            keys.add(Session.groupKey(m.id()));
            frames.add(EncodedGroup.encode(m, m.at().mentionsAny(mine.getOrDefault(m.groupId(), List.of()))));
        }
        return new Page(keys, frames, page.isEmpty() ? afterId : page.get(page.size() - 1).id(),
                page.size() == pageSize);
    }

    private void apply(Phase phase, Page page) {
        if (session.isClosed()) {
            return;
        }
        for (int i = 0; i < page.keys().size(); i++) {
            session.writeCatchUp(page.frames().get(i));
            sent.add(page.keys().get(i));
        }
        session.flush();
        if (!page.full()) {
            if (phase == Phase.PUSHES && !newDevice) {
                fetch(Phase.GROUPS, 0);
            } else {
                session.finishCatchUp(sent);
                done.run();
            }
            return;
        }
        if (session.isWritable()) {
            fetch(phase, page.lastId());
        } else {
            waitingPhase = phase;
            waitingAfter = page.lastId();
        }
    }
}
