package dev.herald.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.bus.Delivery;
import dev.herald.server.bus.DeviceEvent;
import dev.herald.server.device.Device;
import dev.herald.server.hub.EncodedPush;
import dev.herald.server.hub.Hub;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.push.PushFrames;
import dev.herald.server.testing.Await;
import dev.herald.server.testing.TestServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's fan-out on one event loop, with real channels (Netty's local transport) and real {@link Session}s: a
 * test holds the loop while it hands deliveries to the hub, so they reach the loop together, as a burst does under
 * load, and then reads what each connection received, in order, and how many writes it took.
 */
class HubFanOutTest {
    private static final App APP = new App(1, "key", "secret", "test", false, 600, List.of(), true, 0);
    private static final long T0 = 1_000_000;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Hub hub = new Hub();
    private final LinkedBlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private final List<Conn> conns = new ArrayList<>();
    private LocalAddress address;
    private Channel server;
    private long nextDeviceId = 1;

    /** One connection: the server side the session writes to, and what the client side received. */
    private static final class Conn {
        Session session;
        Channel serverSide;
        final AtomicInteger writes = new AtomicInteger();
        final List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        /** The push frames' texts, in the order they arrived. */
        final List<String> pushes = java.util.Collections.synchronizedList(new ArrayList<>());

