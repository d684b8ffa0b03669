package dev.herald.server.push;

import dev.herald.server.app.App;
import dev.herald.server.bus.Bus;
import dev.herald.server.bus.Delivery;
import dev.herald.server.device.Device;
import dev.herald.server.device.OnlineDevices;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.store.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Accepts a push: resolves its audience, queues it for the store and hands it to the bus for the devices online now,
 * without waiting for the commit. It knows nothing about sockets. A push is durable when the future {@link #push}
 * returns completes.
 */
public final class PushService {
    /** How long {@code override_msg_id} and {@code cid} look back, as JPush does. */
    public static final long ONE_DAY_MILLIS = 86_400_000L;

    private final Store store;
    private final OnlineDevices online;
    private final Bus bus;
    private final Clock clock;
    private final int defaultTimeToLive;

    /** What the push API answers. */
    public record Result(long sendno, long messageId) {
    }

    public PushService(Store store, OnlineDevices online, Bus bus, Clock clock, int defaultTimeToLive) {
        this.store = store;
        this.online = online;
        this.bus = bus;
        this.clock = clock;
        this.defaultTimeToLive = defaultTimeToLive;
    }

    /**
     * Pushes, or with {@code validateOnly} runs every check without storing or sending anything. The checks and the
     * audience run on the calling thread; the future completes once the push is durable (on the store's writer
     * thread: what depends on it must be quick), or fails with what the store threw.
     *
     * @throws dev.herald.server.error.HeraldException NO_TARGET when nobody matches the audience,
     *         INVALID_PARAMETER for an unknown {@code override_msg_id}
     */
    public CompletableFuture<Result> push(App app, PushRequest req, boolean validateOnly) {
        long now = clock.millis();
        if (req.cid() != null && !validateOnly) {
            Optional<Message> earlier = store.findByCid(app.id(), req.cid(), now - ONE_DAY_MILLIS);
            if (earlier.isPresent()) {
                return CompletableFuture.completedFuture(new Result(earlier.get().sendno(), earlier.get().id()));
            }
        }
        if (req.overrideMsgId() > 0) {
            Optional<Message> old = store.findMessage(app.id(), req.overrideMsgId());
            if (old.isEmpty() || old.get().createdAt() < now - ONE_DAY_MILLIS) {
                throw HeraldError.INVALID_PARAMETER.exception(
                        "override_msg_id " + req.overrideMsgId() + " is not a message of this app from the last day");
            }
        }
        Audience audience = req.audience();
        List<Device> targets = List.of();
        Set<Long> deliveredNow = new HashSet<>(); // targets online here: they will most likely ack within a second
        if (audience.broadcast()) {
            if (!store.anyDeviceMatches(app.id(), audience, now)) {
                throw noTarget();
            }
        } else {
            targets = resolve(app, audience, deliveredNow);
            if (targets.isEmpty()) {
                throw noTarget();
            }
        }
        return accept(app, req, validateOnly, now, targets, deliveredNow);
    }

    /**
     * Like {@link #push}, from an event loop, which must not wait: a push that needs nothing from the store but its
     * write (an audience of registration ids, and platforms, of devices all online here; no {@code cid}, no
     * {@code override_msg_id}), which the store can queue at once, is taken on this thread. Any other goes to
     * {@code worker}, which may refuse it ({@code RejectedExecutionException}, thrown here).
     */
    public CompletableFuture<Result> pushFromLoop(App app, PushRequest req, boolean validateOnly, Executor worker) {
        Set<Long> deliveredNow = new HashSet<>();
        List<Device> targets = onlineTargets(app, req, deliveredNow);
        if (targets == null || !validateOnly && !store.queuesMessagesAtOnce()) {
            return CompletableFuture.supplyAsync(() -> push(app, req, validateOnly), worker)
                    .thenCompose(result -> result);
        }
        if (targets.isEmpty()) {
            throw noTarget();
        }
        return accept(app, req, validateOnly, clock.millis(), targets, deliveredNow);
    }

    /**
     * The targets of a push whose audience is registration ids (and platforms) of devices all online here, as
     * {@link #resolve} would find them, adding their ids to {@code onlineHere}; null if the push needs the store to
     * decide: a broadcast, aliases or tags, a device not online here, a {@code cid} to look up or a message to
     * override.
     */
    private List<Device> onlineTargets(App app, PushRequest req, Set<Long> onlineHere) {
        Audience audience = req.audience();
        if (req.cid() != null || req.overrideMsgId() > 0 || audience.broadcast() || !registrationIdsOnly(audience)
                || audience.registrationIds().isEmpty()) {
            return null;
        }
        Map<Long, Device> found = new LinkedHashMap<>();
        return takeOnline(app, audience.registrationIds(), found, onlineHere).isEmpty()
                ? found.values().stream().filter(audience::matches).toList() : null;
    }

    /** Queues a push whose audience is resolved ({@code targets}: none for a broadcast); see {@link #push}. */
    private CompletableFuture<Result> accept(App app, PushRequest req, boolean validateOnly, long now,
                                             List<Device> targets, Set<Long> deliveredNow) {
        if (validateOnly) {
            return CompletableFuture.completedFuture(new Result(req.sendno(), 0));
        }
        Audience audience = req.audience();
        int ttl = req.timeToLive() == null ? defaultTimeToLive : req.timeToLive();
        Message draft = new Message(0, app.id(), req.sendno(), audience,
                req.notificationJson(), req.messageJson(),
                now, now + ttl * 1000L, req.overrideMsgId(), req.cid());
        List<Long> inbox = new ArrayList<>(targets.size());
        if (ttl > 0) {
            targets.forEach(d -> inbox.add(d.id()));
        }
        Set<String> rids = targets.isEmpty() ? Set.of()
                : Set.copyOf(targets.stream().map(Device::registrationId).toList());
        Map<String, List<byte[]>> templates = templates(draft, req, targets, deliveredNow);
        // Goes to the devices online as soon as its write is queued, while the write waits for the group commit:
        // only the answer must wait for that. The store calls this in id order, so every connection gets an app's
        // messages in id order, which the broadcast cursor needs. The store may hold the inbox entries of the
        // targets online here until they ack.
        return store.insertMessageAsync(draft, inbox, deliveredNow,
                        m -> bus.publish(new Delivery(m, rids, templates)), null)
                .thenApply(stored -> new Result(stored.sendno(), stored.id()));
    }

    private static HeraldException noTarget() {
        return HeraldError.NO_TARGET.exception("cannot find any device matching the audience");
    }

    private static boolean registrationIdsOnly(Audience audience) {
        return audience.aliases().isEmpty() && audience.tags().isEmpty() && audience.tagsAnd().isEmpty()
                && audience.tagsNot().isEmpty();
    }

    /**
     * The frame templates for the platforms of the targets online here, rendered from the request's trees on this
     * thread, so the event loops that write the frames need not parse the stored JSON and render it again.
     */
    private static Map<String, List<byte[]>> templates(Message draft, PushRequest req, List<Device> targets,
                                                      Set<Long> onlineHere) {
        Map<String, List<byte[]>> templates = new HashMap<>(4);
        for (Device d : targets) {
            if (d.platform() != null && onlineHere.contains(d.id()) && !templates.containsKey(d.platform())) {
                templates.put(d.platform(), PushFrames.templates(draft, req.notification(), req.message(),
                        d.platform()));
            }
        }
        return templates;
    }

    /**
     * The devices a unicast audience names, filtered by the rest of the audience. An audience of registration ids
     * (and platforms) takes the devices online here from their sessions and reads only the others from the store;
     * one with aliases or tags reads them all, so the match sees the store's aliases and tags. Adds the ids of the
     * devices online here to {@code onlineHere}.
     */
    private List<Device> resolve(App app, Audience audience, Set<Long> onlineHere) {
        Map<Long, Device> found = new LinkedHashMap<>();
        boolean registrationIdsOnly = registrationIdsOnly(audience);
        if (!audience.registrationIds().isEmpty()) {
            Collection<String> toRead = audience.registrationIds();
            if (registrationIdsOnly) {
                toRead = takeOnline(app, audience.registrationIds(), found, onlineHere);
            }
            if (!toRead.isEmpty()) {
                store.findDevices(app.id(), toRead).values().forEach(d -> found.put(d.id(), d));
            }
        }
        if (!audience.aliases().isEmpty()) {
            store.findDevicesByAlias(app.id(), audience.aliases()).forEach(d -> found.put(d.id(), d));
        }
        if (!registrationIdsOnly) { // read from the store, online or not (with registration ids only, just asked)
            for (Device d : found.values()) {
                if (online.find(app.id(), d.registrationId()) != null) {
                    onlineHere.add(d.id());
                }
            }
        }
        return found.values().stream().filter(audience::matches).toList();
    }

    /**
     * Puts the devices among {@code registrationIds} whose sessions are here into {@code found}, and their ids into
     * {@code onlineHere}; returns the registration ids of the others.
     */
    private List<String> takeOnline(App app, Collection<String> registrationIds, Map<Long, Device> found,
                                    Set<Long> onlineHere) {
        List<String> elsewhere = new ArrayList<>();
        for (String rid : registrationIds) {
            Device d = online.find(app.id(), rid);
            if (d != null) {
                found.put(d.id(), d);
                onlineHere.add(d.id());
            } else {
                elsewhere.add(rid);
            }
        }
        return elsewhere;
    }
}
