package dev.herald.server.store.sqlite;

import dev.herald.server.device.Device;
import dev.herald.server.push.Message;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a device has still to receive: its inbox, plus the app's broadcasts above its broadcast cursor that it
 * matches. SQL filters what it can (expired, replaced, acknowledged, pushed before the device registered); the
 * audience is matched in Java against the device as it is now. Broadcasts are read in chunks, so a device that
 * matches few of many broadcasts still gets {@code limit} messages without loading them all, and a chunk parses
 * audiences only (message bodies are read for matches alone).
 */
final class PendingQuery {
    static final int CHUNK = 256;
    private static final int VERDICTS_LIMIT = 1024;

    static final String INBOX = "SELECT " + MessageQueries.COLUMNS + " FROM inbox i "
            + "JOIN messages m ON m.id = i.message_id "
            + "WHERE i.device_id = ? AND i.message_id > ? AND m.replaced = 0 AND m.expires_at > ? "
            + "AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.device_id = i.device_id AND r.message_id = m.id) "
            + "ORDER BY i.message_id LIMIT ?";
    /** {@link #INBOX} with the entries held in memory for the device as a JSON array of message ids. */
    static final String INBOX_AND_HELD = "SELECT " + MessageQueries.COLUMNS + " FROM "
            + "(SELECT message_id FROM inbox WHERE device_id = ? AND message_id > ? "
            + "UNION SELECT value FROM json_each(?) WHERE value > ?) i "
            + "JOIN messages m ON m.id = i.message_id "
            + "WHERE m.replaced = 0 AND m.expires_at > ? "
            + "AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.device_id = ? AND r.message_id = m.id) "
            + "ORDER BY i.message_id LIMIT ?";
    // "broadcast = 1" as written lets SQLite use the partial index messages_broadcast.
    static final String BROADCASTS = "SELECT " + MessageQueries.COLUMNS + " FROM messages m "
            + "WHERE m.app_id = ? AND m.broadcast = 1 AND m.id > ? AND m.id < ? AND m.replaced = 0 "
            + "AND m.expires_at > ? AND m.created_at >= ? ORDER BY m.id LIMIT ?";

    static final String FIRST_BROADCAST_SINCE = "SELECT min(id) FROM messages "
            + "WHERE app_id = ? AND broadcast = 1 AND created_at >= ?";

    private PendingQuery() {
    }

    /** {@code held}: the ids of the device's inbox entries held in memory ({@link DeferredInbox#pending}). */
    static List<Message> pendingFor(Conn conn, Device device, long[] held, long afterId, int limit, long now)
            throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        List<Message> inbox = inbox(conn, device.id(), held, afterId, limit, now);
        // With a full page of inbox messages, only broadcasts older than its last one can still make the page.
        long before = inbox.size() == limit ? inbox.get(limit - 1).id() : Long.MAX_VALUE;
        // Broadcasts at or below the device's cursor are acknowledged (Store#recordAcks); those before the first one
        // pushed since it registered are not for it.
        long after = Math.max(afterId, ReceiptQueries.broadcastCursor(conn, device.id()));
        if (after == 0) { // a new device, or one that never acknowledged a broadcast
            after = firstBroadcastSince(conn, device.appId(), device.registeredAt()) - 1;
        }
        List<Message> broadcasts = after >= before ? List.of() : broadcasts(conn, device, after, before, limit, now);
        return merge(inbox, broadcasts, limit);
    }

    /** The id of the app's first broadcast created at or after {@code since}; {@code Long.MAX_VALUE} if none. */
    private static long firstBroadcastSince(Conn conn, long appId, long since) throws SQLException {
        PreparedStatement select = conn.prepare(FIRST_BROADCAST_SINCE);
        select.setLong(1, appId);
        select.setLong(2, since);
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Long.MAX_VALUE;
            }
            long first = rows.getLong(1);
            return rows.wasNull() ? Long.MAX_VALUE : first;
        }
    }

    private static List<Message> inbox(Conn conn, long deviceId, long[] held, long afterId, int limit, long now)
            throws SQLException {
        PreparedStatement select;
        if (held.length == 0) {
            select = conn.prepare(INBOX);
            select.setLong(1, deviceId);
            select.setLong(2, afterId);
            select.setLong(3, now);
            select.setInt(4, limit);
        } else {
            select = conn.prepare(INBOX_AND_HELD);
            select.setLong(1, deviceId);
            select.setLong(2, afterId);
            select.setString(3, Json.array(held));
            select.setLong(4, afterId);
            select.setLong(5, now);
            select.setLong(6, deviceId);
            select.setInt(7, limit);
        }
        List<Message> messages = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(MessageQueries.read(rows, Json.audience(rows.getString(4))));
            }
        }
        return messages;
    }

    private static List<Message> broadcasts(Conn conn, Device device, long afterId, long before, int limit,
                                            long now) throws SQLException {
        List<Message> matches = new ArrayList<>();
        // Broadcasts share few audiences: decide each distinct one once per scan, not once per message.
        Map<String, Boolean> verdicts = new HashMap<>();
        long last = afterId;
        PreparedStatement select = conn.prepare(BROADCASTS);
        while (true) {
            select.setLong(1, device.appId());
            select.setLong(2, last);
            select.setLong(3, before);
            select.setLong(4, now);
            select.setLong(5, device.registeredAt());
            select.setInt(6, CHUNK);
            int read = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    read++;
                    last = rows.getLong(1);
                    String audience = rows.getString(4);
                    Boolean match = verdicts.get(audience);
                    if (match == null) {
                        match = Json.audience(audience).matchesTagsAndPlatform(device.platform(), device.tags());
                        if (verdicts.size() < VERDICTS_LIMIT) {
                            verdicts.put(audience, match);
                        }
                    }
                    if (match) {
                        matches.add(MessageQueries.read(rows, Json.audience(audience)));
                        if (matches.size() == limit) {
                            return matches;
                        }
                    }
                }
            }
            if (read < CHUNK) {
                return matches;
            }
        }
    }

    /** Both lists are in id order; the result is too, without duplicates, at most {@code limit} long. */
    private static List<Message> merge(List<Message> a, List<Message> b, int limit) {
        List<Message> merged = new ArrayList<>(Math.min(limit, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < limit && (i < a.size() || j < b.size())) {
            Message next;
            if (j >= b.size() || (i < a.size() && a.get(i).id() <= b.get(j).id())) {
                next = a.get(i++);
                if (j < b.size() && b.get(j).id() == next.id()) {
                    j++; // a broadcast that also has an inbox row
                }
            } else {
                next = b.get(j++);
            }
            merged.add(next);
        }
        return merged;
    }
}
