package dev.herald.server.hub;

import dev.herald.server.session.Session;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Flushes the sessions of one event loop once the loop has run the fan-out tasks already queued, instead of once per
 * message: a burst of pushes becomes one flush (one {@code writev}) per connection. Touched only on its loop.
 */
final class LoopFlusher implements Runnable {
    /** Sessions flushed per task; the rest wait behind the tasks queued meanwhile (see {@link #run}). */
    static final int MAX_PER_RUN = 128;

    private final EventLoop loop;
    private final List<Session> dirty = new ArrayList<>();
    private int next;
    private boolean scheduled;

    LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** The session was written to; it will be flushed after the tasks queued on the loop so far. */
    void written(Session session) {
        if (session.markDirty()) {
            dirty.add(session);
        }
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    /**
     * Flushes up to {@link #MAX_PER_RUN} sessions, then queues itself again for the rest: a flush is a syscall per
     * session, and a pass over thousands of them would hold back everything queued meanwhile (HTTP responses, the
     * next deliveries); those run in between, and a session not yet flushed takes the next deliveries in the same
     * flush.
     */
    @Override
    public void run() {
        int end = Math.min(dirty.size(), next + MAX_PER_RUN);
        for (; next < end; next++) {
            dirty.get(next).flushIfDirty();
        }
        if (next < dirty.size()) {
            loop.execute(this);
            return;
        }
        scheduled = false;
        dirty.clear();
        next = 0;
    }
}
