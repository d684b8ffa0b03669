package dev.herald.server.gateway;

import dev.herald.server.api.ApiResponse;
import dev.herald.server.api.ErrorStyle;
import dev.herald.server.api.Router;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.error.HeraldError;
import dev.herald.server.session.SessionServices;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP port: REST APIs, the WebSocket endpoint and static pages, on Netty with the native epoll transport
 * when available. All handlers are wired here.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final HeraldConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final AtomicInteger open = new AtomicInteger();
    private Channel server;

    public Gateway(HeraldConfig config) {
        this.config = config;
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, io);
        this.workers = new EventLoops(config.ioThreads(), io);
    }

    /**
     * Binds the port. API requests run on {@code apiWorkers}, or on {@code asyncApiWorkers} for routes whose handlers
     * never wait for a commit ({@link Router#addAsync}).
     */
    public InetSocketAddress start(Router router, SessionServices services, Executor apiWorkers,
                                   Executor asyncApiWorkers)
            throws InterruptedException {
        StaticFiles files = new StaticFiles();
        SslContext ssl = !config.tls() ? null : config.tlsKeystore() != null
                ? Tls.fromKeystore(config.tlsKeystore(), config.tlsKeystorePassword())
                : Tls.fromPem(config.tlsCert(), config.tlsKey());
        WebSocketUpgrade upgrade = new WebSocketUpgrade(services);
        int maxBody = config.maxHttpBodyBytes();
        Class<? extends ServerChannel> channelType =
                Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int high = config.maxPendingOutboundBytes();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > config.maxConnections()) {
                            open.decrementAndGet();
                            log.warn("refusing connection from {}: max-connections {} reached",
                                    ch.remoteAddress(), config.maxConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        if (ssl != null) {
                            ch.pipeline().addLast("ssl", ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec(4096, 16 * 1024, 16 * 1024))
                                .addLast("aggregator", new BodyLimit(maxBody, router))
                                .addLast("handler",
                                        new HttpHandler(router, apiWorkers, asyncApiWorkers, upgrade, files));
                    }
                });
        server = b.bind(config.host(), config.port()).sync().channel();
        log.info("Herald listening on {} ({} transport{})", server.localAddress(),
                Epoll.isAvailable() ? "epoll" : "nio", ssl != null ? ", TLS" : "");
        return (InetSocketAddress) server.localAddress();
    }

    /** The event loops connections run on. */
    public EventLoopGroup eventLoops() {
        return workers;
    }

    /** Connections currently open on the port (HTTP and WebSocket). */
    public int openConnections() {
        return open.get();
    }

    /** Closes the listening socket; open connections stay until {@link #close()}. */
    public void stopAccepting() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Aggregates request bodies up to the limit; a larger one gets the API's own "body too large" error. */
    private static final class BodyLimit extends HttpObjectAggregator {
        /** Bodies up to this many times the limit are read and discarded after the answer; larger ones close. */
        private static final int DISCARD_LIMIT_FACTOR = 16;
        private final Router router;

        BodyLimit(int maxContentLength, Router router) {
            super(maxContentLength);
            this.router = router;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String path = oversized instanceof io.netty.handler.codec.http.HttpRequest r ? r.uri() : "/";
            ErrorStyle style = router.styleFor(path);
            ApiResponse res = style.render(HeraldError.BODY_TOO_LARGE,
                    "request body larger than " + maxContentLength() + " bytes");
            // Closing while the body is still arriving makes the kernel reset the connection, and the client may
            // lose the answer; so when the size is declared and not absurd, answer, keep the connection and let the
            // aggregator discard the rest of the body (as Netty's own handling does).
            long declared = HttpUtil.getContentLength(oversized, -1L);
            boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized)
                    && declared >= 0 && declared <= DISCARD_LIMIT_FACTOR * (long) maxContentLength();
            HttpHandler.write(ctx, HttpVersion.HTTP_1_1, res, keepAlive);
        }
    }
}
