package dev.herald.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Hands out message ids before their messages are written, so that a unicast push can reach the devices online now
 * while its write waits for the group commit ({@code docs/delivery.md}). Such an id may reach a device and then be
 * lost with its transaction in a crash. The next process must never give it to another message: the device's SDK
 * remembers the ids it has shown, and would drop that other message as shown already.
 *
 * <p>So ids come from a reserved range whose end is committed before any id in it is handed out
 * ({@code message_ids.reserved_to}), and a process starts past the last range reserved, whatever it committed. When
 * half a range is used, the writer commits the next one; a caller waits for it only if the whole range ran out first.
 * A restart leaves the rest of a range unused: ids have gaps, never repeats. Not thread-safe: the store calls
 * {@link #next} under its own lock, in the order the writes are queued.
 */
final class MessageIds {
    /** Ids reserved at a time. */
    static final long RANGE = 100_000;

    private final long range;
    private long next;
    private volatile long reservedTo;
    private CompletableFuture<Void> reserving; // the next range's commit, while it runs

    private MessageIds(long range, long next, long reservedTo) {
        this.range = range;
        this.next = next;
        this.reservedTo = reservedTo;
    }

    /**
     * Reserves the first range past every id already used or reserved, committing it on {@code conn} (in autocommit
     * mode, before the writer owns it); the writer given to {@link #next} commits the later ones.
     */
    static MessageIds open(Conn conn, long range) throws SQLException {
        long used = Math.max(longOrZero(conn, "SELECT seq FROM sqlite_sequence WHERE name = 'messages'"),
                longOrZero(conn, "SELECT reserved_to FROM message_ids WHERE id = 1"));
        long reservedTo = used + range;
        reserve(conn, reservedTo);
        return new MessageIds(range, used + 1, reservedTo);
    }

    /**
     * The next id. Queues the next range's reservation on {@code writer} when half of this one is used; waits for its
     * commit only if this range is used up, and fails if that commit failed (the next call asks again).
     */
    long next(SqliteWriter writer) {
        if (next > reservedTo - range / 2 && reserving == null) {
            long to = reservedTo + range;
            reserving = writer.submit(c -> {
                reserve(c, to);
                return null;
            }, done -> reservedTo = to);
        }
        if (next > reservedTo) {
            CompletableFuture<Void> pending = reserving;
            try {
                pending.join();
            } catch (CompletionException e) {
                throw SqliteStoreException.unchecked(e.getCause());
            } finally {
                reserving = null;
            }
        } else if (reserving != null && reserving.isDone()) {
            reserving = null; // committed (reservedTo moved) or failed (asked again on the next call)
        }
        return next++;
    }

    /** The end of the range committed so far, for tests. */
    long reservedTo() {
        return reservedTo;
    }

    private static void reserve(Conn conn, long reservedTo) throws SQLException {
        PreparedStatement upsert = conn.prepare("INSERT INTO message_ids (id, reserved_to) VALUES (1, ?) "
                + "ON CONFLICT (id) DO UPDATE SET reserved_to = excluded.reserved_to");
        upsert.setLong(1, reservedTo);
        upsert.executeUpdate();
    }

    private static long longOrZero(Conn conn, String sql) throws SQLException {
        try (ResultSet row = conn.prepare(sql).executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
