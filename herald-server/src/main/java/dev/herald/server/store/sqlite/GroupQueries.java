package dev.herald.server.store.sqlite;

import dev.herald.server.device.Device;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupMember;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL for groups and their members. Messages, cursors and robots go with a group (ON DELETE CASCADE). */
final class GroupQueries {
    private static final String MEMBER_COLUMNS = "m.group_id, m.kind, m.name, m.mobile, m.user_id";
    /** A device's member records: by registration id, or by its alias (never matched when it has none). */
    static final String MEMBERSHIPS = "SELECT " + MEMBER_COLUMNS + " FROM group_members m "
            + "JOIN groups g ON g.id = m.group_id WHERE g.app_id = ? "
            + "AND ((m.kind = 'registration_id' AND m.name = ?) OR (m.kind = 'alias' AND m.name = ?)) "
            + "ORDER BY m.group_id";

    private GroupQueries() {
    }

    static Group create(Conn conn, Group draft) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO groups (app_id, name, created_at) VALUES (?, ?, ?) "
                + "RETURNING id");
        insert.setLong(1, draft.appId());
        insert.setString(2, draft.name());
        insert.setLong(3, draft.createdAt());
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            return draft.withId(rows.getLong(1));
        }
    }

    static Optional<Group> find(Conn conn, long appId, long groupId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT id, app_id, name, created_at FROM groups "
                + "WHERE id = ? AND app_id = ?");
        select.setLong(1, groupId);
        select.setLong(2, appId);
        List<Group> found = groups(select);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<Group> list(Conn conn, long appId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT id, app_id, name, created_at FROM groups "
                + "WHERE app_id = ? ORDER BY id");
        select.setLong(1, appId);
        return groups(select);
    }

    static boolean delete(Conn conn, long appId, long groupId) throws SQLException {
        PreparedStatement delete = conn.prepare("DELETE FROM groups WHERE id = ? AND app_id = ?");
        delete.setLong(1, groupId);
        delete.setLong(2, appId);
        return delete.executeUpdate() > 0;
    }

    /**
     * Removes, then adds (so a member both removed and added stays). A new member's {@code since_id} is the group's
     * newest message id: it catches up on what comes after. An existing one keeps its own.
     */
    static Void updateMembers(Conn conn, long groupId, Collection<GroupMember> add, Collection<GroupMember> remove)
            throws SQLException {
        PreparedStatement delete = conn.prepare("DELETE FROM group_members WHERE group_id = ? AND kind = ? "
                + "AND name = ?");
        for (GroupMember m : remove) {
            delete.setLong(1, groupId);
            delete.setString(2, m.kind().column());
            delete.setString(3, m.name());
            delete.executeUpdate();
        }
        PreparedStatement upsert = conn.prepare("INSERT INTO group_members (group_id, kind, name, mobile, user_id, "
                + "since_id) VALUES (?, ?, ?, ?, ?, "
                + "(SELECT COALESCE(MAX(id), 0) FROM group_messages WHERE group_id = ?)) "
                + "ON CONFLICT (group_id, kind, name) DO UPDATE SET mobile = excluded.mobile, "
                + "user_id = excluded.user_id");
        for (GroupMember m : add) {
            upsert.setLong(1, groupId);
            upsert.setString(2, m.kind().column());
            upsert.setString(3, m.name());
            upsert.setString(4, m.mobile());
            upsert.setString(5, m.userId());
            upsert.setLong(6, groupId);
            upsert.executeUpdate();
        }
        return null;
    }

    static List<GroupMember> members(Conn conn, long groupId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + MEMBER_COLUMNS + " FROM group_members m "
                + "WHERE m.group_id = ? ORDER BY m.kind DESC, m.name");
        select.setLong(1, groupId);
        List<GroupMember> members = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                members.add(member(rows));
            }
        }
        return members;
    }

    static int memberCount(Conn conn, long groupId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT COUNT(*) FROM group_members WHERE group_id = ?");
        select.setLong(1, groupId);
        try (ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    static Map<Long, List<GroupMember>> memberships(Conn conn, Device device) throws SQLException {
        PreparedStatement select = conn.prepare(MEMBERSHIPS);
        select.setLong(1, device.appId());
        select.setString(2, device.registrationId());
        select.setString(3, device.alias());
        Map<Long, List<GroupMember>> byGroup = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byGroup.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(member(rows));
            }
        }
        return byGroup;
    }

    /** A row selected with {@link #MEMBER_COLUMNS}. */
    private static GroupMember member(ResultSet rows) throws SQLException {
        return new GroupMember(GroupMember.Kind.ofColumn(rows.getString(2)), rows.getString(3), rows.getString(4),
                rows.getString(5));
    }

    private static List<Group> groups(PreparedStatement select) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                groups.add(new Group(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4)));
            }
        }
        return groups;
    }
}
