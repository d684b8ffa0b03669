package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.store.StoreFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.herald.server.store.StoreFixtures.T0;
import static dev.herald.server.store.StoreFixtures.app;
import static dev.herald.server.store.StoreFixtures.draft;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries on the hot paths use their indexes, and a device's pending scan stays fast with 100,000 stored
 * broadcasts it does not match. Query plans are checked rather than timed where possible: they do not flake.
 */
class SqliteScaleTest {
    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("herald.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void hotQueriesUseTheirIndexes() throws Exception {
        assertThat(plan(PendingQuery.BROADCASTS)).contains("messages_broadcast").doesNotContain("TEMP B-TREE");
        assertThat(plan(PendingQuery.INBOX)).contains("SEARCH i USING PRIMARY KEY").doesNotContain("TEMP B-TREE");
        assertThat(plan(MessageQueries.BY_CID)).contains("messages_cid");
        assertThat(plan(MessageQueries.PURGE)).contains("messages_expires");
        assertThat(plan(AudienceQueries.BY_TAG)).contains("device_tags_tag").doesNotContain("TEMP B-TREE");
        assertThat(plan(DeviceQueries.BY_ALIAS)).contains("devices_alias");
        assertThat(plan(Conn.singleForm(DeviceQueries.BY_ALIAS))).contains("devices_alias")
                .doesNotContain("json_each");
        assertThat(plan("SELECT platform, COUNT(*) FROM receipts WHERE message_id = ? GROUP BY platform"))
                .contains("USING PRIMARY KEY (message_id=?)");
        assertThat(plan("SELECT message_id FROM receipts WHERE device_id = ? AND message_id = ?"))
                .contains("USING PRIMARY KEY (message_id=? AND device_id=?)");
    }

    @Test
    void pendingSkipsOneHundredThousandBroadcastsForOthersQuickly() throws Exception {
        App app = store.createApp(app("key-a"));
        store.createDevice(app.id(), "r1", "h", "web", T0);
        Device mine = store.updateDevice(app.id(), "r1", DeviceChange.replace(null, Set.of("mine"))).orElseThrow();
        Audience theirs = new Audience(false, Set.of(), Set.of(), Set.of("theirs"), Set.of(), Set.of(), Set.of());
        Audience ours = new Audience(false, Set.of(), Set.of(), Set.of("mine"), Set.of(), Set.of(), Set.of());
        AtomicLong ids = new AtomicLong();
        List<Message> expected = store.writer().submit(c -> {
            List<Message> matching = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                MessageQueries.insert(c, draft(app, i % 20_000 == 0 ? ours : theirs, T0)
                        .withId(ids.incrementAndGet()), List.of());
                if (i % 20_000 == 0) {
                    matching.add(MessageQueries.insert(c, draft(app, ours, T0).withId(ids.incrementAndGet()),
                            List.of()));
                }
            }
            return matching;
        }).get(120, TimeUnit.SECONDS);

        store.pendingFor(mine, 0, 100, T0); // warm the page cache, as a running server has it
        long started = System.nanoTime();
        List<Message> pending = store.pendingFor(mine, 0, 100, T0);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(pending).hasSize(10).containsAll(expected);
        assertThat(millis).as("pendingFor over 100k broadcasts took %d ms", millis).isLessThan(3_000);
    }

    @Test
    void walStartsOverUnderASteadyStreamOfCommitsAndReads() throws Exception {
        App app = store.createApp(app("key-a"));
        String content = "{\"msg_content\":\"" + "x".repeat(16_000) + "\"}";
        Message big = new Message(0, app.id(), 7, StoreFixtures.toRegistrationIds("r1"), null, content, T0, T0 + 3_600_000, 0, null);
        Path wal = dir.resolve("herald.db-wal");
        AtomicLong ids = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong longestWal = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        // Four writers keep the writer thread busy without a gap, as under load; a reader keeps reading meanwhile.
        for (int t = 0; t < 4; t++) {
            threads.add(start(() -> {
                for (int i = 0; i < 1_200; i++) {
                    store.writer().submit(c -> {
                        for (int m = 0; m < 4; m++) {
                            MessageQueries.insert(c, big.withId(ids.incrementAndGet()), List.of());
                        }
                        return null;
                    }).join();
                    longestWal.accumulateAndGet(sizeOf(wal), Math::max);
                }
            }));
        }
        Thread reader = start(() -> {
            while (!done.get()) {
                store.findMessage(app.id(), 1);
            }
        });
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        done.set(true);
        reader.join();

        // 19,200 messages of 16 KB (300 MB) went through the WAL; it started over instead of growing to hold them
        // all. How long it gets between restarts depends on how fast this machine writes and how often the reader
        // holds it (past 64 MiB the writer waits for readers), so the bound is loose.
        assertThat(sizeOf(dir.resolve("herald.db"))).isGreaterThan(256L << 20);
        assertThat(longestWal.get()).isLessThanOrEqualTo(2 * SqliteStore.JOURNAL_SIZE_LIMIT);
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private String plan(String sql) throws Exception {
        return store.writer().submit(c -> explain(c, sql)).get(10, TimeUnit.SECONDS);
    }

    private static String explain(Conn conn, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        PreparedStatement explain = conn.prepare("EXPLAIN QUERY PLAN " + sql);
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString(4)).append('\n');
            }
        }
        return plan.toString();
    }
}
