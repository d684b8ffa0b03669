package dev.herald.server.store.sqlite;

import dev.herald.server.store.Store.DeviceAcks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Inbox entries held in memory instead of as inbox rows: those of devices that were online when a message was pushed
 * to them. Such a device usually acknowledges the message within a second, and its inbox row (a random page of the
 * inbox B-tree per push, plus its index entry) would have been written only to be read never. So the message row
 * lists those devices in its {@code deferred} column, which makes the entries as durable as the message, and their
 * inbox rows are written only for the ones still unacknowledged after {@link #HOLD_MILLIS}.
 *
 * <p>For everyone else a held entry is an inbox entry: {@link SqliteStore#pendingFor} looks here as well as in the
 * {@code inbox} table ({@link SqliteStore#inInbox} reads the {@code deferred} column). The order of the steps keeps
 * that exact: an entry is added after its message commits and before its delivery is published (the publish runs in
 * the same commit hook, after this); it leaves after the commit of its ack or of its inbox row; and a reader looks
 * here <em>before</em> it reads the table, so an entry that leaves between the two reads is found in the table.
 *
 * <p>After a crash the held entries are gone from memory but not from the file: {@code deferred_inbox.settled_id}
 * says up to which message every held entry has left (acknowledged, or written to the inbox), and {@link #recover}
 * writes the inbox rows of the messages above it for every listed device that has no receipt, before the store
 * takes its first write. At worst a device gets again a message it acknowledged in the last moments before the
 * crash, which is what an inbox row written at once would have done too; the SDKs de-duplicate it.
 *
 * <p>Threads: every change happens on the store's writer thread (in the write tasks' commit hooks, and in the flush
 * task's body, which only reads); {@link #pending} and {@link #holds} may be called from any thread.
 */
final class DeferredInbox {
    /** How long an entry waits for its ack before its inbox row is written. The SDKs ack within 100 ms. */
    static final long HOLD_MILLIS = 2_000;
    /** Entries held at most (about: a group commit may add a batch beyond it); past it, inbox rows are written. */
    static final int MAX_ENTRIES = 100_000;
    /** Entries held at most for one device; each new one copies the device's array. */
    static final int MAX_PER_DEVICE = 256;

    private static final long[] NONE = new long[0];
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS);

    /** Per device, the ids of its held messages in ascending order; arrays are replaced, never changed. */
    private final Map<Long, long[]> byDevice = new ConcurrentHashMap<>();
    // The rest is the writer thread's alone.
    private final ArrayDeque<Held> order = new ArrayDeque<>();
    private volatile int entries; // volatile: the flusher reads it
    private long newest;
    /** Whether anything changed since the last flush task: the flusher submits one only then. */
    private volatile boolean changed;

    /** One message's held entries: the devices it was held for (which of them still are, {@link #byDevice} says). */
    private record Held(long messageId, long[] devices, long addedNanos) {
    }

    /** What one flush writes: inbox rows (device, message pairs) and the new settled id. */
    record Flush(long[] devices, long[] messages, long settledId) {
    }

    /**
     * Of these devices, those for which one more entry may be held now: none when {@link #MAX_ENTRIES} would be
     * passed, and not a device that holds {@link #MAX_PER_DEVICE} already (a device that stopped reading). Returns
     * {@code devices} itself when there is room for all. Writer thread.
     */
    long[] roomFor(long[] devices) {
        if (entries + devices.length > MAX_ENTRIES) {
            return NONE;
        }
        long[] room = null; // a copy, from the first device without room on
        int n = 0;
        for (int i = 0; i < devices.length; i++) {
            boolean full = pending(devices[i]).length >= MAX_PER_DEVICE;
            if (full && room == null) {
                room = devices.clone();
                n = i;
            } else if (!full && room != null) {
                room[n++] = devices[i];
            }
        }
        return room == null ? devices : Arrays.copyOf(room, n);
    }

    /** Holds a just-committed message's entries for {@code devices}. Writer thread, in the message's commit hook. */
    void add(long messageId, long[] devices, long nowNanos) {
        for (long device : devices) {
            byDevice.merge(device, new long[]{messageId}, (held, one) -> {
                long[] more = Arrays.copyOf(held, held.length + 1);
                more[held.length] = messageId;
                return more;
            });
        }
        order.addLast(new Held(messageId, devices.clone(), nowNanos));
        entries += devices.length;
        newest = Math.max(newest, messageId);
        changed = true;
    }

    /** Lets go of the acknowledged entries among committed acks. Writer thread, in the acks' commit hook. */
    void acked(List<DeviceAcks> acks) {
        for (DeviceAcks ack : acks) {
            long[] held = byDevice.get(ack.deviceId());
            if (held == null) {
                continue;
            }
            for (long messageId : held) {
                for (long acked : ack.messageIds()) {
                    if (acked == messageId) {
                        if (release(ack.deviceId(), messageId)) {
                            changed = true;
                        }
                        break;
                    }
                }
            }
        }
        trimHead();
    }

    /**
     * What a flush has to write: the entries held for at least {@link #HOLD_MILLIS} at {@code nowNanos} (all of
     * them with {@code all}), and the settled id once they are written. Writer thread; changes nothing.
     */
    Flush due(long nowNanos, boolean all) {
        changed = false;
        long[] devices = new long[16];
        long[] messages = new long[16];
        int n = 0;
        long settled = newest;
        for (Held held : order) {
            if (released(held)) {
                continue;
            }
            if (!all && nowNanos - held.addedNanos() < HOLD_NANOS) {
                settled = held.messageId() - 1;
                break;
            }
            for (long device : held.devices()) {
                if (holds(device, held.messageId())) {
                    if (n == devices.length) {
                        devices = Arrays.copyOf(devices, n * 2);
                        messages = Arrays.copyOf(messages, n * 2);
                    }
                    devices[n] = device;
                    messages[n] = held.messageId();
                    n++;
                }
            }
        }
        return new Flush(Arrays.copyOf(devices, n), Arrays.copyOf(messages, n), settled);
    }

    /** Lets go of the entries a flush wrote to the inbox. Writer thread, in the flush's commit hook. */
    void flushed(Flush flush) {
        for (int i = 0; i < flush.devices().length; i++) {
            release(flush.devices()[i], flush.messages()[i]);
        }
        trimHead();
    }

    /** Whether a flush has anything to do: entries held, or the settled id behind. Any thread. */
    boolean needsFlush() {
        return changed || entries > 0;
    }

    /** The ids of the messages held for a device, ascending. Any thread. */
    long[] pending(long deviceId) {
        return byDevice.getOrDefault(deviceId, NONE);
    }

    /** Whether an entry is held for this device and message. Any thread. */
    boolean holds(long deviceId, long messageId) {
        return Arrays.binarySearch(pending(deviceId), messageId) >= 0;
    }

    /** How many entries are held. Writer thread (tests). */
    int size() {
        return entries;
    }

    /** Lets go of one entry; false if it was not held. */
    private boolean release(long deviceId, long messageId) {
        boolean[] removed = new boolean[1];
        byDevice.computeIfPresent(deviceId, (d, held) -> {
            int i = Arrays.binarySearch(held, messageId);
            if (i < 0) {
                return held;
            }
            removed[0] = true;
            if (held.length == 1) {
                return null;
            }
            long[] fewer = new long[held.length - 1];
            System.arraycopy(held, 0, fewer, 0, i);
            System.arraycopy(held, i + 1, fewer, i, held.length - i - 1);
            return fewer;
        });
        if (!removed[0]) {
            return false;
        }
        entries--;
        return true;
    }

    /** Whether none of a message's entries is held any more. */
    private boolean released(Held held) {
        for (long device : held.devices()) {
            if (holds(device, held.messageId())) {
                return false;
            }
        }
        return true;
    }

    private void trimHead() {
        while (!order.isEmpty() && released(order.peekFirst())) {
            order.removeFirst();
        }
    }

    // ---- SQL ----

    /** Writes a flush's inbox rows and its settled id, in the caller's transaction. */
    static Flush write(Conn conn, Flush flush) throws SQLException {
        if (flush.devices().length > 0) {
            // The message may have expired and been purged meanwhile: then there is nothing to write.
            PreparedStatement insert = conn.prepare("INSERT OR IGNORE INTO inbox (device_id, message_id) "
                    + "SELECT ?, id FROM messages WHERE id = ?");
            for (int i = 0; i < flush.devices().length; i++) {
                insert.setLong(1, flush.devices()[i]);
                insert.setLong(2, flush.messages()[i]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        PreparedStatement settle = conn.prepare("UPDATE deferred_inbox SET settled_id = ? "
                + "WHERE id = 1 AND settled_id < ?");
        settle.setLong(1, flush.settledId());
        settle.setLong(2, flush.settledId());
        settle.executeUpdate();
        return flush;
    }

    /**
     * After a crash: writes the inbox rows of the held entries that were lost with the process (every device listed
     * in a message above the settled id that has no receipt for it), and moves the settled id past them. Returns the
     * rows written. Runs in a transaction of its own, before the store's writer starts.
     */
    static int recover(Conn conn) throws SQLException {
        conn.exec("BEGIN IMMEDIATE");
        try {
            long settled;
            try (ResultSet row = conn.prepare("SELECT settled_id FROM deferred_inbox WHERE id = 1").executeQuery()) {
                settled = row.next() ? row.getLong(1) : 0;
            }
            PreparedStatement rebuild = conn.prepare("INSERT OR IGNORE INTO inbox (device_id, message_id) "
                    + "SELECT d.value, m.id FROM messages m, json_each(m.deferred) d "
                    + "WHERE m.id > ? AND m.deferred IS NOT NULL "
                    + "AND EXISTS (SELECT 1 FROM devices WHERE id = d.value) "
                    + "AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.message_id = m.id AND r.device_id = d.value)");
            rebuild.setLong(1, settled);
            int written = rebuild.executeUpdate();
            PreparedStatement settle = conn.prepare("UPDATE deferred_inbox SET settled_id = "
                    + "(SELECT coalesce(max(id), 0) FROM messages) WHERE id = 1 AND settled_id < "
                    + "(SELECT coalesce(max(id), 0) FROM messages)");
            settle.executeUpdate();
            conn.exec("COMMIT");
            return written;
        } catch (SQLException | RuntimeException e) {
            conn.rollbackQuietly();
            throw e;
        }
    }

    /** The ids of a message's held devices as its {@code deferred} column stores them: a JSON array, or null. */
    static String column(long[] devices) {
        return devices.length == 0 ? null : Json.array(devices);
    }
}
