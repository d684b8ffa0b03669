package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupMember;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.robot.Robot;
import dev.herald.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The embedded store: one SQLite file. Writes go through {@link SqliteWriter} (one thread, group commit); reads use a
 * {@link ReadPool} beside it; inbox entries of devices being delivered to are held in a {@link DeferredInbox}, which
 * a thread of this store flushes. Another process (the CLI) may write to the same file meanwhile: SQLite's file locks
 * and the busy timeout serialize the two writers.
 *
 * <p>Foreign keys are enforced: a device or message needs an existing app, an inbox entry an existing device. A
 * duplicate app key or registration id fails with {@link IllegalArgumentException}; any other failure of the file
 * with {@link SqliteStoreException}.
 */
public final class SqliteStore implements Store {
    static final int READ_CONNECTIONS = 8;
    /** Bytes of WAL file kept when the WAL starts over (SQLite's {@code journal_size_limit}). */
    static final long JOURNAL_SIZE_LIMIT = 64L << 20;
    /** Messages deleted per purge transaction. */
    static final int PURGE_BATCH = 1000;

    /** How often the held inbox entries are looked at, to write those held too long and move the settled id. */
    static final long FLUSH_INTERVAL_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final SqliteWriter writer;
    private final ReadPool reads;
    private final Checkpointer checkpointer;
    private final DeferredInbox deferred = new DeferredInbox();
    private final MessageIds messageIds;
    private final Object messageQueue = new Object();
    private final Thread flusher;
    private volatile boolean closed;

