package dev.herald.server.store.sqlite;

import dev.herald.server.device.Device;
import dev.herald.server.group.GroupAt;
import dev.herald.server.group.GroupMessage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL for group messages, the per-device cursors that acks advance, and history retention. A message is one row
 * however many members its group has; what a device still has to receive is derived from its memberships and its
 * cursor in each group, as broadcasts are derived from audiences.
 */
final class GroupMessageQueries {
    static final String COLUMNS = "gm.id, gm.group_id, gm.robot, gm.msgtype, gm.at_mobiles, gm.at_user_ids, "
            + "gm.at_all, gm.created_at, gm.content, gm.html";

    static final String HISTORY = "SELECT " + COLUMNS + " FROM group_messages gm "
            + "WHERE gm.group_id = ? AND gm.id > ? ORDER BY gm.id LIMIT ?";
    /**
     * For each group the device belongs to (by id or alias; the earlier membership counts when both), messages past
     * both the membership's start and the device's cursor.
     */
    static final String PENDING = "WITH mine AS (SELECT m.group_id, MIN(m.since_id) AS since_id "
            + "FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.app_id = ? "
            + "AND ((m.kind = 'registration_id' AND m.name = ?) OR (m.kind = 'alias' AND m.name = ?)) "
            + "GROUP BY m.group_id) "
            + "SELECT " + COLUMNS + " FROM mine JOIN group_messages gm ON gm.group_id = mine.group_id "
            + "LEFT JOIN group_cursors c ON c.device_id = ? AND c.group_id = mine.group_id "
            + "WHERE gm.id > MAX(mine.since_id, COALESCE(c.acked_id, 0), ?) ORDER BY gm.id LIMIT ?";
    static final String ACK = "INSERT INTO group_cursors (device_id, group_id, acked_id) "
            + "SELECT ?, gm.group_id, MAX(gm.id) FROM group_messages gm JOIN groups g ON g.id = gm.group_id "
            + "WHERE gm.id" + Conn.IN_LIST + " "
            + "AND g.app_id = (SELECT app_id FROM devices WHERE id = ?) GROUP BY gm.group_id "
            + "ON CONFLICT (device_id, group_id) DO UPDATE SET acked_id = MAX(acked_id, excluded.acked_id)";
    /** Row 1 is a group's newest message; rows past {@code keep} that are also old enough go. */
    static final String PURGE = "DELETE FROM group_messages WHERE id IN (SELECT id FROM (SELECT id, created_at, "
            + "ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY id DESC) AS newest FROM group_messages) "
            + "WHERE newest > ? AND created_at < ? LIMIT ?)";

    private GroupMessageQueries() {
    }

    static GroupMessage insert(Conn conn, GroupMessage draft) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO group_messages (group_id, robot, msgtype, at_mobiles, "
                + "at_user_ids, at_all, created_at, content, html) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        insert.setLong(1, draft.groupId());
        insert.setString(2, draft.robot());
        insert.setString(3, draft.msgtype());
        insert.setString(4, Json.array(draft.at().atMobiles()));
        insert.setString(5, Json.array(draft.at().atUserIds()));
        insert.setBoolean(6, draft.at().isAtAll());
        insert.setLong(7, draft.createdAt());
        insert.setString(8, draft.content());
        insert.setString(9, draft.html());
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            return draft.withId(rows.getLong(1));
        }
    }

    static List<GroupMessage> history(Conn conn, long groupId, long afterId, int limit) throws SQLException {
        PreparedStatement select = conn.prepare(HISTORY);
        select.setLong(1, groupId);
        select.setLong(2, afterId);
        select.setInt(3, limit);
        return read(select);
    }

    static List<GroupMessage> pending(Conn conn, Device device, long afterId, int limit) throws SQLException {
        PreparedStatement select = conn.prepare(PENDING);
        select.setLong(1, device.appId());
        select.setString(2, device.registrationId());
        select.setString(3, device.alias());
        select.setLong(4, device.id());
        select.setLong(5, afterId);
        select.setInt(6, limit);
        return read(select);
    }

    static Void ack(Conn conn, long deviceId, Collection<Long> ids) throws SQLException {
        PreparedStatement upsert = conn.prepare(ACK);
        upsert.setLong(1, deviceId);
        upsert.setString(2, Json.array(ids));
        upsert.setLong(3, deviceId);
        upsert.executeUpdate();
        return null;
    }

    static int purgeBatch(Conn conn, long before, int keepPerGroup, int batch) throws SQLException {
        PreparedStatement delete = conn.prepare(PURGE);
        delete.setInt(1, keepPerGroup);
        delete.setLong(2, before);
        delete.setInt(3, batch);
        return delete.executeUpdate();
    }

    private static List<GroupMessage> read(PreparedStatement select) throws SQLException {
        List<GroupMessage> messages = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                GroupAt at = new GroupAt(Json.strings(rows.getString(5)), Json.strings(rows.getString(6)),
                        rows.getBoolean(7));
                messages.add(new GroupMessage(rows.getLong(1), rows.getLong(2), rows.getString(3),
                        rows.getString(4), rows.getString(9), at, rows.getString(10), rows.getLong(8)));
            }
        }
        return messages;
    }
}
