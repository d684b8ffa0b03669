package dev.herald.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Hands out message ids before their messages are written, so that a push can reach the devices online now while
 * its write waits for the group commit ({@code docs/delivery.md}). Such an id may reach a device and then be
 * lost with its transaction in a crash. The next process must never give it to another message: the device's SDK
 * remembers the ids it has shown, and would drop that other message as shown already.
 *
 * <p>So ids come from a reserved range, claimed past every id used or reserved in the file
 * ({@code message_ids.reserved_to}) and committed before any id in it is handed out. When half a range is used, the
 * writer claims the next one; a caller waits for it only if the whole range ran out first. A restart leaves the rest
 * of a range unused: ids have gaps, never repeats. Not thread-safe: the store calls {@link #next} under its own lock,
 * in the order the writes are queued.
 */
final class MessageIds {
    /** Ids reserved at a time. */
    static final long RANGE = 100_000;
    /** The largest id committed or reserved in the file, 0 for none. */
    private static final String USED = "SELECT max("
            + "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0), "
            + "coalesce((SELECT reserved_to FROM message_ids WHERE id = 1), 0))";

    /** Ids {@code from} to {@code to}, both included. */
    private record Range(long from, long to) {
    }

    private final long range;
    private long next;
    private long last;
    private CompletableFuture<Range> claiming; // the next range, while the writer claims it

    private MessageIds(long range, Range first) {
        this.range = range;
        this.next = first.from();
        this.last = first.to();
    }

    /**
     * Claims the first range on {@code conn} (in autocommit mode, before the writer owns it); the writer given to
     * {@link #next} claims the later ones.
     */
    static MessageIds open(Conn conn, long range) throws SQLException {
        return new MessageIds(range, claim(conn, range));
    }

    /**
     * The next id. Has {@code writer} claim the next range when half of this one is used; waits for that claim only
     * if this range is used up, and fails if the claim failed (the next call asks again).
     */
    long next(SqliteWriter writer) {
        if (claiming != null && claiming.isCompletedExceptionally()) {
            claiming = null; // ask again now, rather than fail a push when this range runs out
        }
        if (claiming == null && next > last - range / 2) {
            claiming = writer.submit(c -> claim(c, range));
        }
        if (next > last) {
            Range claimed;
            try {
                claimed = claiming.join();
            } catch (CompletionException e) {
                throw SqliteStoreException.unchecked(e.getCause());
            } finally {
                claiming = null;
            }
            next = claimed.from();
            last = claimed.to();
        }
        return next++;
    }

    /** Whether {@link #next} would return at once: an id is left in this range, or the next range is claimed. */
    boolean hasIdsAtHand() {
        return next <= last || claiming != null && claiming.isDone() && !claiming.isCompletedExceptionally();
    }

    /**
     * Claims the ids after every id used or reserved in the file (by this process or another on the same file) and
     * records the claim in the caller's transaction.
     */
    private static Range claim(Conn conn, long range) throws SQLException {
        long used;
        try (ResultSet row = conn.prepare(USED).executeQuery()) {
            row.next();
            used = row.getLong(1);
        }
        Range claimed = new Range(used + 1, used + range);
        PreparedStatement upsert = conn.prepare("INSERT INTO message_ids (id, reserved_to) VALUES (1, ?) "
                + "ON CONFLICT (id) DO UPDATE SET reserved_to = excluded.reserved_to");
        upsert.setLong(1, claimed.to());
        upsert.executeUpdate();
        return claimed;
    }
}
