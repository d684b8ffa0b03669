package dev.herald.server.hub;

import dev.herald.server.bus.BusListener;
import dev.herald.server.bus.Delivery;
import dev.herald.server.bus.DeviceEvent;
import dev.herald.server.bus.GroupDelivery;
import dev.herald.server.device.Device;
import dev.herald.server.device.OnlineDevices;
import dev.herald.server.push.Message;
import dev.herald.server.session.CloseCode;
import dev.herald.server.session.Session;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-local index of live sessions, by registration id and by app, and the fan-out of deliveries (pushes and
 * group messages) to them.
 *
 * <p>Fan-out runs on each session's own event loop: a delivery is handed to each event loop with targets
 * ({@link LoopFanOut}), in order, and written there to all of that loop's targets, so writes never hop threads.
 * Broadcasts that reach a loop together are written to each session as one buffer; the loop flushes each written
 * session once after the tasks queued so far ({@link LoopFlusher}), so a burst costs one syscall per connection, not
 * one per frame. Frames are encoded once per platform and shared ({@link EncodedPush}).
 *
 * <p>Sessions are added and removed on their own event loop; the per-loop lists are only touched there.
 */
public final class Hub implements BusListener, OnlineDevices {
    private final AtomicLong broadcasts = new AtomicLong();
    private final AtomicLong newestBroadcast = new AtomicLong();
    private final ConcurrentHashMap<String, Session[]> byRegistrationId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, ConcurrentHashMap<EventLoop, SessionList>> byApp =
            new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentHashMap<EventLoop, LoopFanOut> fanOuts = new ConcurrentHashMap<>();

