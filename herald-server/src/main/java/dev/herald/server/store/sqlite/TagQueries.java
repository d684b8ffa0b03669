package dev.herald.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The SQL for device tags; audience matching over them is in {@link AudienceQueries}. */
final class TagQueries {
    private TagQueries() {
    }

    /** The tags of each of these devices; a device without tags is absent. */
    static Map<Long, Set<String>> tagsOf(Conn conn, Collection<Long> deviceIds) throws SQLException {
        PreparedStatement select = conn.prepareIn("SELECT device_id, tag FROM device_tags WHERE device_id"
                + Conn.IN_LIST, 1, deviceIds);
        Map<Long, Set<String>> tags = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tags.computeIfAbsent(rows.getLong(1), id -> new TreeSet<>()).add(rows.getString(2));
            }
        }
        return tags;
    }

    /** One device's tags: first all removed if {@code clear}, then {@code remove} removed, then {@code add} added. */
    static void change(Conn conn, long appId, long deviceId, boolean clear, Set<String> remove, Set<String> add)
            throws SQLException {
        if (clear) {
            PreparedStatement delete = conn.prepare("DELETE FROM device_tags WHERE device_id = ?");
            delete.setLong(1, deviceId);
            delete.executeUpdate();
        }
        if (!remove.isEmpty()) {
            PreparedStatement delete = conn.prepare("DELETE FROM device_tags WHERE device_id = ? "
                    + "AND tag" + Conn.IN_LIST);
            delete.setLong(1, deviceId);
            delete.setString(2, Json.array(remove));
            delete.executeUpdate();
        }
        if (!add.isEmpty()) {
            PreparedStatement insert = conn.prepare("INSERT OR IGNORE INTO device_tags (device_id, tag, app_id) "
                    + "SELECT ?, value, ? FROM json_each(?)");
            insert.setLong(1, deviceId);
            insert.setLong(2, appId);
            insert.setString(3, Json.array(add));
            insert.executeUpdate();
        }
    }

    static List<String> list(Conn conn, long appId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT DISTINCT tag FROM device_tags WHERE app_id = ? ORDER BY tag");
        select.setLong(1, appId);
        List<String> tags = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tags.add(rows.getString(1));
            }
        }
        return tags;
    }

    static Void update(Conn conn, long appId, String tag, Collection<String> addRegistrationIds,
                       Collection<String> removeRegistrationIds) throws SQLException {
        if (!addRegistrationIds.isEmpty()) {
            PreparedStatement insert = conn.prepare("INSERT OR IGNORE INTO device_tags (device_id, tag, app_id) "
                    + "SELECT id, ?, app_id FROM devices WHERE app_id = ? "
                    + "AND registration_id" + Conn.IN_LIST);
            insert.setString(1, tag);
            insert.setLong(2, appId);
            insert.setString(3, Json.array(addRegistrationIds));
            insert.executeUpdate();
        }
        if (!removeRegistrationIds.isEmpty()) {
            PreparedStatement delete = conn.prepare("DELETE FROM device_tags WHERE app_id = ? AND tag = ? "
                    + "AND device_id IN (SELECT id FROM devices WHERE app_id = ? "
                    + "AND registration_id" + Conn.IN_LIST + ")");
            delete.setLong(1, appId);
            delete.setString(2, tag);
            delete.setLong(3, appId);
            delete.setString(4, Json.array(removeRegistrationIds));
            delete.executeUpdate();
        }
        return null;
    }

    static int delete(Conn conn, long appId, String tag) throws SQLException {
        PreparedStatement delete = conn.prepare("DELETE FROM device_tags WHERE app_id = ? AND tag = ?");
        delete.setLong(1, appId);
        delete.setString(2, tag);
        return delete.executeUpdate();
    }

    static int count(Conn conn, long deviceId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT COUNT(*) FROM device_tags WHERE device_id = ?");
        select.setLong(1, deviceId);
        try (ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
