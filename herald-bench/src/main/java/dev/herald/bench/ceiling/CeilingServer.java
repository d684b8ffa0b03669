package dev.herald.bench.ceiling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code herald-bench ceiling}: runs the bare-Netty broadcast server until it is stopped. Same transport, event loop
 * count and socket options as Herald's gateway, so the difference is what Herald does on top.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = "Run the bare-Netty WebSocket broadcast server (the ceiling) until stopped.")
public final class CeilingServer implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "port; 0 = any free one (${DEFAULT-VALUE})")
    int port;

    @Option(names = "--mode", defaultValue = "coalesced",
            description = "naive (writeAndFlush per message), coalesced (one flush per burst) or batched (a burst's "
                    + "frames in one buffer) (${DEFAULT-VALUE})")
    Relay.Mode mode;

    @Option(names = "--io-threads", defaultValue = "0", description = "event loops; 0 = 2 x cores, as Herald")
    int ioThreads;

    @Override
    public Integer call() throws Exception {
        Relay relay = new Relay(mode);
        return serve(host, port, ioThreads, ch -> ch.pipeline().addLast(new HttpServerCodec(),
                new HttpObjectAggregator(8192), new WebSocketServerProtocolHandler("/ws", null, false, 65_536), relay),
                "ceiling", mode.name().toLowerCase(Locale.ROOT), () -> { });
    }

    /**
     * Serves until stopped, with the gateway's transport, event loop count and socket options; prints
     * {@code <name> listening on port N (<what>, epoll)} once bound, and runs {@code onStop} at shutdown.
     */
    static int serve(String host, int port, int ioThreads, Consumer<SocketChannel> pipeline, String name,
                     String what, Runnable onStop) throws InterruptedException {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
        Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                })
                .bind(host, port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().syncUninterruptibly();
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            onStop.run();
        }, name + "-shutdown"));
        System.out.println(name + " listening on port " + ((InetSocketAddress) server.localAddress()).getPort()
                + " (" + what + ", " + (Epoll.isAvailable() ? "epoll" : "nio") + ")");
        System.out.flush();
        server.closeFuture().sync();
        return 0;
    }
}
