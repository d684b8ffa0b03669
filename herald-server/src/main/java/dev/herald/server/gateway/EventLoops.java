package dev.herald.server.gateway;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.RejectedExecutionHandlers;

import java.util.concurrent.Executor;

/**
 * The connections' event loops, which go back to their sockets after at most {@link #TASK_QUANTUM_MILLIS} of queued
 * tasks. Netty 4.2 lets a loop run tasks for up to a second (its default quantum, and 100 ms at the least through its
 * system property) before it looks at its sockets again; under a fan-out, where every loop always has delivery and
 * flush tasks queued, a push request or an ack then waited that long to be read, and bursts of pushes trickled in.
 * The deadline is checked every 64 tasks (Netty's rule), so it is a bound on the pass, not an exact slice.
 */
final class EventLoops extends MultiThreadIoEventLoopGroup {
    static final long TASK_QUANTUM_MILLIS = 5;

    /** {@code threads}: 0 for Netty's default, twice the cores. */
    EventLoops(int threads, IoHandlerFactory io) {
        super(threads, (Executor) null, io);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory io, Object... args) {
        return new SingleThreadIoEventLoop(this, executor, io, Integer.MAX_VALUE, // unbounded, as Netty's default
                RejectedExecutionHandlers.reject(), TASK_QUANTUM_MILLIS);
    }
}
