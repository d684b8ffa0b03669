package dev.herald.server.hub;

import dev.herald.server.device.Device;
import dev.herald.server.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The deliveries waiting for one event loop, run on it in the order they were handed over.
 *
 * <p>Every delivery for the loop (broadcasts, unicasts, group messages, tag and alias removals) goes through one queue
 * and schedules one task that runs the queue; a task finds whatever has arrived by then (at most
 * {@link #MAX_PER_RUN}), so a delivery handed over before some other task was queued on the loop — a {@code pong}
 * ({@code Session.reply}) — has run by the time that task runs, and deliveries never overtake one another.
 *
 * <p>Broadcasts that a run finds one after the other form a burst: every live session of the app that matches all of
 * them gets the same frames in the same order, so those frames are joined into one buffer per platform, once, and
 * each such session gets one write of a duplicate of it. Sessions that are catching up, that match only some of the
 * burst, or whose pending output could not take the whole buffer get the messages one at a time through
 * {@link Session#deliver}, as before. Writes are flushed once per loop pass ({@link LoopFlusher}).
 */
final class LoopFanOut implements Runnable {
    /** The most deliveries one task runs; the rest wait for the tasks queued behind it (there is one per delivery). */
    static final int MAX_PER_RUN = 256;

    private record Broadcast(EncodedPush push, SessionList sessions) {
    }

    private final EventLoop loop;
    private final LoopFlusher flusher;
    private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
    /** The burst being gathered by a run; loop only. */
    private final List<Broadcast> burst = new ArrayList<>();

    LoopFanOut(EventLoop loop) {
        this.loop = loop;
        this.flusher = new LoopFlusher(loop);
    }

    /** Any thread: delivers a broadcast to those of {@code sessions} (this loop's sessions of its app) it is for. */
    void broadcast(EncodedPush push, SessionList sessions) {
        enqueue(new Broadcast(push, sessions));
    }

    /** Any thread: runs a delivery task on the loop, in order with the broadcasts. */
    void submit(Runnable task) {
        enqueue(task);
    }

    /** On the loop: the session was written to and needs a flush. */
    void written(Session session) {
        flusher.written(session);
    }

    private void enqueue(Object item) {
        pending.offer(item);
        loop.execute(this);
    }

    @Override
    public void run() {
        try {
            Object item;
            for (int n = 0; n < MAX_PER_RUN && (item = pending.poll()) != null; n++) {
                if (item instanceof Broadcast b) {
                    burst.add(b);
                } else {
                    runBurst();
                    ((Runnable) item).run();
                }
            }
            runBurst();
        } finally {
            burst.clear();
        }
    }

    private void runBurst() {
        if (burst.isEmpty()) {
            return;
        }
        try {
            if (burst.size() == 1) {
                deliverOne(burst.get(0).push(), burst.get(0).sessions());
                return;
            }
            // A burst may hold several apps' broadcasts: each app's sessions get that app's, in order.
            List<SessionList> apps = new ArrayList<>(1);
            for (Broadcast b : burst) {
                if (!apps.contains(b.sessions())) { // identity: SessionList has no equals
                    apps.add(b.sessions());
                }
            }
            for (SessionList sessions : apps) {
                List<EncodedPush> pushes = new ArrayList<>(burst.size());
                for (Broadcast b : burst) {
                    if (b.sessions() == sessions) {
                        pushes.add(b.push());
                    }
                }
                if (pushes.size() == 1) {
                    deliverOne(pushes.get(0), sessions);
                } else {
                    deliverBurst(pushes, sessions);
                }
            }
        } finally {
            burst.clear();
        }
    }

    /** One broadcast: its frames are looked up once per platform, not once per session. */
    private void deliverOne(EncodedPush push, SessionList sessions) {
        long id = push.message().id();
        String platform = null;
        List<ByteBuf> frames = null;
        for (int i = sessions.size() - 1; i >= 0; i--) {
            Session s = sessions.get(i);
            Device d = s.device();
            if (!push.isFor(d)) {
                continue;
            }
            String p = d.platform();
            if (p != platform && !p.equals(platform)) {
                platform = p;
                frames = push.framesFor(p);
            }
            if (s.deliver(id, frames)) {
                flusher.written(s);
            }
        }
    }

    /** Several broadcasts of one app, in order, to this loop's sessions of that app. */
    private void deliverBurst(List<EncodedPush> pushes, SessionList sessions) {
        int k = pushes.size();
        Platforms platforms = new Platforms(pushes);
        boolean[] isFor = new boolean[k];
        // The common burst is everyone's: a device registered before its first message is in all of it.
        boolean allForEveryone = true;
        long firstCreatedAt = Long.MAX_VALUE;
        for (EncodedPush push : pushes) {
            allForEveryone &= push.isForEveryone();
            firstCreatedAt = Math.min(firstCreatedAt, push.message().createdAt());
        }
        for (int i = sessions.size() - 1; i >= 0; i--) {
            Session s = sessions.get(i);
            Device d = s.device();
            boolean forAll = allForEveryone && d.registeredAt() <= firstCreatedAt;
            int matching = k;
            if (!forAll) {
                matching = 0;
                for (int j = 0; j < k; j++) {
                    isFor[j] = pushes.get(j).isFor(d);
                    if (isFor[j]) {
                        matching++;
                    }
                }
            }
            if (matching == 0) {
                continue;
            }
            int p = platforms.indexOf(d.platform());
            if (matching == k && s.live() && s.deliverJoined(platforms.joined(p))) {
                flusher.written(s);
                continue;
            }
            boolean wrote = false;
            for (int j = 0; j < k; j++) {
                if ((forAll || isFor[j]) && s.deliver(pushes.get(j).message().id(), platforms.frames(p, j))) {
                    wrote = true;
                }
            }
            if (wrote) {
                flusher.written(s);
            }
        }
    }

    /** The frames of a burst per platform, looked up once each, and joined once per platform when needed. */
    private static final class Platforms {
        private final List<EncodedPush> pushes;
        private String[] names = new String[2];
        private List<List<ByteBuf>>[] frames = newFramesArray(2);
        private ByteBuf[] joined = new ByteBuf[2];
        private int size;

        Platforms(List<EncodedPush> pushes) {
            this.pushes = pushes;
        }

        @SuppressWarnings("unchecked")
        private static List<List<ByteBuf>>[] newFramesArray(int n) {
            return (List<List<ByteBuf>>[]) new List<?>[n];
        }

        int indexOf(String platform) {
            for (int i = 0; i < size; i++) {
                if (names[i] == platform || names[i].equals(platform)) {
                    return i;
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                frames = Arrays.copyOf(frames, size * 2);
                joined = Arrays.copyOf(joined, size * 2);
            }
            List<List<ByteBuf>> each = new ArrayList<>(pushes.size());
            for (EncodedPush push : pushes) {
                each.add(push.framesFor(platform));
            }
            names[size] = platform;
            frames[size] = each;
            return size++;
        }

        List<ByteBuf> frames(int platform, int push) {
            return frames[platform].get(push);
        }

        ByteBuf joined(int platform) {
            ByteBuf j = joined[platform];
            if (j == null) {
                j = EncodedPush.join(frames[platform]);
                joined[platform] = j;
            }
            return j;
        }
    }
}
