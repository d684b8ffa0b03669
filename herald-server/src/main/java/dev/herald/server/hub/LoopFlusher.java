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
    private final EventLoop loop;
    private final List<Session> dirty = new ArrayList<>();
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

    @Override
    public void run() {
        scheduled = false;
        for (Session s : dirty) {
            s.flushIfDirty();
        }
        dirty.clear();
    }
}
