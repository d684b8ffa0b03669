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
 * The heartbeat of every session: one timer per event loop, not two per connection. Each session is pinged once every
 * {@code heartbeat} seconds and closed (4001) when nothing has arrived from it for 3 intervals, so a dead connection
 * goes within 3 to 4 intervals. Per-connection idle timers would cost a few hundred bytes of heap per connection; this
 * costs none.
 *
 * <p>The sessions are split by device id into one slice per {@link #TICK_MILLIS} of the interval, and the timer
 * visits one slice per tick. Pinging all of a loop's sessions at once would write thousands of frames in one task
 * and hold back every push queued behind it (a 300 ms stall with 10,000 connections on two cores), then bring back
 * thousands of pongs at once; one slice a second still showed as a 15–25 ms bump in push latency each second.
 */
public final class Heartbeat implements AutoCloseable {
    /** How often the timer visits the next slice of the sessions. */
    static final long TICK_MILLIS = 100;

    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    public Heartbeat(EventLoopGroup loops, Hub hub, int heartbeatSeconds) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
        int slices = slices(heartbeatSeconds);
        long tickNanos = intervalNanos / slices;
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            timers.add(loop.scheduleAtFixedRate(new Runnable() {
                private int tick; // on the loop only

                @Override
                public void run() {
                    int slice = tick;
                    tick = (tick + 1) % slices;
                    visit(hub, loop, slice, slices, System.nanoTime(), 3 * intervalNanos);
                }
            }, tickNanos, tickNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** Slices of the sessions, one per tick of the interval. */
    static int slices(int heartbeatSeconds) {
        return (int) Math.max(1, TimeUnit.SECONDS.toMillis(heartbeatSeconds) / TICK_MILLIS);
    }

    /** One tick on {@code loop}: pings (or closes, if idle) the sessions in {@code slice} of {@code slices}. */
    static void visit(Hub hub, EventLoop loop, int slice, int slices, long nowNanos, long idleNanos) {
        hub.forEachOn(loop, s -> {
            if (Math.floorMod(s.device().id(), (long) slices) == slice) {
                s.heartbeat(nowNanos, idleNanos);
            }
        });
    }

    @Override
    public void close() {
        timers.forEach(t -> t.cancel(false));
    }
}
