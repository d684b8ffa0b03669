package dev.herald.server.store.sqlite;

import dev.herald.server.store.Store.DeviceAcks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
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
            + "WHERE id" + Conn.IN_LIST + " AND broadcast = 1";
    /** Some devices' apps and broadcast cursors (0 without one). */
    private static final String DEVICES = "SELECT d.id, d.app_id, coalesce(c.acked_id, 0) FROM devices d "
            + "LEFT JOIN broadcast_cursors c ON c.device_id = d.id WHERE d.id" + Conn.IN_LIST;
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

    /**
     * The broadcasts among a batch's ids, sorted, with their apps, and the acks counted per broadcast and platform.
     * Primitive arrays and binary search: a burst's batch holds millions of ids but only hundreds of broadcasts.
     */
    private static final class Broadcasts {
        final long[] ids;
        final long[] apps;
        final List<String> platforms = new ArrayList<>(4);
        final List<long[]> counts = new ArrayList<>(4); // per platform, per broadcast

        Broadcasts(long[] ids, long[] apps) {
            this.ids = ids;
            this.apps = apps;
        }

        /** The broadcast's index, or -1 if the id is not a broadcast. */
        int indexOf(long id) {
            int i = Arrays.binarySearch(ids, id);
            return i >= 0 ? i : -1;
        }

        void count(int broadcast, String platform) {
            int p = platforms.indexOf(platform);
            if (p < 0) {
                platforms.add(platform);
                counts.add(new long[ids.length]);
                p = platforms.size() - 1;
            }
            counts.get(p)[broadcast]++;
        }
    }

    /**
     * Records acks in the caller's transaction: unicasts as receipts, broadcasts by moving cursors and counting the
     * broadcasts above the old cursor. Unknown ids, other apps' messages and repeated acks are ignored. A batch
     * costs a handful of statements plus a row per unicast ack and per device, not per broadcast ack.
     */
    static Void record(Conn conn, List<DeviceAcks> acks) throws SQLException {
        Map<Long, DeviceState> devices = devices(conn, acks);
        Broadcasts broadcasts = broadcasts(conn, acks);
        Map<Long, Long> cursors = new HashMap<>();
        PreparedStatement receipt = conn.prepare(RECEIPT);
        boolean receipts = false;
        for (DeviceAcks ack : acks) {
            DeviceState device = devices.get(ack.deviceId());
            if (device == null) {
                continue;
            }
            long cursor = Math.max(device.cursor(), cursors.getOrDefault(ack.deviceId(), 0L));
            long newCursor = cursor;
            long[] ids = ack.messageIds().clone();
            Arrays.sort(ids); // repeated ids side by side: each counts once
            for (int k = 0; k < ids.length; k++) {
                long id = ids[k];
                if (k > 0 && ids[k - 1] == id) {
                    continue;
                }
                int b = broadcasts.indexOf(id);
                if (b < 0) {
                    receipt.setLong(1, ack.deviceId());
                    receipt.setString(2, ack.platform());
                    receipt.setLong(3, ack.at());
                    receipt.setLong(4, id);
                    receipt.setLong(5, device.appId());
                    receipt.addBatch();
                    receipts = true;
                } else if (broadcasts.apps[b] == device.appId() && id > cursor) {
                    broadcasts.count(b, ack.platform());
                    newCursor = id;
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
        boolean counted = false;
        PreparedStatement count = conn.prepare(COUNT);
        for (int p = 0; p < broadcasts.platforms.size(); p++) {
            long[] perBroadcast = broadcasts.counts.get(p);
            for (int b = 0; b < perBroadcast.length; b++) {
                if (perBroadcast[b] > 0) {
                    count.setLong(1, broadcasts.ids[b]);
                    count.setString(2, broadcasts.platforms.get(p));
                    count.setLong(3, perBroadcast[b]);
                    count.addBatch();
                    counted = true;
                }
            }
        }
        if (counted) {
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
    private static Broadcasts broadcasts(Conn conn, List<DeviceAcks> acks) throws SQLException {
        int total = 0;
        for (DeviceAcks ack : acks) {
            total += ack.messageIds().length;
        }
        long[] all = new long[total];
        int n = 0;
        for (DeviceAcks ack : acks) {
            System.arraycopy(ack.messageIds(), 0, all, n, ack.messageIds().length);
            n += ack.messageIds().length;
        }
        long[] distinct = Arrays.stream(all).sorted().distinct().toArray();
        PreparedStatement select = conn.prepare(BROADCASTS);
        select.setString(1, Arrays.toString(distinct)); // "[1, 2, 3]": a JSON array
        List<long[]> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new long[]{rows.getLong(1), rows.getLong(2)});
            }
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] ids = new long[found.size()];
        long[] apps = new long[found.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = found.get(i)[0];
            apps[i] = found.get(i)[1];
        }
        return new Broadcasts(ids, apps);
    }

    /** Of these ids, the device's acknowledged unicasts and the broadcasts of its app at or below its cursor. */
    static Set<Long> acknowledged(Conn conn, long deviceId, Collection<Long> messageIds) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT message_id FROM receipts WHERE device_id = ? "
                + "AND message_id" + Conn.IN_LIST + " "
                + "UNION SELECT m.id FROM messages m, devices d, broadcast_cursors c "
                + "WHERE d.id = ? AND c.device_id = d.id AND m.id" + Conn.IN_LIST + " "
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