    /** Adds a session that has said hello. Call on the session's event loop. */
    public void add(Session session) {
        byRegistrationId.compute(session.registrationId(), (k, arr) -> append(arr, session));
        byApp.computeIfAbsent(session.appId(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(session.eventLoop(), k -> new SessionList())
                .add(session);
        count.incrementAndGet();
    }

    /** Removes a session. Call on the session's event loop. Idempotent. */
    public void remove(Session session) {
        boolean[] removed = {false};
        byRegistrationId.computeIfPresent(session.registrationId(), (k, arr) -> {
            Session[] next = without(arr, session);
            removed[0] = next != arr;
            return next.length == 0 ? null : next;
        });
        var loops = byApp.get(session.appId());
        if (loops != null) {
            SessionList list = loops.get(session.eventLoop());
            if (list != null) {
                list.remove(session);
            }
        }
        if (removed[0]) {
            count.decrementAndGet();
        }
    }

    /** Calls {@code action} for every session on this event loop. Call on that event loop. */
    public void forEachOn(EventLoop loop, java.util.function.Consumer<Session> action) {
        for (var loops : byApp.values()) {
            SessionList sessions = loops.get(loop);
            if (sessions != null) {
                for (Session s : sessions.toArray()) {
                    action.accept(s);
                }
            }
        }
    }

    @Override
    public Device find(long appId, String registrationId) {
        Session[] sessions = byRegistrationId.get(registrationId);
        if (sessions != null) {
            for (Session s : sessions) {
                if (s.appId() == appId) {
                    return s.device();
                }
            }
        }
        return null;
    }

    public boolean isOnline(String registrationId) {
        return byRegistrationId.containsKey(registrationId);
    }

    public int connections() {
        return count.get();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Message message = delivery.message();
        EncodedPush encoded = new EncodedPush(message, delivery.templates());
        if (!delivery.registrationIds().isEmpty()) {
            byLoop(delivery.registrationIds()).forEach((loop, sessions) -> {
                LoopFanOut fanOut = fanOut(loop);
                fanOut.submit(() -> deliverTo(fanOut, sessions, encoded));
            });
            return;
        }
        newestBroadcast.accumulateAndGet(message.createdAt(), Math::max); // before the count: see newestBroadcastAt
        broadcasts.incrementAndGet(); // before the fan-out: see broadcastsPublished
        var loops = byApp.get(message.appId());
        if (loops == null) {
            return;
        }
        loops.forEach((loop, sessions) -> fanOut(loop).broadcast(encoded, sessions));
    }

    /**
     * How many broadcasts (any app) have been handed to the hub so far. A broadcast counts before its fan-out starts,
     * so a session added after a broadcast's fan-out passed its loop always finds the count changed: a new device
     * that sees the same count before it registered and after its session joined missed no broadcast and needs no
     * catch-up read.
     */
    public long broadcastsPublished() {
        return broadcasts.get();
    }

    /**
     * The newest creation time (ms) of the broadcasts handed to the hub so far, 0 if none. A broadcast created in
     * the very millisecond a device registered is meant for it ({@link Device#registeredAt}), and may have been
     * handed over just before that device read {@link #broadcastsPublished}: a new device whose registration is not
     * newer than this cannot take the count alone as proof that it missed nothing.
     */
    public long newestBroadcastAt() {
        return newestBroadcast.get();
    }

    /** The live sessions of these devices, by their event loop. */
    private Map<EventLoop, List<Session>> byLoop(Set<String> registrationIds) {
        Map<EventLoop, List<Session>> byLoop = new IdentityHashMap<>();
        for (String rid : registrationIds) {
            Session[] sessions = byRegistrationId.get(rid);
            if (sessions == null) {
                continue;
            }
            for (Session s : sessions) {
                byLoop.computeIfAbsent(s.eventLoop(), k -> new ArrayList<>()).add(s);
            }
        }
        return byLoop;
    }

    /** A group message goes to its members' sessions like a unicast push, as a {@code group} frame. */
    @Override
    public void onGroupDelivery(GroupDelivery delivery) {
        EncodedGroup encoded = new EncodedGroup(delivery.message());
        long key = Session.groupKey(delivery.message().id());
        byLoop(delivery.registrationIds()).forEach((loop, sessions) -> {
            LoopFanOut fanOut = fanOut(loop);
            fanOut.submit(() -> {
                for (Session s : sessions) {
                    if (s.deliver(key, encoded.framesFor(delivery.mentioned().contains(s.registrationId())))) {
                        fanOut.written(s);
                    }
                }
            });
        });
    }

    /** A unicast: every listed session is a target. */
    private static void deliverTo(LoopFanOut fanOut, List<Session> sessions, EncodedPush encoded) {
        long id = encoded.message().id();
        for (Session s : sessions) {
            if (s.deliver(id, encoded.framesFor(s.platform()))) {
                fanOut.written(s);
            }
        }
    }

    private LoopFanOut fanOut(EventLoop loop) {
        return fanOuts.computeIfAbsent(loop, LoopFanOut::new);
    }

    @Override
    public void onDeviceEvent(DeviceEvent event) {
        Map<String, Device> updated = new HashMap<>();
        for (Device d : event.updated()) {
            updated.put(d.registrationId(), d);
            Session[] sessions = byRegistrationId.get(d.registrationId());
            if (sessions != null) {
                for (Session s : sessions) {
                    if (s.appId() == d.appId()) {
                        s.updateDevice(d);
                    }
                }
            }
        }
        if (event.removedTag() == null && event.removedAlias() == null) {
            return;
        }
        var loops = byApp.get(event.appId());
        if (loops == null) {
            return;
        }
        // In order with the deliveries: a broadcast handed over after the removal does not see the old tag.
        loops.forEach((loop, sessions) -> fanOut(loop).submit(() -> {
            for (Session s : sessions.toArray()) {
                s.updateDevice(withoutTagOrAlias(s.device(), event.removedTag(), event.removedAlias()));
            }
        }));
    }

    private static Device withoutTagOrAlias(Device d, String tag, String alias) {
        Set<String> tags = d.tags();
        if (tag != null && tags.contains(tag)) {
            tags = new HashSet<>(tags);
            tags.remove(tag);
        }
        String newAlias = alias != null && alias.equals(d.alias()) ? null : d.alias();
        return new Device(d.id(), d.appId(), d.registrationId(), d.secretHash(), d.platform(), newAlias, d.mobile(),
                tags, d.registeredAt(), d.lastOnlineAt());
    }

    private static Session[] append(Session[] arr, Session s) {
        if (arr == null) {
            return new Session[]{s};
        }
        Session[] next = java.util.Arrays.copyOf(arr, arr.length + 1);
        next[arr.length] = s;
        return next;
    }

    private static Session[] without(Session[] arr, Session s) {
        for (int i = 0; i < arr.length; i++) {
            if (arr[i] == s) {
                Session[] next = new Session[arr.length - 1];
                System.arraycopy(arr, 0, next, 0, i);
                System.arraycopy(arr, i + 1, next, i, arr.length - i - 1);
                return next;
            }
        }
        return arr;
    }

    /**
     * Closes every session with {@code code} (on each session's own event loop) and returns when the close frames
     * have been written, or the timeout passed.
     */
    public void closeAll(CloseCode code, long timeoutMillis) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        byApp.values().forEach(loops -> loops.forEach((loop, sessions) -> {
            var f = new CompletableFuture<Void>();
            done.add(f);
            loop.execute(() -> {
                for (Session s : sessions.toArray()) {
                    s.close(code);
                }
                f.complete(null);
            });
        }));
        try {
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // best effort: the gateway closes whatever is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
