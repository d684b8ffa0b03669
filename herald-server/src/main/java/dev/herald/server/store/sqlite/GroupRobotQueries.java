package dev.herald.server.store.sqlite;

import dev.herald.server.robot.Robot;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL for a group's robots. A robot is found by its access token, which is unique across apps. */
final class GroupRobotQueries {
    private static final String COLUMNS = "id, app_id, group_id, name, access_token, secret, sign, keywords, "
            + "ip_allowlist, created_at";

    private GroupRobotQueries() {
    }

    static Robot create(Conn conn, Robot draft) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO robots (app_id, group_id, name, access_token, secret, "
                + "sign, keywords, ip_allowlist, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        insert.setLong(1, draft.appId());
        insert.setLong(2, draft.groupId());
        insert.setString(3, draft.name());
        insert.setString(4, draft.accessToken());
        insert.setString(5, draft.secret());
        insert.setBoolean(6, draft.sign());
        insert.setString(7, Json.array(draft.keywords()));
        insert.setString(8, Json.array(draft.ipAllowlist()));
        insert.setLong(9, draft.createdAt());
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            return draft.withId(rows.getLong(1));
        } catch (SQLException e) {
            if (SqliteStoreException.isDuplicate(e)) {
                throw new IllegalArgumentException("a robot with this access token already exists", e);
            }
            throw e;
        }
    }

    static Optional<Robot> byToken(Conn conn, String accessToken) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + COLUMNS + " FROM robots WHERE access_token = ?");
        select.setString(1, accessToken);
        List<Robot> found = read(select);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<Robot> list(Conn conn, long groupId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + COLUMNS + " FROM robots WHERE group_id = ? ORDER BY id");
        select.setLong(1, groupId);
        return read(select);
    }

    static Optional<Robot> rotate(Conn conn, long groupId, long robotId, String accessToken, String secret)
            throws SQLException {
        PreparedStatement update = conn.prepare("UPDATE robots SET access_token = ?, secret = ? "
                + "WHERE id = ? AND group_id = ?");
        update.setString(1, accessToken);
        update.setString(2, secret);
        update.setLong(3, robotId);
        update.setLong(4, groupId);
        if (update.executeUpdate() == 0) {
            return Optional.empty();
        }
        return byToken(conn, accessToken);
    }

    static boolean delete(Conn conn, long groupId, long robotId) throws SQLException {
        PreparedStatement delete = conn.prepare("DELETE FROM robots WHERE id = ? AND group_id = ?");
        delete.setLong(1, robotId);
        delete.setLong(2, groupId);
        return delete.executeUpdate() > 0;
    }

    private static List<Robot> read(PreparedStatement select) throws SQLException {
        List<Robot> robots = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                robots.add(new Robot(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getBoolean(7), Json.strings(rows.getString(8)),
                        Json.strings(rows.getString(9)), rows.getLong(10)));
            }
        }
        return robots;
    }
}
