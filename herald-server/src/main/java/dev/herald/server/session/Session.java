package dev.herald.server.session;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One authenticated connection of a device, as the hub sees it. Everything except {@link #device()} and
 * {@link #updateDevice} is called on the connection's event loop.
 *
 * <p>Right after hello the session is <em>catching up</em>: stored messages are being sent from the store, and live
 * deliveries are held back (bounded) so that the device gets the older ones first; when catch-up ends the held ones
 * that catch-up did not already send follow.
 */
public final class Session {
    /** How many live deliveries may wait while a session catches up before it is closed as too slow. */
    static final int MAX_HELD = 10_000;
    /** The key of a held reply, which no message has (push keys are positive, group keys negative). */
    /** A WebSocket ping frame with no payload, shared like push frames (unmasked, so the same bytes for all). */
    private static final io.netty.buffer.ByteBuf PING = io.netty.buffer.Unpooled.unreleasableBuffer(
            io.netty.buffer.Unpooled.directBuffer(2).writeByte(0x89).writeByte(0));
    private static final long NO_ID = Long.MIN_VALUE;

    private final Channel channel;
    /**
     * Where pre-encoded frames (push and group frames, pings: whole WebSocket frames as bytes) are written: the
     * WebSocket encoder's context, so they start just past the encoder instead of walking the pipeline from its tail
     * through it (the encoder would only pass them on). Frame objects (replies, close) still go through the channel.
     * Order is kept: the encoder forwards what it encodes at once, into the same outbound buffer.
     */
    private final ChannelOutboundInvoker bytesOut;
    private final App app;
    private volatile Device device;
    private boolean catchingUp = true;
    private List<Held> held;
    private boolean closed;
    private boolean dirty;
    private int hubSlot = -1;
    private long lastReadNanos = System.nanoTime();

    private record Held(long id, List<ByteBuf> frames) {
    }

    Session(Channel channel, App app, Device device) {
        this.channel = channel;
        ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
        this.bytesOut = encoder != null ? encoder : channel;
        this.app = app;
        this.device = device;
    }

    /**
     * The key a group message is delivered, held and de-duplicated under while catching up: its id negated, so the
     * two id spaces (pushes, group messages) never collide.
     */
    public static long groupKey(long groupMessageId) {
        return -groupMessageId;
    }

    public String registrationId() {
        return device.registrationId();
    }

    public long appId() {
        return app.id();
    }

    public App app() {
        return app;
    }

    public String platform() {
        return device.platform();
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public Device device() {
        return device;
    }

    /** Any thread: the device's alias or tags changed. */
    public void updateDevice(Device updated) {
        this.device = updated;
    }

    /**
     * Writes (without flushing) a live delivery, or holds it while catching up. Returns whether anything was written,
     * so the caller flushes it. Closes the session with 4002 when the client does not keep up. {@code messageId} is a
     * push id or a {@link #groupKey}.
     */
    public boolean deliver(long messageId, List<ByteBuf> frames) {
        if (closed) {
            return false;
        }
        if (catchingUp) {
            if (held == null) {
                held = new ArrayList<>();
            }
            if (held.size() >= MAX_HELD) {
                close(CloseCode.TOO_SLOW);
                return false;
            }
            held.add(new Held(messageId, frames));
            return false;
        }
        if (!channel.isWritable()) {
            close(CloseCode.TOO_SLOW);
            return false;
        }
        write(frames);
        return true;
    }

    /**
     * Writes (without flushing) several live deliveries at once, as one buffer holding their frames back to back
     * (shared by every recipient: this writes a {@code duplicate()}). Only for a session that is {@link #live()}, and
     * only if the whole buffer fits under the high-water mark: then no delivery in it could have found the session
     * too slow one by one. Returns false, having written nothing, otherwise; the caller then {@link #deliver}s them
     * one at a time, so holding and the slow-reader rule apply per message. Event loop only.
     */
    public boolean deliverJoined(ByteBuf joined) {
        if (closed || catchingUp || channel.bytesBeforeUnwritable() <= joined.readableBytes()) {
            return false;
        }
        bytesOut.write(joined.duplicate(), channel.voidPromise());
        return true;
    }

    /** Open and past catch-up: deliveries are written at once. Event loop only. */
    public boolean live() {
        return !closed && !catchingUp;
    }

    /** Where the hub keeps this session in its per-loop list; -1 when not there. Event loop only, hub only. */
    public int hubSlot() {
        return hubSlot;
    }

    /** See {@link #hubSlot()}. */
    public void hubSlot(int slot) {
        hubSlot = slot;
    }

    public void flush() {
        bytesOut.flush();
    }

    /** Marks the session as written but not flushed; false if it already was. Event loop only. */
    public boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    /** Flushes if {@link #markDirty} was called since the last flush. Event loop only. */
    public void flushIfDirty() {
        if (dirty) {
            dirty = false;
            bytesOut.flush();
        }
    }

    /**
     * Sends a reply (such as {@code pong}) behind every push this session has been handed so far: while catching up
     * it waits with the held pushes. So a client's ping works as a barrier: its pong comes after everything pushed
     * before it.
     *
     * <p>The reply is queued as a task on the event loop rather than written at once: a push acknowledged by the API
     * before the client sent its ping has its fan-out task queued on this loop already, but the loop may read the
     * ping before it runs its task queue; queueing the reply behind that task keeps the order.
     */
    void reply(String text) {
        channel.eventLoop().execute(() -> replyNow(text));
    }

    private void replyNow(String text) {
        if (closed) {
            return;
        }
        if (catchingUp) {
            if (held == null) {
                held = new ArrayList<>();
            }
            held.add(new Held(NO_ID, List.of(ServerFrames.text(text))));
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Writes stored messages during catch-up; the caller flushes. */
    void writeCatchUp(List<ByteBuf> frames) {
        if (!closed) {
            write(frames);
        }
    }

    /** Ends catch-up: sends the held live deliveries that catch-up did not already send, then goes live. */
    void finishCatchUp(Set<Long> alreadySent) {
        catchingUp = false;
        if (held != null) {
            for (Held h : held) {
                if (h.id == NO_ID || !alreadySent.contains(h.id)) {
                    write(h.frames);
                }
            }
            held = null;
        }
        bytesOut.flush();
    }

    private void write(List<ByteBuf> frames) {
        for (ByteBuf f : frames) {
            bytesOut.write(f.duplicate(), channel.voidPromise());
        }
    }

    /** Something arrived from the client (any frame, pongs included). */
    void touched(long nanos) {
        lastReadNanos = nanos;
    }

    /**
     * The heartbeat: closes the session with 4001 if nothing arrived for {@code idleNanos}, else sends a WebSocket
     * ping. Called on the event loop by {@link Heartbeat}.
     */
    void heartbeat(long nowNanos, long idleNanos) {
        if (closed) {
            return;
        }
        if (nowNanos - lastReadNanos > idleNanos) {
            close(CloseCode.IDLE);
        } else {
            bytesOut.writeAndFlush(PING.duplicate(), channel.voidPromise());
        }
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes with a Herald close code (see docs/protocol.md). */
    public void close(CloseCode code) {
        if (closed) {
            return;
        }
        closed = true;
        held = null;
        channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    void markClosed() {
        closed = true;
        held = null;
    }
}
