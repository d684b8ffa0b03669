package dev.herald.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and holds WebSocket connections on a few epoll event loops. A loopback address pair has only ~28,000
 * ephemeral ports (32768–60999), so connections to a loopback server are spread over source addresses 127.0.0.2,
 * 127.0.0.3, ... ({@value #PER_SOURCE_ADDRESS} each), bound with {@code IP_BIND_ADDRESS_NO_PORT} so the kernel picks
 * the port per destination at connect time.
 */
public final class LoadClient implements AutoCloseable {
    /** Connections per source address: comfortably under the 28,231 ports of the default range. */
    static final int PER_SOURCE_ADDRESS = 20_000;

    /** Shared by every client in this JVM, so that consecutive scenarios start on fresh source addresses. */
    private static final AtomicInteger CONNECTIONS_MADE = new AtomicInteger();

    private final EventLoopGroup group;
    /**
     * The backend's loop (the HTTP publisher, {@link HttpPool}): it stands for another process. On the devices' loops
     * its next request waited behind the deliveries its last one had caused, so a burst of pushes reached the server
     * over the whole burst instead of at once.
     */
    private final EventLoopGroup backend;
    private volatile boolean acks = true;

    /** What a {@link #connect} achieved. */
    public record Connected(List<WsConnection> connections, int failed, long nanos, List<String> failures) {
        /** Connections made ready per second. */
        public double perSecond() {
            return connections.size() * 1e9 / Math.max(1, nanos);
        }
    }

    public LoadClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.backend = new MultiThreadIoEventLoopGroup(1,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Whether connections opened from now on acknowledge pushes (the default, as the SDK does). Turning acks off is
     * a diagnostic: it separates the cost of delivering from the cost of recording acks.
     */
    public void acks(boolean on) {
        acks = on;
    }

    /** A bootstrap for plain TCP client channels on the devices' loops. */
    Bootstrap bootstrap() {
        return bootstrap(group);
    }

    /** A bootstrap for the backend's channels (the HTTP publisher), on a loop of their own. */
    Bootstrap backendBootstrap() {
        return bootstrap(backend);
    }

    private static Bootstrap bootstrap(EventLoopGroup group) {
        return new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /**
     * Opens {@code count} connections, at most {@code inFlight} not yet ready at any time, and waits until each is
     * ready (Herald: {@code welcome} received) or failed, or until {@code timeout}; unfinished ones count as failed and
     * are closed.
     */
    public Connected connect(WsEndpoint endpoint, int count, int inFlight, Deliveries sink, Duration timeout)
            throws InterruptedException {
        Bootstrap b = bootstrap();
        if (Epoll.isAvailable()) {
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        ByteBuf upgrade = WsConnection.upgradeRequest(endpoint);
        boolean loopback = endpoint.address().getAddress().isLoopbackAddress();
        Semaphore slots = new Semaphore(inFlight);
        List<WsConnection> ready = Collections.synchronizedList(new ArrayList<>(count));
        List<WsConnection> all = new ArrayList<>(count);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            WsConnection c = new WsConnection(endpoint, upgrade, sink, acks);
            all.add(c);
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(c);
                }
            });
            ChannelFuture f = loopback ? b.connect(endpoint.address(), new InetSocketAddress(nextSource(), 0))
                    : b.connect(endpoint.address());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    c.ready().completeExceptionally(done.cause());
                }
            });
            c.ready().whenComplete((ok, err) -> {
                if (err == null) {
                    ready.add(c);
                } else {
                    failed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(err.toString());
                    }
                }
                slots.release();
            });
        }
        long left = deadline - System.nanoTime();
        slots.tryAcquire(inFlight, Math.max(0, left), TimeUnit.NANOSECONDS);
        long nanos = System.nanoTime() - start;
        List<WsConnection> done;
        synchronized (ready) {
            done = new ArrayList<>(ready);
        }
        for (WsConnection c : all) {
            if (!c.ready().isDone()) {
                c.ready().completeExceptionally(new java.io.IOException("not ready within " + timeout));
                if (c.channelOrNull() != null) {
                    c.channelOrNull().close();
                }
            }
        }
        int notReady = count - done.size();
        return new Connected(done, Math.max(notReady, failed.get()), nanos, List.copyOf(failures));
    }

    /** Closes the connections (not counted as drops) and waits for them to be gone. */
    public static void closeAll(List<WsConnection> connections) {
        List<ChannelFuture> closing = new ArrayList<>(connections.size());
        for (WsConnection c : connections) {
            closing.add(c.close());
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private static InetAddress nextSource() {
        int n = CONNECTIONS_MADE.getAndIncrement();
        int index = (n / PER_SOURCE_ADDRESS) % 250;
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) (2 + index)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        backend.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