    private SqliteStore(SqliteWriter writer, MessageIds messageIds, ReadPool reads, Checkpointer checkpointer) {
        this.writer = writer;
        this.messageIds = messageIds;
        this.reads = reads;
        this.checkpointer = checkpointer;
        this.flusher = new Thread(this::flushHeldEntries, "herald-sqlite-inbox");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Opens (creating it and its directory if needed) and migrates the database file. */
    public static SqliteStore open(Path dbFile) {
        return open(dbFile, Migrations.HERALD, MessageIds.RANGE);
    }

    /** Opens with other migrations: for tests of the schema's upgrades. */
    static SqliteStore open(Path dbFile, Migrations migrations) {
        return open(dbFile, migrations, MessageIds.RANGE);
    }

    /** Opens reserving {@code messageIdRange} message ids at a time: for tests of the reservations. */
    static SqliteStore open(Path dbFile, Migrations migrations, long messageIdRange) {
        Path parent = dbFile.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + dbFile, e);
        }
        Conn writeConn = null;
        try {
            writeConn = Conn.open(dbFile, false);
            migrations.migrate(writeConn, dbFile);
            writeConn.execute("PRAGMA wal_autocheckpoint = 0"); // the Checkpointer's thread does it
            // When the WAL starts over, a file that grew under a burst is cut back to this size.
            writeConn.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
            int recovered = DeferredInbox.recover(writeConn);
            if (recovered > 0) {
                log.info("wrote {} inbox entries that were held in memory when the last process ended", recovered);
            }
            MessageIds messageIds = MessageIds.open(writeConn, messageIdRange);
            ReadPool reads = ReadPool.open(dbFile, READ_CONNECTIONS);
            SqliteWriter writer = SqliteWriter.start(writeConn);
            writeConn = null; // the writer owns it now
            try {
                Checkpointer checkpointer = Checkpointer.start(dbFile, writer::requestCheckpoint);
                return new SqliteStore(writer, messageIds, reads, checkpointer);
            } catch (SQLException | RuntimeException e) {
                writer.close();
                reads.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (writeConn != null) {
                writeConn.close();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SqliteStoreException("cannot open " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** The writer, for tests that need to queue tasks directly or count transactions. */
    SqliteWriter writer() {
        return writer;
    }

    /** The inbox entries held in memory, for tests. */
    DeferredInbox deferred() {
        return deferred;
    }

    @Override
    public App createApp(App app) {
        return write(c -> AppQueries.create(c, app));
    }

    @Override
    public Optional<App> findApp(String appKey) {
        return read(c -> AppQueries.find(c, appKey));
    }

    @Override
    public List<App> listApps() {
        return read(AppQueries::list);
    }

    @Override
    public Optional<App> findAppById(long appId) {
        return read(c -> AppQueries.findById(c, appId));
    }

    @Override
    public CompletableFuture<Device> createDeviceAsync(long appId, String registrationId, String secretHash,
                                                       String platform, long now) {
        checkOpen();
        return writeAsync(c -> DeviceQueries.create(c, appId, registrationId, secretHash, platform, now), null);
    }

    @Override
    public Optional<Device> findDevice(long appId, String registrationId) {
        return read(c -> DeviceQueries.find(c, appId, registrationId));
    }

    @Override
    public Map<String, Device> findDevices(long appId, Collection<String> registrationIds) {
        return registrationIds.isEmpty() ? ifOpen(Map.of())
                : read(c -> DeviceQueries.findAll(c, appId, registrationIds));
    }

    @Override
    public List<Device> findDevicesByAlias(long appId, Collection<String> aliases) {
        return aliases.isEmpty() ? ifOpen(List.of()) : read(c -> DeviceQueries.byAlias(c, appId, aliases));
    }

    @Override
    public void markOnline(long deviceId, long now) {
        writer.submitBuffered(c -> DeviceQueries.markOnline(c, deviceId, now));
    }

    @Override
    public Optional<Device> updateDevice(long appId, String registrationId, DeviceChange change) {
        return write(c -> DeviceQueries.update(c, appId, registrationId, change));
    }

    @Override
    public int deleteAlias(long appId, String alias) {
        return write(c -> DeviceQueries.deleteAlias(c, appId, alias));
    }

    @Override
    public List<String> listTags(long appId) {
        return read(c -> TagQueries.list(c, appId));
    }

    @Override
    public void updateTag(long appId, String tag, Collection<String> addRegistrationIds,
                          Collection<String> removeRegistrationIds) {
        if (addRegistrationIds.isEmpty() && removeRegistrationIds.isEmpty()) {
            checkOpen();
            return;
        }
        write(c -> TagQueries.update(c, appId, tag, addRegistrationIds, removeRegistrationIds));
    }

    @Override
    public int deleteTag(long appId, String tag) {
        return write(c -> TagQueries.delete(c, appId, tag));
    }

    @Override
    public int tagCount(long deviceId) {
        return read(c -> TagQueries.count(c, deviceId));
    }

    @Override
    public boolean anyDeviceMatches(long appId, Audience audience, long registeredBy) {
        return read(c -> AudienceQueries.anyDeviceMatches(c, appId, audience, registeredBy));
    }

    /**
     * Holds back the inbox entries of {@code deliveredNow} (see {@link DeferredInbox}) while there is room; the
     * others get their inbox rows in the message's transaction.
     */
    @Override
    public CompletableFuture<Message> insertMessageAsync(Message draft, Collection<Long> inboxDeviceIds,
                                                         Set<Long> deliveredNow, Consumer<Message> whenQueued,
                                                         Consumer<Message> whenCommitted) {
        checkOpen();
        String audience = Json.audience(draft.audience()); // on the caller's thread: the writer's is the scarce one
        long[] holdable = deliveredNow.isEmpty() ? new long[0] : deliveredAmong(inboxDeviceIds, deliveredNow);
        if (holdable.length == 0) {
            return queueMessage(draft, whenQueued, message -> writeAsync(
                    c -> MessageQueries.insert(c, message, audience, inboxDeviceIds, null), whenCommitted));
        }
        List<Long> others = new ArrayList<>();
        for (Long device : inboxDeviceIds) {
            if (!deliveredNow.contains(device)) {
                others.add(device);
            }
        }
        String column = DeferredInbox.column(holdable);
        long[][] held = new long[1][]; // what the last run of the task decided; read by its commit hook
        return queueMessage(draft, whenQueued, message -> writeAsync(c -> {
            long[] room = deferred.roomFor(holdable);
            held[0] = room;
            if (room == holdable) { // the usual case, prepared off the writer
                return MessageQueries.insert(c, message, audience, others, column);
            }
            Set<Long> holding = Arrays.stream(room).boxed().collect(Collectors.toSet());
            return MessageQueries.insert(c, message, audience,
                    inboxDeviceIds.stream().filter(d -> !holding.contains(d)).toList(), DeferredInbox.column(room));
        }, stored -> {
            if (held[0].length > 0) {
                deferred.add(stored.id(), held[0], System.nanoTime());
            }
            if (whenCommitted != null) {
                whenCommitted.accept(stored);
            }
        }));
    }

    @Override
    public boolean queuesMessagesAtOnce() {
        if (closed || !writer.hasRoom()) {
            return false;
        }
        synchronized (messageQueue) {
            return messageIds.hasIdsAtHand();
        }
    }

    /**
     * Gives the draft its id and queues its write, then calls {@code whenQueued}, all under one lock: so ids, the
     * writer's queue (hence commits) and the {@code whenQueued} calls are in one order. The write is queued before
     * {@code whenQueued} runs, so a {@link #pendingFor} that starts after it waits for the write
     * ({@link SqliteWriter#awaitQueued}).
     */
    private CompletableFuture<Message> queueMessage(Message draft, Consumer<Message> whenQueued,
                                                    Function<Message, CompletableFuture<Message>> write) {
        synchronized (messageQueue) {
            Message message = draft.withId(messageIds.next(writer));
            CompletableFuture<Message> written = write.apply(message);
            if (whenQueued != null) {
                try {
                    whenQueued.accept(message);
                } catch (RuntimeException e) {
                    log.error("what runs once message {} is queued failed", message.id(), e);
                }
            }
            return written;
        }
    }

    /**
     * The inbox devices that are in {@code deliveredNow}, sorted, each once. Plain loops: this runs for every push,
     * and streams here were 8 % of the push threads' samples.
     */
    private static long[] deliveredAmong(Collection<Long> inboxDeviceIds, Set<Long> deliveredNow) {
        long[] ids = new long[inboxDeviceIds.size()];
        int n = 0;
        for (Long device : inboxDeviceIds) {
            if (deliveredNow.contains(device)) {
                ids[n++] = device;
            }
        }
        Arrays.sort(ids, 0, n);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (kept == 0 || ids[kept - 1] != ids[i]) {
                ids[kept++] = ids[i];
            }
        }
        return kept == ids.length ? ids : Arrays.copyOf(ids, kept);
    }

    /** Queues a write; the future fails with the store's own unchecked exceptions. */
    private <T> CompletableFuture<T> writeAsync(Conn.Work<T> work, Consumer<T> whenCommitted) {
        CompletableFuture<T> done = new CompletableFuture<>();
        writer.submit(work, whenCommitted).whenComplete((value, failure) -> {
            if (failure == null) {
                done.complete(value);
            } else {
                done.completeExceptionally(SqliteStoreException.unchecked(failure));
            }
        });
        return done;
    }

    @Override
    public Optional<Message> findMessage(long appId, long messageId) {
        return read(c -> MessageQueries.find(c, appId, messageId));
    }

    @Override
    public Optional<Message> findByCid(long appId, String cid, long since) {
        return read(c -> MessageQueries.findByCid(c, appId, cid, since));
    }

    @Override
    public List<Message> pendingFor(Device device, long afterId, int limit, long now) {
        writer.awaitQueued(); // a push may have reached a session before its commit: see insertMessageAsync
        long[] held = deferred.pending(device.id()); // before the table: see DeferredInbox
        return read(c -> PendingQuery.pendingFor(c, device, held, afterId, limit, now));
    }

    @Override
    public boolean inInbox(long deviceId, long messageId) {
        return read(c -> MessageQueries.inInbox(c, deviceId, messageId));
    }

    @Override
    public void recordAcks(List<DeviceAcks> acks) {
        if (acks.isEmpty()) {
            checkOpen();
            return;
        }
        List<DeviceAcks> copy = List.copyOf(acks);
        write(c -> ReceiptQueries.record(c, copy), done -> deferred.acked(copy));
    }

    @Override
    public Set<Long> acknowledged(long deviceId, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return ifOpen(Set.of());
        }
        writer.awaitQueued();
        return read(c -> ReceiptQueries.acknowledged(c, deviceId, messageIds));
    }

    @Override
    public Map<String, Long> receivedByPlatform(long messageId) {
        writer.awaitQueued();
        return read(c -> ReceiptQueries.receivedByPlatform(c, messageId));
    }

    @Override
    public int purgeExpired(long before) {
        return purgeInBatches(c -> MessageQueries.purgeBatch(c, before, PURGE_BATCH));
    }

    @Override
    public Group createGroup(Group draft) {
        return write(c -> GroupQueries.create(c, draft));
    }

    @Override
    public Optional<Group> findGroup(long appId, long groupId) {
        return read(c -> GroupQueries.find(c, appId, groupId));
    }

    @Override
    public List<Group> listGroups(long appId) {
        return read(c -> GroupQueries.list(c, appId));
    }

    @Override
    public boolean deleteGroup(long appId, long groupId) {
        return write(c -> GroupQueries.delete(c, appId, groupId));
    }

    @Override
    public void updateMembers(long groupId, Collection<GroupMember> add, Collection<GroupMember> remove) {
        List<GroupMember> adding = List.copyOf(add);
        List<GroupMember> removing = List.copyOf(remove);
        write(c -> GroupQueries.updateMembers(c, groupId, adding, removing));
    }

    @Override
    public List<GroupMember> members(long groupId) {
        return read(c -> GroupQueries.members(c, groupId));
    }

    @Override
    public int memberCount(long groupId) {
        return read(c -> GroupQueries.memberCount(c, groupId));
    }

    @Override
    public Map<Long, List<GroupMember>> memberships(Device device) {
        return read(c -> GroupQueries.memberships(c, device));
    }

    @Override
    public GroupMessage insertGroupMessage(GroupMessage draft) {
        return write(c -> GroupMessageQueries.insert(c, draft));
    }

    @Override
    public List<GroupMessage> groupMessages(long groupId, long afterId, int limit) {
        return read(c -> GroupMessageQueries.history(c, groupId, afterId, limit));
    }

    @Override
    public List<GroupMessage> pendingGroupMessages(Device device, long afterId, int limit) {
        writer.awaitQueued();
        return read(c -> GroupMessageQueries.pending(c, device, afterId, limit));
    }

    @Override
    public void recordGroupAcks(long deviceId, Collection<Long> groupMessageIds) {
        if (groupMessageIds.isEmpty()) {
            checkOpen();
            return;
        }
        List<Long> ids = List.copyOf(groupMessageIds);
        writer.submitBuffered(c -> GroupMessageQueries.ack(c, deviceId, ids));
    }

    @Override
    public int purgeGroupMessages(long before, int keepPerGroup) {
        return purgeInBatches(c -> GroupMessageQueries.purgeBatch(c, before, keepPerGroup, PURGE_BATCH));
    }

    @Override
    public Robot createRobot(Robot draft) {
        return write(c -> GroupRobotQueries.create(c, draft));
    }

    @Override
    public Optional<Robot> findRobot(String accessToken) {
        return read(c -> GroupRobotQueries.byToken(c, accessToken));
    }

    @Override
    public List<Robot> listRobots(long groupId) {
        return read(c -> GroupRobotQueries.list(c, groupId));
    }

    @Override
    public Optional<Robot> rotateRobot(long groupId, long robotId, String accessToken, String secret) {
        return write(c -> GroupRobotQueries.rotate(c, groupId, robotId, accessToken, secret));
    }

    @Override
    public boolean deleteRobot(long groupId, long robotId) {
        return write(c -> GroupRobotQueries.delete(c, groupId, robotId));
    }

    /**
     * Commits everything queued, including buffered acks, writes the inbox rows of the entries still held (so the
     * next start has nothing to recover), then closes the file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(flusher);
        Checkpointer.joinUninterruptibly(flusher);
        checkpointer.close();
        try {
            flush(true).join();
        } catch (CompletionException e) {
            log.warn("could not write the held inbox entries on close; the next start will", e.getCause());
        }
        writer.close();
        reads.close();
    }

    /**
     * Writes the inbox rows of the entries held for {@link DeferredInbox#HOLD_MILLIS} or more (all of them with
     * {@code all}) and moves the settled id, in a write of its own. For tests; the flusher thread does it otherwise.
     */
    void flushHeld(boolean all) {
        checkOpen();
        try {
            flush(all).join();
        } catch (CompletionException e) {
            throw SqliteStoreException.unchecked(e);
        }
    }

    /** Queues a flush of the held entries: see {@link #flushHeld}. */
    private CompletableFuture<DeferredInbox.Flush> flush(boolean all) {
        return writer.submit(c -> DeferredInbox.write(c, deferred.due(System.nanoTime(), all)), deferred::flushed);
    }

    /** The flusher thread: every {@link #FLUSH_INTERVAL_MILLIS}, a flush if anything is held or the settled id lags. */
    private void flushHeldEntries() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS));
            if (closed || !deferred.needsFlush()) {
                continue;
            }
            try {
                flush(false).join();
            } catch (RuntimeException e) { // a failed write, or the store closing: the next round tries again
                if (!closed) {
                    log.warn("could not write held inbox entries; will retry", e);
                }
            }
        }
    }

    /** Commits {@code work} and returns its result. */
    private <T> T write(Conn.Work<T> work) {
        return write(work, null);
    }

    /** Commits {@code work}, runs {@code afterCommit} with its result on the writer thread, and returns the result. */
    private <T> T write(Conn.Work<T> work, Consumer<T> afterCommit) {
        checkOpen();
        try {
            return writer.submit(work, afterCommit).join();
        } catch (CompletionException e) {
            throw SqliteStoreException.unchecked(e);
        }
    }

    private <T> T read(Conn.Work<T> work) {
        checkOpen();
        return reads.read(work);
    }

    /**
     * Runs a purge of at most {@link #PURGE_BATCH} rows per transaction until one removes fewer, so a large purge never
     * holds the writer for long; returns the rows removed in all.
     */
    private int purgeInBatches(Conn.Work<Integer> batch) {
        int total = 0;
        int removed;
        do {
            removed = write(batch);
            total += removed;
        } while (removed == PURGE_BATCH);
        return total;
    }

    /** Every call after {@link #close()} fails, even one with nothing to do. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private <T> T ifOpen(T value) {
        checkOpen();
        return value;
    }
}
