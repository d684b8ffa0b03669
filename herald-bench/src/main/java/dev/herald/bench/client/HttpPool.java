package dev.herald.bench.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * A fixed number of keep-alive HTTP/1.1 connections, each carrying one request at a time, like a backend's
 * connection pool, on the load client's backend loop (not the devices'). Requests wait in a queue for a free
 * connection; the body is made when the request leaves, so a timestamp inside it is the time it was sent.
 */
public final class HttpPool implements AutoCloseable {
    /** Called on an event loop when a response (or a failure, status -1) arrives. */
    @FunctionalInterface
    public interface Callback {
        void done(int status, long nanos, String errorBody);
    }

    private record Request(String path, Supplier<String> body, Callback callback) {
    }

    private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Conn> idle = new ConcurrentLinkedQueue<>();
    private final List<Channel> channels = new ArrayList<>();
    private final String host;
    private final String authorization;

    private HttpPool(InetSocketAddress server, String authorization) {
        this.host = server.getHostString() + ":" + server.getPort();
        this.authorization = authorization;
    }

    /** Opens {@code connections} connections to {@code server}; {@code authorization} is sent on every request. */
    public static HttpPool open(LoadClient client, InetSocketAddress server, String authorization, int connections)
            throws InterruptedException {
        HttpPool pool = new HttpPool(server, authorization);
        for (int i = 0; i < connections; i++) {
            Conn conn = pool.new Conn();
            Channel ch = client.backendBootstrap().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), conn);
                }
            }).connect(server).sync().channel();
            pool.channels.add(ch);
            pool.idle.add(conn);
        }
        return pool;
    }

    /** Queues a POST; {@code body} is called when a connection is free. */
    public void post(String path, Supplier<String> body, Callback callback) {
        pending.add(new Request(path, body, callback));
        dispatch();
    }

    /** Requests waiting for a connection. */
    public int queued() {
        return pending.size();
    }

    private void dispatch() {
        while (!pending.isEmpty()) {
            Conn c = idle.poll();
            if (c == null) {
                return;
            }
            Request r = pending.poll();
            if (r == null) {
                idle.add(c); // someone else took it; look again in case another arrived meanwhile
                continue;
            }
            c.send(r);
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
    }

    /** One connection: at most one request in flight. */
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        private volatile Channel channel;
        private Request current;
        private long sentAt;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void send(Request r) {
            channel.eventLoop().execute(() -> {
                current = r;
                byte[] body = r.body().get().getBytes(StandardCharsets.UTF_8);
                FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.path(),
                        Unpooled.wrappedBuffer(body));
                req.headers().set(HttpHeaderNames.HOST, host)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                if (authorization != null) {
                    req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
                }
                sentAt = System.nanoTime();
                channel.writeAndFlush(req, channel.voidPromise());
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            Request r = current;
            current = null;
            int status = res.status().code();
            String error = status == 200 ? null : res.content().toString(StandardCharsets.UTF_8);
            idle.add(this);
            if (r != null) {
                r.callback().done(status, System.nanoTime() - sentAt, error);
            }
            dispatch();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Request r = current;
            current = null;
            idle.remove(this);
            if (r != null) {
                r.callback().done(-1, System.nanoTime() - sentAt, "connection closed");
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
