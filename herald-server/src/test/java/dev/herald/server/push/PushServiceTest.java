package dev.herald.server.push;

import dev.herald.server.app.App;
import dev.herald.server.bus.BusListener;
import dev.herald.server.bus.Delivery;
import dev.herald.server.bus.DeviceEvent;
import dev.herald.server.bus.LocalBus;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.store.StoreFixtures;
import dev.herald.server.store.sqlite.SqliteStore;
import dev.herald.server.store.sqlite.WriterHold;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resolving a unicast audience (devices online on this node come from their sessions, the others from the store),
 * and when a push is handed to the bus.
 */
class PushServiceTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private App app;
    /** What the sessions of this node hold, by registration id. */
    private final Map<String, Device> online = new HashMap<>();
    private PushService pushes;
    /** What was published to the sessions, in order. */
    private final List<Delivery> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("herald.db"));
        app = store.createApp(StoreFixtures.app("key-a"));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(StoreFixtures.T0 + 1_000), ZoneOffset.UTC);
        LocalBus bus = new LocalBus();
        bus.subscribe(new BusListener() {
            @Override
            public void onDelivery(Delivery delivery) {
                published.add(delivery);
            }

            @Override
            public void onDeviceEvent(DeviceEvent event) {
            }
        });
        pushes = new PushService(store, (appId, rid) -> appId == app.id() ? online.get(rid) : null, bus, clock,
                86_400);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Device device(String rid, String platform) {
        return store.createDevice(app.id(), rid, "h", platform, StoreFixtures.T0);
    }

    private long push(Audience audience) throws Exception {
        return push(request(audience));
    }

    private long push(PushRequest req) throws Exception {
        return pushes.push(app, req, false).get(10, TimeUnit.SECONDS).messageId();
    }

    private static Audience rids(Set<String> rids, Set<String> aliases, Set<String> platforms) {
        return new Audience(false, rids, aliases, Set.of(), Set.of(), Set.of(), platforms);
    }

    @Test
    void onlineAndOfflineDevicesNamedByRegistrationIdBothGetTheMessage() throws Exception {
        Device connected = device("r-online", "web");
        Device away = device("r-offline", "web");
        online.put("r-online", connected);

        long id = push(rids(Set.of("r-online", "r-offline", "r-unknown"), Set.of(), Set.of()));

        assertThat(store.inInbox(connected.id(), id)).isTrue();
        assertThat(store.inInbox(away.id(), id)).isTrue();
    }

    /** The store is told which targets are online here; the SQLite store lists them in the message row. */
    @Test
    void theTargetsOnlineHereAreNamedToTheStoreWhetherFoundByRegistrationIdOrByAlias() throws Exception {
        Device byId = device("r-online", "web");
        online.put("r-online", byId);
        device("r-alias", "web");
        Device byAlias = store.updateDevice(app.id(), "r-alias", DeviceChange.replace("bob", null)).orElseThrow();
        online.put("r-alias", byAlias);
        device("r-offline", "web");

        long first = push(rids(Set.of("r-online", "r-offline"), Set.of(), Set.of()));
        long second = push(rids(Set.of(), Set.of("bob"), Set.of()));

        assertThat(heldFor(first)).isEqualTo("[" + byId.id() + "]");
        assertThat(heldFor(second)).isEqualTo("[" + byAlias.id() + "]");
    }

    /**
     * The frames of the targets online here are rendered before the commit, from the request, for their platforms
     * only; they are what the stored message renders to once its id is put in.
     */
    @Test
    void theFramesOfTheTargetsOnlineHereComeRenderedWithTheDelivery() throws Exception {
        online.put("r-web", device("r-web", "web"));
        online.put("r-android", device("r-android", "android"));
        device("r-ios", "ios"); // offline: rendered when it reconnects
        PushRequest req = PushParser.parse(PushFramesTest.q("{'platform':'all','audience':{'registration_id':"
                + "['r-web','r-android','r-ios']},'notification':{'alert':'hi','android':{'title':'T','extras':"
                + "{'n':1}},'web':{'url':'https://example.com/'}},'message':{'msg_content':'m'},"
                + "'options':{'override_msg_id':" + push(rids(Set.of("r-web"), Set.of(), Set.of())) + "}}")
                .getBytes(StandardCharsets.UTF_8));

        long id = push(req);

        Delivery delivery = published.get(published.size() - 1);
        assertThat(delivery.message().id()).isEqualTo(id);
        assertThat(delivery.templates()).containsOnlyKeys("web", "android");
        Message stored = store.findMessage(app.id(), id).orElseThrow();
        for (String platform : List.of("web", "android")) {
            assertThat(delivery.templates().get(platform).stream().map(t -> PushFrames.withId(t, id)))
                    .containsExactlyElementsOf(PushFrames.render(stored, platform));
        }
    }

    /**
     * Only the answer waits for the commit: a push reaches the sessions as soon as it is queued, in id order, so
     * connections get an app's messages in id order (the broadcast cursor needs it).
     */
    @Test
    void pushesArePublishedInIdOrderBeforeTheirCommit() throws Exception {
        online.put("r1", device("r1", "web"));
        CompletableFuture<PushService.Result> unicast;
        CompletableFuture<PushService.Result> broadcast;
        WriterHold hold = WriterHold.on(store);
        try {
            unicast = pushes.push(app, request(rids(Set.of("r1"), Set.of(), Set.of())), false);
            broadcast = pushes.push(app, request(Audience.everyone(Set.of())), false);
            assertThat(published).extracting(d -> d.message().broadcast()).containsExactly(false, true);
            assertThat(unicast).isNotDone();
            assertThat(broadcast).isNotDone();
        } finally {
            hold.close();
        }
        long unicastId = unicast.get(10, TimeUnit.SECONDS).messageId();
        long broadcastId = broadcast.get(10, TimeUnit.SECONDS).messageId();
        assertThat(published).extracting(d -> d.message().id()).containsExactly(unicastId, broadcastId);
        assertThat(broadcastId).isGreaterThan(unicastId);
        for (Delivery d : published) {
            assertThat(store.findMessage(app.id(), d.message().id())).contains(d.message());
        }
    }

    /**
     * From an event loop, a push to registration ids of devices all online here is taken on the calling thread; one
     * that needs the store to decide goes to the worker, and is pushed there all the same.
     */
    @Test
    void fromTheLoopOnlyAPushThatNeedsNoStoreReadIsTakenOnTheCallingThread() throws Exception {
        online.put("r1", device("r1", "web"));
        online.put("r2", device("r2", "web"));
        device("r-offline", "web");
        store.updateDevice(app.id(), "r2", DeviceChange.replace("bob", null));
        List<Runnable> handedOver = new CopyOnWriteArrayList<>();
        Executor worker = handedOver::add;

        long here = pushes.pushFromLoop(app, request(rids(Set.of("r1", "r2"), Set.of(), Set.of())), false, worker)
                .get(10, TimeUnit.SECONDS).messageId();
        assertThat(handedOver).isEmpty();
        assertThat(published).extracting(d -> d.message().id()).containsExactly(here);
        assertThat(heldFor(here)).isIn("[" + online.get("r1").id() + "," + online.get("r2").id() + "]",
                "[" + online.get("r2").id() + "," + online.get("r1").id() + "]");

        List<PushRequest> needTheStore = List.of(
                request(rids(Set.of("r1", "r-offline"), Set.of(), Set.of())), // a device not online here
                request(rids(Set.of(), Set.of("bob"), Set.of())), // an alias
                request(Audience.everyone(Set.of())), // a broadcast
                new PushRequest(rids(Set.of("r1"), Set.of(), Set.of()), PushJson.MAPPER.createObjectNode()
                        .put("alert", "hi"), null, 0, null, 0, "cid-1")); // a cid to look up
        for (PushRequest req : needTheStore) {
            CompletableFuture<PushService.Result> later = pushes.pushFromLoop(app, req, false, worker);
            assertThat(later).isNotDone();
            assertThat(handedOver).hasSize(1);
            handedOver.remove(0).run(); // the worker's turn
            assertThat(later.get(10, TimeUnit.SECONDS).messageId()).isGreaterThan(here);
        }
        assertThat(published).hasSize(1 + needTheStore.size());
    }

    /** Nor when the store would make the calling thread wait for its write to be queued. */
    @Test
    void fromTheLoopAPushGoesToTheWorkerWhenTheStoreCannotQueueItAtOnce() throws Exception {
        online.put("r1", device("r1", "web"));
        List<Runnable> handedOver = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> filler = new ArrayList<>();
        CompletableFuture<PushService.Result> later;
        try (WriterHold hold = WriterHold.on(store)) {
            while (store.queuesMessagesAtOnce()) {
                filler.add(hold.queueNothing());
            }
            later = pushes.pushFromLoop(app, request(rids(Set.of("r1"), Set.of(), Set.of())), false,
                    handedOver::add);
            assertThat(handedOver).hasSize(1);
            assertThat(published).isEmpty();
        }
        handedOver.get(0).run();
        for (CompletableFuture<Void> f : filler) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(later.get(10, TimeUnit.SECONDS).messageId()).isPositive();
        assertThat(published).hasSize(1);
    }

    private static PushRequest request(Audience audience) {
        return new PushRequest(audience, PushJson.MAPPER.createObjectNode().put("alert", "hi"), null, 0, null, 0,
                null);
    }

    private String heldFor(long messageId) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             ResultSet row = raw.createStatement().executeQuery("SELECT deferred FROM messages WHERE id = "
                     + messageId)) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void theSessionsPlatformIsMatchedAgainstThePlatformFilter() {
        online.put("r-ios", device("r-ios", "ios"));
        assertThatThrownBy(() -> push(rids(Set.of("r-ios"), Set.of(), Set.of("android"))))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.error())
                        .isEqualTo(HeraldError.NO_TARGET));
    }

    @Test
    void withAnAliasInTheAudienceTheStoresAliasDecides() throws Exception {
        Device d = device("r1", "web");
        Device now = store.updateDevice(app.id(), "r1", DeviceChange.replace("new", null)).orElseThrow();
        online.put("r1", d); // a session that has not heard of the new alias yet
        assertThat(d.alias()).isNull();

        long id = push(rids(Set.of("r1"), Set.of("new"), Set.of()));
        assertThat(store.inInbox(now.id(), id)).isTrue();
    }
}
