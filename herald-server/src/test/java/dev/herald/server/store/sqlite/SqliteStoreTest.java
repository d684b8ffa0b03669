package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.store.Store;
import dev.herald.server.store.StoreContractTest;
import dev.herald.server.store.StoreFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.server.store.StoreFixtures.T0;
import static dev.herald.server.store.StoreFixtures.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on SQLite, plus what only SQLite has: the file, its migrations and group commit. */
class SqliteStoreTest extends StoreContractTest {
    private Path file;

    @Override
    protected Store newStore(Path dir) {
        file = dir.resolve("data/herald.db"); // a directory that does not exist yet
        return SqliteStore.open(file);
    }

    private SqliteStore sqlite() {
        return (SqliteStore) store;
    }

    @Test
    void everythingSurvivesCloseAndReopenIncludingBufferedWrites() {
        Device r1 = device(app, "r1", "web", T0, "alice", "vip");
        Message m = store.insertMessage(draft(app, Audience.everyone(Set.of()), T0), List.of());
        store.recordAcks(r1.id(), "web", List.of(m.id()), T0 + 1);
        store.markOnline(r1.id(), T0 + 2);
        store.close();

        store = SqliteStore.open(file);
        assertThat(store.listApps()).containsExactly(app, otherApp);
        Device reopened = store.findDevice(app.id(), "r1").orElseThrow();
        assertThat(reopened.alias()).isEqualTo("alice");
        assertThat(reopened.tags()).containsExactly("vip");
        assertThat(reopened.lastOnlineAt()).isEqualTo(T0 + 2);
        assertThat(store.findMessage(app.id(), m.id())).contains(m);
        assertThat(store.acknowledged(r1.id(), List.of(m.id()))).containsExactly(m.id());
    }

