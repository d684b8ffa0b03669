package dev.herald.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The SQL for receipts: which device acknowledged which message, and on which platform. */
final class ReceiptQueries {
    private ReceiptQueries() {
    }

    /**
     * Records acks for the messages that exist in the device's app; others, and repeated acks, are ignored (the first
     * ack's time and platform stay).
     */
    static Void record(Conn conn, long deviceId, String platform, Collection<Long> messageIds, long now)
            throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT OR IGNORE INTO receipts (device_id, message_id, platform, "
                + "acked_at) SELECT ?, m.id, ?, ? FROM messages m WHERE m.id IN (SELECT value FROM json_each(?)) "
                + "AND m.app_id = (SELECT app_id FROM devices WHERE id = ?)");
        insert.setLong(1, deviceId);
        insert.setString(2, platform);
        insert.setLong(3, now);
        insert.setString(4, Json.array(messageIds));
        insert.setLong(5, deviceId);
        insert.executeUpdate();
        return null;
    }

    /** Records many acks with one prepared statement, with the same rules as {@link #record}. */
    static Void recordBatch(Conn conn, java.util.List<dev.herald.server.store.Store.Ack> acks) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT OR IGNORE INTO receipts (device_id, message_id, platform, "
                + "acked_at) SELECT ?, m.id, ?, ? FROM messages m WHERE m.id = ? "
                + "AND m.app_id = (SELECT app_id FROM devices WHERE id = ?)");
        for (var ack : acks) {
            insert.setLong(1, ack.deviceId());
            insert.setString(2, ack.platform());
            insert.setLong(3, ack.at());
            insert.setLong(4, ack.messageId());
            insert.setLong(5, ack.deviceId());
            insert.addBatch();
        }
        insert.executeBatch();
        return null;
    }

    static Set<Long> acknowledged(Conn conn, long deviceId, Collection<Long> messageIds) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT message_id FROM receipts WHERE device_id = ? "
                + "AND message_id IN (SELECT value FROM json_each(?))");
        select.setLong(1, deviceId);
        select.setString(2, Json.array(messageIds));
        Set<Long> acked = new HashSet<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                acked.add(rows.getLong(1));
            }
        }
        return acked;
    }

    static Map<String, Long> receivedByPlatform(Conn conn, long messageId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT platform, COUNT(*) FROM receipts WHERE message_id = ? "
                + "GROUP BY platform");
        select.setLong(1, messageId);
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }
}
