package dev.herald.bench.ceiling;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays each text message to every other connection. Connections are grouped by event loop and each group is only
 * touched on its own loop, so a broadcast is one task per loop and writes never hop threads; the payload is shared by
 * every recipient ({@code retainedDuplicate}), never copied.
 */
@ChannelHandler.Sharable
final class Relay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    /** How writes reach the socket. */
    enum Mode {
        /** {@code writeAndFlush} per message per connection: one syscall per frame. */
        NAIVE,
        /** {@code write} per message, then one flush per connection after the loop has run the queued broadcasts. */
        COALESCED
    }

    private final Mode mode;
    private final ConcurrentHashMap<EventLoop, LoopChannels> loops = new ConcurrentHashMap<>();

    Relay(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            EventLoop loop = ctx.channel().eventLoop();
            loops.computeIfAbsent(loop, LoopChannels::new).channels.add(ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        LoopChannels group = loops.get(ctx.channel().eventLoop());
        if (group != null) {
            group.channels.remove(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        Channel sender = ctx.channel();
        for (LoopChannels group : loops.values()) {
            ByteBuf shared = frame.content().retainedDuplicate();
            group.loop.execute(() -> group.send(shared, sender));
        }
    }

    /** The connections of one event loop; only that loop touches this. */
    private final class LoopChannels {
        final EventLoop loop;
        final List<Channel> channels = new ArrayList<>();
        private boolean flushQueued;

        LoopChannels(EventLoop loop) {
            this.loop = loop;
        }

        void send(ByteBuf shared, Channel sender) {
            try {
                for (Channel ch : channels) {
                    if (ch == sender) {
                        continue;
                    }
                    TextWebSocketFrame f = new TextWebSocketFrame(shared.retainedDuplicate());
                    if (mode == Mode.NAIVE) {
                        ch.writeAndFlush(f, ch.voidPromise());
                    } else {
                        ch.write(f, ch.voidPromise());
                    }
                }
            } finally {
                shared.release();
            }
            if (mode == Mode.COALESCED && !flushQueued) {
                // Queued behind the broadcasts already waiting on this loop: they all go out with one flush each.
                flushQueued = true;
                loop.execute(this::flushAll);
            }
        }

        private void flushAll() {
            flushQueued = false;
            for (Channel ch : channels) {
                ch.flush();
            }
        }
    }
}
