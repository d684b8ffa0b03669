package dev.herald.server.session;

import dev.herald.server.hub.Hub;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat of every session: one timer per event loop, not two per connection. Every {@code heartbeat} seconds
 * it pings each session on its loop and closes (4001) those from which nothing has arrived for 3 intervals, so a
 * dead connection goes within 3 to 4 intervals. Per-connection idle timers cost a few hundred bytes of heap per
 * connection; this costs none.
 */
public final class Heartbeat implements AutoCloseable {
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    public Heartbeat(EventLoopGroup loops, Hub hub, int heartbeatSeconds) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            timers.add(loop.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                hub.forEachOn(loop, s -> s.heartbeat(now, 3 * intervalNanos));
            }, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS));
        }
    }

    @Override
    public void close() {
        timers.forEach(t -> t.cancel(false));
    }
}
