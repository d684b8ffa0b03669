package dev.herald.bench.ceiling;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays each text message to every connection that has not itself sent one (a connection that publishes leaves the
 * audience). Each message is encoded once as a whole WebSocket frame — server frames are unmasked, so the same bytes
 * serve everyone — and every recipient gets a {@code retainedDuplicate()}. Connections are grouped by event loop and
 * a group is only touched on its own loop, so a broadcast is one task per loop and writes never hop threads. The
 * {@link Mode}s differ only in how frames reach the socket: that difference is what the fan-out figures measure.
 */
@ChannelHandler.Sharable
final class Relay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    /** How frames reach the socket. */
    enum Mode {
        /** {@code writeAndFlush} per message per connection: one syscall per frame. */
        NAIVE,
        /** {@code write} per message, then one flush per connection once the loop has run the queued broadcasts. */
        COALESCED,
        /** The queued broadcasts' frames joined in one buffer, then one write and flush of it per connection. */
        BATCHED
    }

    private static final AttributeKey<Boolean> PUBLISHER = AttributeKey.valueOf("publisher");

    private final Mode mode;
    private final ConcurrentHashMap<EventLoop, LoopChannels> loops = new ConcurrentHashMap<>();

    Relay(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            group(ctx.channel()).channels.add(ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        group(ctx.channel()).channels.remove(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        if (ctx.channel().attr(PUBLISHER).setIfAbsent(Boolean.TRUE) == null) {
            group(ctx.channel()).channels.remove(ctx.channel()); // a publisher does not receive
        }
        ByteBuf encoded = encode(ctx.alloc(), frame.content());
        try {
            for (LoopChannels group : loops.values()) {
                ByteBuf shared = encoded.retainedDuplicate();
                group.loop.execute(() -> group.send(shared));
            }
        } finally {
            encoded.release();
        }
    }

    private LoopChannels group(Channel ch) {
        return loops.computeIfAbsent(ch.eventLoop(), LoopChannels::new);
    }

    /** A final, unmasked text frame (RFC 6455 §5.2) holding {@code payload}. */
    static ByteBuf encode(ByteBufAllocator alloc, ByteBuf payload) {
        int len = payload.readableBytes();
        ByteBuf buf = alloc.directBuffer(10 + len);
        buf.writeByte(0x81);
        if (len < 126) {
            buf.writeByte(len);
        } else if (len < 65_536) {
            buf.writeByte(126).writeShort(len);
        } else {
            buf.writeByte(127).writeLong(len);
        }
        return buf.writeBytes(payload, payload.readerIndex(), len);
    }

    /** The connections of one event loop; only that loop touches this. */
    private final class LoopChannels {
        final EventLoop loop;
        final List<Channel> channels = new ArrayList<>();
        private boolean flushQueued;
        private ByteBuf batch;

        LoopChannels(EventLoop loop) {
            this.loop = loop;
        }

        void send(ByteBuf frame) {
            if (mode == Mode.BATCHED) {
                if (batch == null) {
                    batch = frame.alloc().directBuffer(frame.readableBytes() * 64);
                }
                batch.writeBytes(frame);
                frame.release();
            } else {
                try {
                    for (Channel ch : channels) {
                        if (mode == Mode.NAIVE) {
                            ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
                        } else {
                            ch.write(frame.retainedDuplicate(), ch.voidPromise());
                        }
                    }
                } finally {
                    frame.release();
                }
            }
            if (mode != Mode.NAIVE && !flushQueued) {
                // Queued behind the broadcasts already waiting on this loop: they all go out with one flush each.
                flushQueued = true;
                loop.execute(this::flushAll);
            }
        }

        private void flushAll() {
            flushQueued = false;
            if (batch != null) {
                ByteBuf all = batch;
                batch = null;
                for (Channel ch : channels) {
                    ch.write(all.retainedDuplicate(), ch.voidPromise());
                }
                all.release();
            }
            for (Channel ch : channels) {
                ch.flush();
            }
        }
    }
}