        /** Push ids, "pong" and "close:CODE", in the order they arrived. */
        List<String> events() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }
    }

    @BeforeEach
    void start() throws InterruptedException {
        address = new LocalAddress("hub-fanout-" + UUID.randomUUID());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        accepted.add(ch);
                    }
                }).bind(address).sync().channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A session of a device registered at T0 with these tags, live (catch-up done) unless {@code catchingUp}. */
    private Conn connect(String platform, Set<String> tags, boolean catchingUp) throws Exception {
        Conn c = new Conn();
        new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    record(c, msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        }).connect(address).sync();
        c.serverSide = accepted.poll(10, TimeUnit.SECONDS);
        c.serverSide.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                c.writes.incrementAndGet();
                ctx.write(msg, promise);
            }
        });
        long id = nextDeviceId++;
        Device device = new Device(id, APP.id(), "rid" + id, "hash", platform, null, null, tags, T0, 0);
        c.session = new Session(c.serverSide, APP, device);
        loop.submit(() -> {
            hub.add(c.session);
            if (!catchingUp) {
                c.session.finishCatchUp(Set.of());
            }
        }).sync();
        c.writes.set(0);
        conns.add(c);
        return c;
    }

    /** Whole WebSocket frames written as buffers (possibly several in one), and frame objects (pong, close). */
    private static void record(Conn c, Object msg) {
        if (msg instanceof ByteBuf buf) {
            while (buf.isReadable()) {
                int opcode = buf.readUnsignedByte() & 0x0f;
                int len = buf.readUnsignedByte();
                if (len == 126) {
                    len = buf.readUnsignedShort();
                }
                String text = buf.readCharSequence(len, StandardCharsets.UTF_8).toString();
                if (opcode == 0x9) {
                    c.received.add("ping");
                    continue;
                }
                assertThat(opcode).isEqualTo(1);
                c.received.add(describe(text));
                if (text.startsWith("{\"op\":\"push\"")) {
                    c.pushes.add(text);
                }
            }
        } else if (msg instanceof TextWebSocketFrame text) {
            c.received.add(describe(text.text()));
        } else if (msg instanceof CloseWebSocketFrame close) {
            c.received.add("close:" + close.statusCode());
        }
    }

    private static String describe(String text) {
        JsonNode frame = TestServer.json(text);
        return frame.path("op").asText().equals("push") ? frame.get("id").asText() : frame.path("op").asText();
    }

    /** Runs {@code handOver} while the loop is held, so that everything it hands over reaches the loop together. */
    private void whileLoopHeld(Runnable handOver) {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            handOver.run();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            release.countDown();
        }
    }

    private static Message message(long id, Audience audience) {
        return new Message(id, APP.id(), 0, audience, "{\"alert\":\"message " + id + "\"}", null, T0 + id,
                T0 + 86_400_000L, 0, null);
    }

    private void broadcast(long id) {
        broadcast(id, Audience.everyone(Set.of()));
    }

    private void broadcast(long id, Audience audience) {
        hub.onDelivery(new Delivery(message(id, audience), Set.of()));
    }

    private void unicast(long id, Conn to) {
        hub.onDelivery(new Delivery(message(id, Audience.everyone(Set.of())), Set.of(to.session.registrationId())));
    }

    private static Audience tagged(String tag) {
        return new Audience(false, Set.of(), Set.of(), Set.of(tag), Set.of(), Set.of(), Set.of());
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    private static void awaitEvents(Conn c, int n) {
        Await.until(n + " frames", Duration.ofSeconds(10), () -> c.events().size() >= n);
    }

    /** Flushes are queued behind the deliveries: a task queued after them runs after every write and flush. */
    private void settle() throws InterruptedException {
        loop.submit(() -> { }).sync();
        loop.submit(() -> { }).sync();
    }

    @Test
    void aBurstReachesEveryLiveSessionInOrderInOneWrite() throws Exception {
        Conn web1 = connect("web", Set.of(), false);
        Conn web2 = connect("web", Set.of(), false);
        Conn android = connect("android", Set.of(), false);
        whileLoopHeld(() -> {
            for (long id = 1; id <= 20; id++) {
                broadcast(id);
            }
        });
        for (Conn c : conns) {
            awaitEvents(c, 20);
            assertThat(c.events()).containsExactlyElementsOf(ids(1, 20));
            assertThat(c.writes.get()).isEqualTo(1);
        }
        // a broadcast alone is written as it is
        broadcast(21);
        for (Conn c : List.of(web1, web2, android)) {
            awaitEvents(c, 21);
            assertThat(c.events()).containsExactlyElementsOf(ids(1, 21));
            assertThat(c.writes.get()).isEqualTo(2);
        }
    }

    @Test
    void everySessionIsFlushedWhenALoopHasMoreThanOneFlushTaskOfThem() throws Exception {
        for (int i = 0; i < 300; i++) {
            connect(i % 2 == 0 ? "web" : "android", Set.of(), false);
        }
        whileLoopHeld(() -> {
            for (long id = 1; id <= 3; id++) {
                broadcast(id);
            }
        });
        broadcast(4); // written while the flushes of the first three are under way, or after them
        for (Conn c : conns) {
            awaitEvents(c, 4);
            assertThat(c.events()).containsExactly("1", "2", "3", "4");
        }
    }

    @Test
    void aSessionCatchingUpGetsEachMessageOnceInOrder() throws Exception {
        Conn live = connect("web", Set.of(), false);
        Conn late = connect("web", Set.of(), true);
        whileLoopHeld(() -> {
            for (long id = 1; id <= 6; id++) {
                broadcast(id);
            }
        });
        awaitEvents(live, 6);
        settle();
        assertThat(late.events()).isEmpty(); // held while catching up
        // catch-up then sends 1..3 from the store; the held live deliveries of those are not sent again
        loop.submit(() -> {
            for (long id = 1; id <= 3; id++) {
                late.session.writeCatchUp(EncodedPush.encode(message(id, Audience.everyone(Set.of())), "web"));
            }
            late.session.finishCatchUp(Set.of(1L, 2L, 3L));
        }).sync();
        awaitEvents(late, 6);
        whileLoopHeld(() -> {
            broadcast(7);
            broadcast(8);
        });
        awaitEvents(late, 8);
        settle();
        assertThat(late.events()).containsExactlyElementsOf(ids(1, 8));
        assertThat(live.events()).containsExactlyElementsOf(ids(1, 8));
    }

    @Test
    void aUnicastHandedOverAfterBroadcastsArrivesAfterThem() throws Exception {
        Conn target = connect("web", Set.of(), false);
        Conn other = connect("web", Set.of(), false);
        whileLoopHeld(() -> {
            broadcast(1);
            broadcast(2);
            unicast(3, target);
            broadcast(4);
            broadcast(5);
        });
        awaitEvents(target, 5);
        awaitEvents(other, 4);
        settle();
        assertThat(target.events()).containsExactly("1", "2", "3", "4", "5");
        assertThat(other.events()).containsExactly("1", "2", "4", "5");
    }

    /**
     * A unicast's frames rendered before the commit are written with the id put in; a platform it came without is
     * rendered from the stored JSON.
     */
    @Test
    void aUnicastIsWrittenFromTheTemplatesItCameWith() throws Exception {
        Conn web = connect("web", Set.of(), false);
        Conn android = connect("android", Set.of(), false);
        Message m = message(7, Audience.everyone(Set.of()));
        byte[] ahead = PushFrames.templates(m, TestServer.json("{\"alert\":\"rendered ahead\"}"), null,
                "web").get(0);
        hub.onDelivery(new Delivery(m, Set.of(web.session.registrationId(), android.session.registrationId()),
                Map.of("web", List.of(ahead))));
        Await.until("both frames", Duration.ofSeconds(10), () -> web.pushes.size() == 1 && android.pushes.size() == 1);
        assertThat(web.pushes).containsExactly(PushFrames.withId(ahead, 7));
        assertThat(android.pushes).containsExactlyElementsOf(PushFrames.render(m, "android"));
        assertThat(android.pushes.get(0)).contains("\"alert\":\"message 7\"");
    }

    @Test
    void aPongQueuedAfterBroadcastsComesAfterThem() throws Exception {
        Conn c = connect("web", Set.of(), false);
        whileLoopHeld(() -> {
            broadcast(1);
            broadcast(2);
            c.session.reply("{\"op\":\"pong\"}");
            broadcast(3);
        });
        awaitEvents(c, 4);
        List<String> events = c.events();
        assertThat(events).containsExactlyInAnyOrder("1", "2", "3", "pong");
        assertThat(events.indexOf("pong")).isGreaterThan(events.indexOf("2"));
        assertThat(events.subList(0, 2)).containsExactly("1", "2");
    }

    @Test
    void tagAndPlatformFiltersApplyPerMessageWithinABurst() throws Exception {
        Conn vipWeb = connect("web", Set.of("vip"), false);
        Conn plainWeb = connect("web", Set.of(), false);
        Conn vipIos = connect("ios", Set.of("vip"), false);
        Conn catchingUpVip = connect("web", Set.of("vip"), true);
        Audience webOnly = Audience.everyone(Set.of("web"));
        whileLoopHeld(() -> {
            broadcast(1);
            broadcast(2, tagged("vip"));
            broadcast(3, webOnly);
            broadcast(4);
            broadcast(5, tagged("nobody"));
            broadcast(6);
        });
        awaitEvents(vipWeb, 5);
        awaitEvents(plainWeb, 4);
        awaitEvents(vipIos, 4);
        settle();
        assertThat(vipWeb.events()).containsExactly("1", "2", "3", "4", "6");
        assertThat(plainWeb.events()).containsExactly("1", "3", "4", "6");
        assertThat(vipIos.events()).containsExactly("1", "2", "4", "6");
        loop.submit(() -> catchingUpVip.session.finishCatchUp(Set.of())).sync();
        awaitEvents(catchingUpVip, 5);
        settle();
        assertThat(catchingUpVip.events()).containsExactly("1", "2", "3", "4", "6");
    }

    @Test
    void aBroadcastIsNotForDevicesRegisteredAfterIt() throws Exception {
        Conn early = connect("web", Set.of(), false);
        Conn later = connect("web", Set.of(), false);
        Device d = later.session.device();
        later.session.updateDevice(new Device(d.id(), d.appId(), d.registrationId(), d.secretHash(), d.platform(),
                null, null, Set.of(), T0 + 3, 0));
        whileLoopHeld(() -> {
            for (long id = 1; id <= 5; id++) {
                broadcast(id);
            }
        });
        awaitEvents(early, 5);
        awaitEvents(later, 3);
        settle();
        assertThat(later.events()).containsExactly("3", "4", "5");
    }

    @Test
    void aTagRemovedBeforeABroadcastIsHandedOverIsGoneForIt() throws Exception {
        Conn vip = connect("web", Set.of("vip"), false);
        whileLoopHeld(() -> {
            broadcast(1, tagged("vip"));
            hub.onDeviceEvent(new DeviceEvent(APP.id(), List.of(), "vip", null));
            broadcast(2, tagged("vip"));
            broadcast(3);
        });
        awaitEvents(vip, 2);
        settle();
        assertThat(vip.events()).containsExactly("1", "3");
    }

    @Test
    void aSlowReaderIsClosedMidBurstAfterWhatFitAndOthersGetEverything() throws Exception {
        Conn slow = connect("web", Set.of(), false);
        Conn fast = connect("web", Set.of(), false);
        slow.serverSide.config().setWriteBufferWaterMark(new WriteBufferWaterMark(512, 1024));
        whileLoopHeld(() -> {
            for (long id = 1; id <= 30; id++) {
                broadcast(id);
            }
        });
        awaitEvents(fast, 30);
        assertThat(fast.events()).containsExactlyElementsOf(ids(1, 30));
        Await.until("the slow reader's close", Duration.ofSeconds(10),
                () -> slow.events().contains("close:" + CloseCode.TOO_SLOW.code()));
        List<String> events = slow.events();
        int n = events.size() - 1;
        assertThat(n).isBetween(1, 29);
        assertThat(events.subList(0, n)).containsExactlyElementsOf(ids(1, n));
        assertThat(events.get(n)).isEqualTo("close:" + CloseCode.TOO_SLOW.code());
    }

    @Test
    void heartbeatPingsOneSliceOfTheSessionsPerTick() throws Exception {
        int slices = Heartbeat.slices(2);
        assertThat(slices).isEqualTo(20);
        for (int i = 0; i < 2 * slices + 3; i++) {
            connect("android", Set.of(), false);
        }
        long idle = TimeUnit.SECONDS.toNanos(75);
        for (int slice = 0; slice < slices; slice++) {
            int visited = slice;
            loop.submit(() -> Heartbeat.visit(hub, loop, visited, slices, System.nanoTime(), idle)).sync();
            // Each session is pinged at the tick of its own slice, and only then.
            for (Conn c : conns) {
                boolean due = c.session.device().id() % slices <= slice;
                int expected = due ? 1 : 0;
                Await.until("pings of device " + c.session.device().id() + " after slice " + visited,
                        Duration.ofSeconds(5), () -> c.events().size() == expected);
            }
        }
        assertThat(conns).allSatisfy(c -> assertThat(c.events()).containsExactly("ping"));
    }

    @Test
    void broadcastsAreCountedBeforeTheirFanOutAndUnicastsAreNot() throws Exception {
        Conn c = connect("web", Set.of(), false);
        long before = hub.broadcastsPublished();
        whileLoopHeld(() -> {
            broadcast(1);
            // counted although its fan-out has not reached the loop yet: a session added now finds the count changed
            assertThat(hub.broadcastsPublished()).isEqualTo(before + 1);
        });
        unicast(2, c);
        Await.until("both pushes", Duration.ofSeconds(5), () -> c.events().size() == 2);
        assertThat(hub.broadcastsPublished()).isEqualTo(before + 1);
    }
}
