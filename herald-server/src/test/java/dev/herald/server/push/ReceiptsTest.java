package dev.herald.server.push;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.store.StoreFixtures;
import dev.herald.server.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ack coalescer against the real SQLite store: acks from many threads, all visible after sync. */
class ReceiptsTest {
    @TempDir
    Path dir;

    @Test
    void acksFromManyThreadsAreAllStoredBySync() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db")); Receipts receipts = new Receipts(store)) {
            App app = store.createApp(StoreFixtures.app("k1"));
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                devices.add(store.createDevice(app.id(), "rid" + i, "h", i % 2 == 0 ? "android" : "ios", 1));
            }
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(store.insertMessage(StoreFixtures.draft(app, Audience.everyone(java.util.Set.of()), 2),
                        List.of()).id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (Device d : devices) {
                pool.execute(() -> {
                    for (long id : ids) {
                        receipts.record(d.id(), d.platform(), new long[]{id}, 1, 3);
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            receipts.sync();
            for (Device d : devices) {
                assertThat(store.acknowledged(d.id(), ids)).hasSize(ids.size());
            }
            assertThat(store.receivedByPlatform(ids.get(0))).containsEntry("android", 10L).containsEntry("ios", 10L);
            receipts.record(devices.get(0).id(), "android", new long[]{999_999L}, 1, 4); // not a message: ignored
            receipts.sync();
            assertThat(store.acknowledged(devices.get(0).id(), List.of(999_999L))).isEmpty();
        }
    }

    @Test
    void syncWithNothingPendingReturnsAtOnceAndCloseWritesTheRest() throws Exception {
        Path db = dir.resolve("h.db");
        long messageId;
        long deviceId;
        try (SqliteStore store = SqliteStore.open(db)) {
            App app = store.createApp(StoreFixtures.app("k2"));
            deviceId = store.createDevice(app.id(), "r", "h", "web", 1).id();
            messageId = store.insertMessage(StoreFixtures.draft(app, Audience.everyone(java.util.Set.of()), 2),
                    List.of()).id();
            Receipts receipts = new Receipts(store);
            receipts.sync();
            receipts.record(deviceId, "web", new long[]{messageId}, 1, 3);
            receipts.close();
            assertThat(store.acknowledged(deviceId, List.of(messageId))).containsExactly(messageId);
        }
    }
}