    @Test
    void anEntryHeldForADeviceDeliveredToNowBecomesAnInboxRowOnlyIfNotAcknowledged() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "web", T0);
        Message m = insertHeld(r1, r2);
        assertThat(count("SELECT count(*) FROM inbox")).isZero();
        assertThat(string("SELECT deferred FROM messages WHERE id = " + m.id())).isEqualTo("[" + r1.id() + ","
                + r2.id() + "]");

        store.recordAcks(r1.id(), "web", List.of(m.id()), T0 + 1);
        sqlite().flushHeld(true);
        assertThat(string("SELECT group_concat(device_id) FROM inbox WHERE message_id = " + m.id()))
                .isEqualTo(String.valueOf(r2.id()));
        assertThat(count("SELECT settled_id FROM deferred_inbox")).isEqualTo(m.id());
        assertThat(store.pendingFor(r1, 0, 10, T0 + 2)).isEmpty();
        assertThat(store.pendingFor(r2, 0, 10, T0 + 2)).containsExactly(m);
    }

    /** Only the targets delivered to now are held, each once however often it is listed; the others get rows. */
    @Test
    void onlyTheTargetsDeliveredToNowAreHeldEachOnce() throws Exception {
        Device online = device(app, "r1", "web", T0);
        Device offline = device(app, "r2", "web", T0);
        Audience audience = StoreFixtures.toRegistrationIds("r1", "r2");
        Message m = store.insertMessageAsync(draft(app, audience, T0), List.of(online.id(), offline.id(),
                online.id()), Set.of(online.id()), stored -> { }).join();

        assertThat(string("SELECT deferred FROM messages WHERE id = " + m.id())).isEqualTo("[" + online.id() + "]");
        assertThat(string("SELECT group_concat(device_id) FROM inbox WHERE message_id = " + m.id()))
                .isEqualTo(String.valueOf(offline.id()));
        assertThat(store.pendingFor(online, 0, 10, T0 + 1)).containsExactly(m);
        store.recordAcks(online.id(), "web", List.of(m.id()), T0 + 1);
        sqlite().flushHeld(true);
        assertThat(count("SELECT count(*) FROM inbox WHERE device_id = " + online.id())).isZero();
    }

    @Test
    void aDeviceThatHoldsTooManyEntriesGetsInboxRowsAtOnceAndTheOthersStillHold() throws Exception {
        Device slow = device(app, "r1", "web", T0);
        Device quick = device(app, "r2", "web", T0);
        for (int i = 0; i < DeferredInbox.MAX_PER_DEVICE; i++) {
            insertHeld(slow);
        }
        assertThat(count("SELECT count(*) FROM inbox")).isZero();
        Message next = insertHeld(slow, quick);
        assertThat(string("SELECT group_concat(device_id) FROM inbox")).isEqualTo(String.valueOf(slow.id()));
        assertThat(string("SELECT deferred FROM messages WHERE id = " + next.id())).isEqualTo("[" + quick.id() + "]");
        assertThat(store.pendingFor(slow, 0, 1000, T0 + 1)).hasSize(DeferredInbox.MAX_PER_DEVICE + 1);
        assertThat(store.pendingFor(quick, 0, 10, T0 + 1)).containsExactly(next);
    }

    @Test
    void aCloseWritesTheHeldEntriesSoTheNextStartHasNothingToRecover() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        Message m = insertHeld(r1);
        store.close();
        assertThat(count("SELECT count(*) FROM inbox WHERE device_id = " + r1.id() + " AND message_id = " + m.id()))
                .isOne();
        assertThat(count("SELECT settled_id FROM deferred_inbox")).isEqualTo(m.id());
        store = SqliteStore.open(file);
        assertThat(store.pendingFor(r1, 0, 10, T0 + 1)).containsExactly(m);
    }

    /**
     * A crash loses what was held in memory, not what the message row lists: a copy of the files taken while the
     * store runs is what a crash would leave, and opening it writes the inbox rows of the unacknowledged entries.
     */
    @Test
    void heldEntriesSurviveACrashExceptThoseAlreadyAcknowledged() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "web", T0);
        Message m = insertHeld(r1, r2);
        store.recordAcks(r1.id(), "web", List.of(m.id()), T0 + 1);
        assertThat(count("SELECT count(*) FROM inbox")).isZero();

        Path copy = crashCopy();
        try (SqliteStore recovered = SqliteStore.open(copy)) {
            assertThat(recovered.pendingFor(r1, 0, 10, T0 + 2)).isEmpty();
            assertThat(recovered.pendingFor(r2, 0, 10, T0 + 2)).containsExactly(m);
            assertThat(recovered.inInbox(r1.id(), m.id())).isTrue();
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            assertThat(query(raw, "SELECT group_concat(device_id) FROM inbox")).isEqualTo(String.valueOf(r2.id()));
            assertThat(query(raw, "SELECT settled_id FROM deferred_inbox")).isEqualTo(String.valueOf(m.id()));
        }
    }

    @Test
    void aMessageIsHandedOnWithItsIdBeforeItsWriteCommits() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        WriterHold hold = WriterHold.on(sqlite().writer());
        List<Message> queued = new CopyOnWriteArrayList<>();
        CompletableFuture<Message> written = store.insertMessageAsync(draft(app,
                StoreFixtures.toRegistrationIds("r1"), T0), List.of(r1.id()), Set.of(r1.id()), queued::add, null);

        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).id()).isPositive();
        assertThat(written).isNotDone(); // the writer is still held
        hold.close();
        assertThat(written.get(10, TimeUnit.SECONDS)).isEqualTo(queued.get(0));
        assertThat(store.findMessage(app.id(), queued.get(0).id())).contains(queued.get(0));
    }

    @Test
    void aCatchUpThatStartsAfterAMessageWasHandedOnWaitsForItsCommit() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        WriterHold hold = WriterHold.on(sqlite().writer());
        List<Message> queued = new CopyOnWriteArrayList<>();
        store.insertMessageAsync(draft(app, StoreFixtures.toRegistrationIds("r1"), T0), List.of(r1.id()),
                Set.of(r1.id()), queued::add, null);

        CompletableFuture<List<Message>> pending = new CompletableFuture<>();
        Thread reader = new Thread(() -> pending.complete(store.pendingFor(r1, 0, 10, T0 + 1)), "catch-up");
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pending.isDone() && reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until it reads (the bug) or waits for the writer
        }
        boolean readBeforeTheCommit = pending.isDone();
        hold.close();
        assertThat(readBeforeTheCommit).isFalse();
        assertThat(pending.get(10, TimeUnit.SECONDS)).containsExactly(queued.get(0));
    }

    @Test
    void anIdHandedOnIsNeverGivenToAnotherMessageEvenIfItsWriteIsLostInACrash() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        store.close();
        long range = 10;
        List<Long> handedOn = new ArrayList<>();
        try (SqliteStore small = SqliteStore.open(file, Migrations.HERALD, range)) {
            for (int i = 0; i < 3 * range; i++) { // across ranges: each reserved before its first id is handed on
                small.insertMessageAsync(draft(app, StoreFixtures.toRegistrationIds("r1"), T0), List.of(r1.id()),
                        Set.of(), m -> {
                            handedOn.add(m.id());
                            assertThat(committedReservation()).isGreaterThanOrEqualTo(m.id());
                        }, null).get(10, TimeUnit.SECONDS);
            }
            assertThat(handedOn).hasSize(30).doesNotHaveDuplicates().isSorted();

            // A crash while the last message's write waits: a copy of the files as they are then.
            WriterHold hold = WriterHold.on(small.writer());
            small.insertMessageAsync(draft(app, StoreFixtures.toRegistrationIds("r1"), T0), List.of(r1.id()),
                    Set.of(), m -> handedOn.add(m.id()), null);
            Path copy = crashCopy();
            hold.close();
            try (SqliteStore recovered = SqliteStore.open(copy)) {
                long lost = handedOn.get(handedOn.size() - 1);
                assertThat(recovered.findMessage(app.id(), lost)).isEmpty();
                Message next = recovered.insertMessage(draft(app, StoreFixtures.toRegistrationIds("r1"), T0),
                        List.of(r1.id()));
                assertThat(next.id()).isGreaterThan(lost);
            }
        }
        store = SqliteStore.open(file); // for the contract's clean-up
    }

    /**
     * An event loop may queue a message only when nothing would make it wait: the store says so until its ids are used
     * up with the next range's claim still uncommitted, and again once the claim commits.
     */
    @Test
    void theStoreSaysWhenAMessageWouldWaitForIds() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        store.close();
        try (SqliteStore small = SqliteStore.open(file, Migrations.HERALD, 4)) {
            assertThat(small.queuesMessagesAtOnce()).isTrue();
            List<CompletableFuture<Message>> written = new ArrayList<>();
            WriterHold hold = WriterHold.on(small.writer()); // the next range's claim queues behind it
            try {
                for (int i = 0; i < 4; i++) {
                    written.add(small.insertMessageAsync(draft(app, StoreFixtures.toRegistrationIds("r1"), T0),
                            List.of(r1.id()), Set.of(), null, null));
                    assertThat(small.queuesMessagesAtOnce()).as("after id %d of 4", i + 1).isEqualTo(i < 3);
                }
            } finally {
                hold.close();
            }
            for (CompletableFuture<Message> w : written) {
                w.get(10, TimeUnit.SECONDS);
            }
            assertThat(small.queuesMessagesAtOnce()).isTrue(); // the claim committed with the writes
        }
        store = SqliteStore.open(file); // for the contract's clean-up
    }

    /** Nor while the writer's queue is nearly full: queueing would wait for room. */
    @Test
    void theStoreSaysWhenAMessageWouldWaitForRoomInTheQueue() throws Exception {
        SqliteStore sqlite = sqlite();
        List<CompletableFuture<Void>> filler = new ArrayList<>();
        try (WriterHold hold = WriterHold.on(sqlite.writer())) {
            while (sqlite.queuesMessagesAtOnce()) {
                filler.add(hold.queueNothing());
            }
            assertThat(filler.size()).isGreaterThan(SqliteWriter.QUEUE_CAPACITY * 14 / 16)
                    .isLessThan(SqliteWriter.QUEUE_CAPACITY);
        }
        for (CompletableFuture<Void> f : filler) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(sqlite.queuesMessagesAtOnce()).isTrue();
    }

    /** A push waits for the next range's commit only once its range is used up, then goes on from the new range. */
    @Test
    void aPushWaitsForTheNextRangeOnlyWhenItsRangeIsUsedUp() throws Exception {
        Device r1 = device(app, "r1", "web", T0);
        store.close();
        try (SqliteStore small = SqliteStore.open(file, Migrations.HERALD, 4)) {
            List<Long> handedOn = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Message>> written = new CopyOnWriteArrayList<>();
            WriterHold hold = WriterHold.on(small.writer()); // the next range's claim queues behind it
            Thread pusher = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    written.add(small.insertMessageAsync(draft(app, StoreFixtures.toRegistrationIds("r1"), T0),
                            List.of(r1.id()), Set.of(), m -> handedOn.add(m.id()), null));
                }
            }, "pusher");
            pusher.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(handedOn.size() >= 4 && pusher.getState() == Thread.State.WAITING) && pusher.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until it waits for the claim (or, wrongly, finishes)
            }
            List<Long> beforeTheClaim = List.copyOf(handedOn);
            hold.close();
            pusher.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(beforeTheClaim).hasSize(4); // the whole first range, then it waited
            assertThat(beforeTheClaim.get(3) - beforeTheClaim.get(0)).isEqualTo(3);
            for (CompletableFuture<Message> w : written) {
                w.get(10, TimeUnit.SECONDS);
            }
            assertThat(handedOn).hasSize(10).doesNotHaveDuplicates().isSorted();
            assertThat(committedReservation()).isGreaterThanOrEqualTo(handedOn.get(9));
        }
        store = SqliteStore.open(file); // for the contract's clean-up
    }

    @Test
    void twoProcessesOnOneFileHandOutDistinctIds() {
        Device r1 = device(app, "r1", "web", T0);
        store.close();
        Set<Long> ids = new TreeSet<>();
        try (SqliteStore one = SqliteStore.open(file, Migrations.HERALD, 10);
             SqliteStore two = SqliteStore.open(file, Migrations.HERALD, 10)) {
            for (int i = 0; i < 40; i++) {
                SqliteStore either = i % 3 == 0 ? two : one;
                ids.add(either.insertMessage(draft(app, StoreFixtures.toRegistrationIds("r1"), T0),
                        List.of(r1.id())).id());
            }
        }
        assertThat(ids).hasSize(40);
        store = SqliteStore.open(file); // for the contract's clean-up
    }

    @Test
    void theFileIsInWalModeAndCommitsSyncFully() throws Exception {
        assertThat(sqlite().writer().submit(c -> pragma(c, "synchronous")).get(10, TimeUnit.SECONDS))
                .isEqualTo("2"); // FULL
        assertThat(sqlite().writer().submit(c -> pragma(c, "foreign_keys")).get(10, TimeUnit.SECONDS))
                .isEqualTo("1");
        assertThat(sqlite().writer().submit(c -> pragma(c, "temp_store")).get(10, TimeUnit.SECONDS))
                .isEqualTo("2"); // MEMORY: statement journals in memory, not in a temporary file
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(query(raw, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(query(raw, "SELECT version FROM schema_version"))
                    .isEqualTo(String.valueOf(Migrations.HERALD.latest()));
        }
    }

    @Test
    void anotherProcessMayWriteToTheSameFileMeanwhile() {
        try (SqliteStore cli = SqliteStore.open(file)) {
            App created = cli.createApp(new App(0, "from-cli", "s", "CLI", false, 60, List.of(), true, T0));
            assertThat(store.findApp("from-cli")).contains(created);
            App fromServer = store.createApp(new App(0, "from-server", "s", "S", false, 60, List.of(), true, T0));
            assertThat(cli.findApp("from-server")).contains(fromServer);
        }
    }

    @Test
    void groupCommitPutsConcurrentWritesIntoFewerTransactions() throws Exception {
        long before = sqlite().writer().transactions();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Message>> pushes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                pushes.add(pool.submit(() -> {
                    go.await();
                    return store.insertMessage(draft(app, Audience.everyone(Set.of()), T0), List.of());
                }));
            }
            go.countDown();
            TreeSet<Long> ids = new TreeSet<>();
            for (Future<Message> push : pushes) {
                ids.add(push.get(60, TimeUnit.SECONDS).id());
            }
            assertThat(ids).hasSize(200);
            assertThat(ids.last() - ids.first()).isEqualTo(199); // one writer: consecutive ids
        } finally {
            pool.shutdownNow();
        }
        assertThat(sqlite().writer().transactions() - before).isLessThan(200);
    }

    @Test
    void aFailingTaskFailsAloneAndItsChangesAreUndone() throws Exception {
        SqliteWriter writer = sqlite().writer();
        long before = writer.transactions();
        WriterHold hold = WriterHold.on(writer);
        // Queued while the writer is busy, so the next batch holds all three.
        AtomicInteger good1Runs = new AtomicInteger();
        CompletableFuture<App> good1 = writer.submit(c -> {
            good1Runs.incrementAndGet();
            return AppQueries.create(c, StoreFixtures.app("good-1"));
        });
        CompletableFuture<App> bad = writer.submit(c -> {
            AppQueries.create(c, StoreFixtures.app("bad"));
            throw new IllegalStateException("boom");
        });
        CompletableFuture<App> good2 = writer.submit(c -> AppQueries.create(c, StoreFixtures.app("good-2")));
        hold.close();

        assertThat(good1.get(10, TimeUnit.SECONDS).appKey()).isEqualTo("good-1");
        assertThat(good2.get(10, TimeUnit.SECONDS).appKey()).isEqualTo("good-2");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("boom");
        assertThat(writer.transactions()).isEqualTo(before + 2); // the blocker's, then the batch's
        assertThat(store.findApp("good-1")).isPresent();
        assertThat(store.findApp("good-2")).isPresent();
        assertThat(store.findApp("bad")).isEmpty();
        // first in a transaction without savepoints, which the failure rolled back; then in its own savepoint
        assertThat(good1Runs).hasValue(2);
    }

    @Test
    void aBatchWithoutFailuresRunsEachTaskOnceInOneTransaction() throws Exception {
        SqliteWriter writer = sqlite().writer();
        long before = writer.transactions();
        WriterHold hold = WriterHold.on(writer);
        AtomicInteger runs = new AtomicInteger();
        List<CompletableFuture<App>> apps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = "batch-" + i;
            apps.add(writer.submit(c -> {
                runs.incrementAndGet();
                return AppQueries.create(c, StoreFixtures.app(key));
            }));
        }
        hold.close();
        for (CompletableFuture<App> app : apps) {
            assertThat(app.get(10, TimeUnit.SECONDS).id()).isPositive();
        }
        assertThat(writer.transactions()).isEqualTo(before + 2); // the blocker's, then the batch's
        assertThat(runs).hasValue(3);
        assertThat(store.findApp("batch-2")).isPresent();
    }

    @Test
    void aDuplicateIsReportedWithTheKeyItRepeats() {
        device(app, "r1", "web", T0);
        assertThatThrownBy(() -> store.createDevice(app.id(), "r1", "h", "web", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r1");
        assertThatThrownBy(() -> store.createApp(StoreFixtures.app("key-a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key-a");
    }

    /** A copy of the database and its WAL as they are now: what a crash now would leave. */
    private Path crashCopy() throws IOException {
        Path crashed = file.resolveSibling("crashed");
        Files.createDirectories(crashed);
        Path copy = crashed.resolve("herald.db");
        Files.copy(file, copy);
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, crashed.resolve("herald.db-wal"));
        }
        return copy;
    }

    /** The end of the message id range reserved, as committed in the file. */
    private long committedReservation() {
        try {
            return count("SELECT reserved_to FROM message_ids");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pragma(Conn conn, String name) throws SQLException {
        try (ResultSet rows = conn.prepare("PRAGMA " + name).executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** A message to these devices, all of them being delivered to now: the store may hold every entry. */
    private Message insertHeld(Device... devices) {
        List<Long> ids = Arrays.stream(devices).map(Device::id).toList();
        Audience audience = StoreFixtures.toRegistrationIds(
                Arrays.stream(devices).map(Device::registrationId).toArray(String[]::new));
        return store.insertMessageAsync(draft(app, audience, T0), ids, Set.copyOf(ids), stored -> { }).join();
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(string(sql));
    }

    private String string(String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return query(raw, sql);
        }
    }

    static String query(Connection raw, String sql) throws SQLException {
        try (Statement statement = raw.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
