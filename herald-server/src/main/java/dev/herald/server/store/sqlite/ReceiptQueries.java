package dev.herald.server.store.sqlite;

import dev.herald.server.store.Store.DeviceAcks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SQL for acknowledgements: a {@code receipts} row per device per unicast message; per device a broadcast cursor
 * ({@code broadcast_cursors}: every broadcast of its app up to {@code acked_id} is acknowledged) and per broadcast a
 * count per platform ({@code broadcast_received}). See {@link dev.herald.server.store.Store#recordAcks}.
 */
final class ReceiptQueries {
    /** The broadcasts among some message ids, with their app. */
    private static final String BROADCASTS = "SELECT id, app_id FROM messages "
            + "WHERE id IN (SELECT value FROM json_each(?)) AND broadcast = 1";
    /** Some devices' apps and broadcast cursors (0 without one). */
    private static final String DEVICES = "SELECT d.id, d.app_id, coalesce(c.acked_id, 0) FROM devices d "
            + "LEFT JOIN broadcast_cursors c ON c.device_id = d.id WHERE d.id IN (SELECT value FROM json_each(?))";
    private static final String RECEIPT = "INSERT OR IGNORE INTO receipts (device_id, message_id, platform, acked_at) "
            + "SELECT ?, m.id, ?, ? FROM messages m WHERE m.id = ? AND m.app_id = ? AND m.broadcast = 0";
    private static final String CURSOR = "INSERT INTO broadcast_cursors (device_id, acked_id) VALUES (?, ?) "
            + "ON CONFLICT (device_id) DO UPDATE SET acked_id = max(acked_id, excluded.acked_id)";
    private static final String COUNT = "INSERT INTO broadcast_received (message_id, platform, count) "
            + "VALUES (?, ?, ?) ON CONFLICT (message_id, platform) DO UPDATE SET count = count + excluded.count";

    private ReceiptQueries() {
    }

    /** A device as acks need it: its app and its broadcast cursor. */
    private record DeviceState(long appId, long cursor) {
    }

    /** A broadcast's count on one platform. */
    private record Counted(long messageId, String platform) {
    }

    /**
     * Records acks in the caller's transaction: unicasts as receipts, broadcasts by moving cursors and counting the
     * broadcasts above the old cursor. Unknown ids, other apps' messages and repeated acks are ignored. A batch
     * costs a handful of statements plus a row per unicast ack and per device, not per broadcast ack.
     */
    static Void record(Conn conn, List<DeviceAcks> acks) throws SQLException {
        Map<Long, DeviceState> devices = devices(conn, acks);
        Map<Long, Long> broadcasts = broadcasts(conn, acks);
        Map<Long, Long> cursors = new HashMap<>();
        Map<Counted, Long> counts = new HashMap<>();
        PreparedStatement receipt = conn.prepare(RECEIPT);
        boolean receipts = false;
        for (DeviceAcks ack : acks) {
            DeviceState device = devices.get(ack.deviceId());
            if (device == null) {
                continue;
            }
            long cursor = Math.max(device.cursor(), cursors.getOrDefault(ack.deviceId(), 0L));
            long newCursor = cursor;
            Set<Long> counted = null;
            for (long id : ack.messageIds()) {
                Long app = broadcasts.get(id);
                if (app == null) {
                    receipt.setLong(1, ack.deviceId());
                    receipt.setString(2, ack.platform());
                    receipt.setLong(3, ack.at());
                    receipt.setLong(4, id);
                    receipt.setLong(5, device.appId());
                    receipt.addBatch();
                    receipts = true;
                } else if (app == device.appId() && id > cursor) {
                    if (counted == null) {
                        counted = new HashSet<>();
                    }
                    if (counted.add(id)) {
                        counts.merge(new Counted(id, ack.platform()), 1L, Long::sum);
                    }
                    newCursor = Math.max(newCursor, id);
                }
            }
            if (newCursor > cursor) {
                cursors.put(ack.deviceId(), newCursor);
            }
        }
        if (receipts) {
            receipt.executeBatch();
        }
        if (!cursors.isEmpty()) {
            PreparedStatement cursor = conn.prepare(CURSOR);
            for (var e : cursors.entrySet()) {
                cursor.setLong(1, e.getKey());
                cursor.setLong(2, e.getValue());
                cursor.addBatch();
            }
            cursor.executeBatch();
        }
        if (!counts.isEmpty()) {
            PreparedStatement count = conn.prepare(COUNT);
            for (var e : counts.entrySet()) {
                count.setLong(1, e.getKey().messageId());
                count.setString(2, e.getKey().platform());
                count.setLong(3, e.getValue());
                count.addBatch();
            }
            count.executeBatch();
        }
        return null;
    }

    private static Map<Long, DeviceState> devices(Conn conn, List<DeviceAcks> acks) throws SQLException {
        Set<Long> ids = new HashSet<>();
        for (DeviceAcks ack : acks) {
            ids.add(ack.deviceId());
        }
        PreparedStatement select = conn.prepare(DEVICES);
        select.setString(1, Json.array(ids));
        Map<Long, DeviceState> devices = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                devices.put(rows.getLong(1), new DeviceState(rows.getLong(2), rows.getLong(3)));
            }
        }
        return devices;
    }

    /** The broadcasts among the acknowledged ids, with their app ids. */
    private static Map<Long, Long> broadcasts(Conn conn, List<DeviceAcks> acks) throws SQLException {
        Set<Long> ids = new HashSet<>();
        for (DeviceAcks ack : acks) {
            for (long id : ack.messageIds()) {
                ids.add(id);
            }
        }
        PreparedStatement select = conn.prepare(BROADCASTS);
        select.setString(1, Json.array(ids));
        Map<Long, Long> broadcasts = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                broadcasts.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return broadcasts;
    }

    /** Of these ids, the device's acknowledged unicasts and the broadcasts of its app at or below its cursor. */
    static Set<Long> acknowledged(Conn conn, long deviceId, Collection<Long> messageIds) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT message_id FROM receipts WHERE device_id = ? "
                + "AND message_id IN (SELECT value FROM json_each(?)) "
                + "UNION SELECT m.id FROM messages m, devices d, broadcast_cursors c "
                + "WHERE d.id = ? AND c.device_id = d.id AND m.id IN (SELECT value FROM json_each(?)) "
                + "AND m.broadcast = 1 AND m.app_id = d.app_id AND m.id <= c.acked_id");
        String ids = Json.array(messageIds);
        select.setLong(1, deviceId);
        select.setString(2, ids);
        select.setLong(3, deviceId);
        select.setString(4, ids);
        Set<Long> acked = new HashSet<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                acked.add(rows.getLong(1));
            }
        }
        return acked;
    }

    /** The devices' broadcast cursor, 0 if it has acknowledged no broadcast. */
    static long broadcastCursor(Conn conn, long deviceId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT acked_id FROM broadcast_cursors WHERE device_id = ?");
        select.setLong(1, deviceId);
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static Map<String, Long> receivedByPlatform(Conn conn, long messageId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT platform, COUNT(*) FROM receipts WHERE message_id = ? "
                + "GROUP BY platform UNION ALL SELECT platform, count FROM broadcast_received WHERE message_id = ?");
        select.setLong(1, messageId);
        select.setLong(2, messageId);
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.merge(rows.getString(1), rows.getLong(2), Long::sum);
            }
        }
        return counts;
    }
}
