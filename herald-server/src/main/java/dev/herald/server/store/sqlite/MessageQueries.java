package dev.herald.server.store.sqlite;

import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * The SQL for messages and inboxes. A broadcast is one row that devices find by matching its audience
 * ({@link PendingQuery}); a unicast message also gets one inbox row per target device.
 */
final class MessageQueries {
    /** Selected as {@code m}; the audience comes before the large columns, which a scan reads only for a match. */
    static final String COLUMNS = "m.id, m.app_id, m.sendno, m.audience, m.created_at, m.expires_at, "
            + "m.override_of, m.cid, m.notification, m.message";

    static final String BY_CID = "SELECT " + COLUMNS + " FROM messages m "
            + "WHERE m.app_id = ? AND m.cid = ? AND m.created_at >= ? ORDER BY m.id DESC LIMIT 1";
    static final String PURGE = "DELETE FROM messages WHERE id IN "
            + "(SELECT id FROM messages WHERE expires_at < ? ORDER BY expires_at LIMIT ?)";

    private MessageQueries() {
    }

    /** Inserts the message and its inbox rows, nothing held back (see the next form), in the caller's tx. */
    static Message insert(Conn conn, Message message, Collection<Long> inboxDeviceIds) throws SQLException {
        return insert(conn, message, Json.audience(message.audience()), inboxDeviceIds, null);
    }

    /**
     * Inserts the message with its id ({@link MessageIds}), its inbox rows, and the replacement of the message it
     * overrides, in the caller's tx. The audience comes already written as JSON (off the writer); {@code deferred}
     * lists the devices whose inbox entries are held in memory instead ({@link DeferredInbox#column}; null for none).
     */
    static Message insert(Conn conn, Message message, String audienceJson, Collection<Long> inboxDeviceIds,
                          String deferred) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO messages (app_id, broadcast, sendno, created_at, "
                + "expires_at, override_of, cid, audience, notification, message, deferred, id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setLong(1, message.appId());
        insert.setBoolean(2, message.broadcast());
        insert.setLong(3, message.sendno());
        insert.setLong(4, message.createdAt());
        insert.setLong(5, message.expiresAt());
        insert.setLong(6, message.overrideOf());
        insert.setString(7, message.cid());
        insert.setString(8, audienceJson);
        insert.setString(9, message.notification());
        insert.setString(10, message.message());
        insert.setString(11, deferred);
        long id = message.id();
        insert.setLong(12, id);
        insert.executeUpdate();
        if (inboxDeviceIds.size() == 1) { // the common push: one device, no JSON to build and parse
            PreparedStatement inbox = conn.prepare("INSERT OR IGNORE INTO inbox (device_id, message_id) "
                    + "VALUES (?, ?)");
            inbox.setLong(1, inboxDeviceIds.iterator().next());
            inbox.setLong(2, id);
            inbox.executeUpdate();
        } else if (!inboxDeviceIds.isEmpty()) {
            PreparedStatement inbox = conn.prepare("INSERT OR IGNORE INTO inbox (device_id, message_id) "
                    + "SELECT value, ? FROM json_each(?)");
            inbox.setLong(1, id);
            inbox.setString(2, Json.array(inboxDeviceIds));
            inbox.executeUpdate();
        }
        if (message.overrideOf() > 0) {
            PreparedStatement replace = conn.prepare("UPDATE messages SET replaced = 1 WHERE id = ? AND app_id = ?");
            replace.setLong(1, message.overrideOf());
            replace.setLong(2, message.appId());
            replace.executeUpdate();
        }
        return message;
    }

    static Optional<Message> find(Conn conn, long appId, long messageId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + COLUMNS + " FROM messages m "
                + "WHERE m.id = ? AND m.app_id = ?");
        select.setLong(1, messageId);
        select.setLong(2, appId);
        return first(select);
    }

    /** The newest message with this cid created at or after {@code since}: a cid may be reused once it is old. */
    static Optional<Message> findByCid(Conn conn, long appId, String cid, long since) throws SQLException {
        PreparedStatement select = conn.prepare(BY_CID);
        select.setLong(1, appId);
        select.setString(2, cid);
        select.setLong(3, since);
        return first(select);
    }

    /** An inbox row, or the device among those whose entries were held back ({@link DeferredInbox}). */
    static boolean inInbox(Conn conn, long deviceId, long messageId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT 1 FROM inbox WHERE device_id = ? AND message_id = ? "
                + "UNION ALL SELECT 1 FROM messages m, json_each(m.deferred) d WHERE m.id = ? AND d.value = ?");
        select.setLong(1, deviceId);
        select.setLong(2, messageId);
        select.setLong(3, messageId);
        select.setLong(4, deviceId);
        try (ResultSet rows = select.executeQuery()) {
            return rows.next();
        }
    }

    /**
     * Deletes up to {@code batch} messages that expired before {@code before}; their inbox and receipt rows go with
     * them (ON DELETE CASCADE). Small batches keep each write task short, so pushes never wait long behind a purge.
     */
    static int purgeBatch(Conn conn, long before, int batch) throws SQLException {
        PreparedStatement delete = conn.prepare(PURGE);
        delete.setLong(1, before);
        delete.setInt(2, batch);
        return delete.executeUpdate();
    }

    /** A row selected with {@link #COLUMNS}, whose audience the caller has already parsed. */
    static Message read(ResultSet rows, Audience audience) throws SQLException {
        return new Message(rows.getLong(1), rows.getLong(2), rows.getLong(3), audience, rows.getString(9),
                rows.getString(10), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getString(8));
    }

    private static Optional<Message> first(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(read(rows, Json.audience(rows.getString(4)))) : Optional.empty();
        }
    }
}
