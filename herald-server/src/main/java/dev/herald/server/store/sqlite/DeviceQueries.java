package dev.herald.server.store.sqlite;

import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL for devices and their alias and mobile; tags are in {@link TagQueries}. */
final class DeviceQueries {
    private static final String COLUMNS = "id, app_id, registration_id, secret_hash, platform, alias, mobile, "
            + "registered_at, last_online_at";

    static final String BY_ALIAS = "SELECT " + COLUMNS + " FROM devices WHERE app_id = ? "
            + "AND alias" + Conn.IN_LIST + " ORDER BY id";
    private static final String BY_REGISTRATION_ID = "SELECT " + COLUMNS + " FROM devices WHERE app_id = ? "
            + "AND registration_id" + Conn.IN_LIST;

    private DeviceQueries() {
    }

    static Device create(Conn conn, long appId, String registrationId, String secretHash, String platform, long now)
            throws SQLException {
        PreparedStatement insert = conn.prepare("INSERT INTO devices (app_id, registration_id, secret_hash, "
                + "platform, registered_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
        insert.setLong(1, appId);
        insert.setString(2, registrationId);
        insert.setString(3, secretHash);
        insert.setString(4, platform);
        insert.setLong(5, now);
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            return new Device(rows.getLong(1), appId, registrationId, secretHash, platform, null, null, Set.of(),
                    now, 0);
        } catch (SQLException e) {
            if (SqliteStoreException.isDuplicate(e)) {
                throw new IllegalArgumentException("registration id " + registrationId + " already exists", e);
            }
            throw e;
        }
    }

    static Optional<Device> find(Conn conn, long appId, String registrationId) throws SQLException {
        return findAll(conn, appId, List.of(registrationId)).values().stream().findFirst();
    }

    static Map<String, Device> findAll(Conn conn, long appId, Collection<String> registrationIds)
            throws SQLException {
        PreparedStatement select = conn.prepareIn(BY_REGISTRATION_ID, 2, registrationIds);
        select.setLong(1, appId);
        Map<String, Device> devices = new LinkedHashMap<>();
        for (Device device : withTags(conn, select)) {
            devices.put(device.registrationId(), device);
        }
        return devices;
    }

    static List<Device> byAlias(Conn conn, long appId, Collection<String> aliases) throws SQLException {
        PreparedStatement select = conn.prepareIn(BY_ALIAS, 2, aliases);
        select.setLong(1, appId);
        return withTags(conn, select);
    }

    static Void markOnline(Conn conn, long deviceId, long now) throws SQLException {
        PreparedStatement update = conn.prepare("UPDATE devices SET last_online_at = ? WHERE id = ?");
        update.setLong(1, now);
        update.setLong(2, deviceId);
        update.executeUpdate();
        return null;
    }

    /** Applies the change as {@link DeviceChange} defines it: null leaves a part alone, an empty string clears it. */
    static Optional<Device> update(Conn conn, long appId, String registrationId, DeviceChange change)
            throws SQLException {
        Optional<Device> found = find(conn, appId, registrationId);
        if (found.isEmpty()) {
            return found;
        }
        long deviceId = found.get().id();
        if (change.alias() != null) {
            setColumn(conn, "UPDATE devices SET alias = ? WHERE id = ?", change.alias(), deviceId);
        }
        if (change.mobile() != null) {
            setColumn(conn, "UPDATE devices SET mobile = ? WHERE id = ?", change.mobile(), deviceId);
        }
        TagQueries.change(conn, appId, deviceId, change.clearTags(), change.removeTags(), change.addTags());
        return find(conn, appId, registrationId);
    }

    static int deleteAlias(Conn conn, long appId, String alias) throws SQLException {
        PreparedStatement update = conn.prepare("UPDATE devices SET alias = NULL WHERE app_id = ? AND alias = ?");
        update.setLong(1, appId);
        update.setString(2, alias);
        return update.executeUpdate();
    }

    private static void setColumn(Conn conn, String sql, String value, long deviceId) throws SQLException {
        PreparedStatement update = conn.prepare(sql);
        update.setString(1, value.isEmpty() ? null : value);
        update.setLong(2, deviceId);
        update.executeUpdate();
    }

    /** Runs a device query and attaches each device's tags, loaded in one more query. */
    private static List<Device> withTags(Conn conn, PreparedStatement select) throws SQLException {
        List<Device> bare = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                bare.add(new Device(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), Set.of(), rows.getLong(8),
                        rows.getLong(9)));
            }
        }
        if (bare.isEmpty()) {
            return bare;
        }
        Map<Long, Set<String>> tags = TagQueries.tagsOf(conn, bare.stream().map(Device::id).toList());
        List<Device> devices = new ArrayList<>(bare.size());
        for (Device d : bare) {
            devices.add(new Device(d.id(), d.appId(), d.registrationId(), d.secretHash(), d.platform(), d.alias(),
                    d.mobile(), tags.getOrDefault(d.id(), Set.of()), d.registeredAt(), d.lastOnlineAt()));
        }
        return devices;
    }
}
