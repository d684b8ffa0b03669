package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL for apps. */
final class AppQueries {
    private static final String COLUMNS =
            "id, app_key, master_secret, name, client_bind, push_rate_per_minute, allowed_origins, enabled, created_at";

    private AppQueries() {
    }

    static App create(Conn conn, App app) throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO apps (app_key, master_secret, name, client_bind, "
                + "push_rate_per_minute, allowed_origins, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id");
        insert.setString(1, app.appKey());
        insert.setString(2, app.masterSecret());
        insert.setString(3, app.name());
        insert.setBoolean(4, app.clientBind());
        insert.setInt(5, app.pushRatePerMinute());
        insert.setString(6, Json.array(app.allowedOrigins()));
        insert.setBoolean(7, app.enabled());
        insert.setLong(8, app.createdAt());
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            return app.withId(rows.getLong(1));
        } catch (SQLException e) {
            if (SqliteStoreException.isDuplicate(e)) {
                throw new IllegalArgumentException("an app with key " + app.appKey() + " already exists", e);
            }
            throw e;
        }
    }

    static Optional<App> find(Conn conn, String appKey) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + COLUMNS + " FROM apps WHERE app_key = ?");
        select.setString(1, appKey);
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    static Optional<App> findById(Conn conn, long appId) throws SQLException {
        PreparedStatement select = conn.prepare("SELECT " + COLUMNS + " FROM apps WHERE id = ?");
        select.setLong(1, appId);
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    static List<App> list(Conn conn) throws SQLException {
        List<App> apps = new ArrayList<>();
        try (ResultSet rows = conn.prepare("SELECT " + COLUMNS + " FROM apps ORDER BY id").executeQuery()) {
            while (rows.next()) {
                apps.add(read(rows));
            }
        }
        return apps;
    }

    private static App read(ResultSet rows) throws SQLException {
        return new App(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getBoolean(5),
                rows.getInt(6), Json.strings(rows.getString(7)), rows.getBoolean(8), rows.getLong(9));
    }
}
