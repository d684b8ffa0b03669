package dev.herald.server.store.sqlite;

import dev.herald.server.push.Audience;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether any device of an app is in a broadcast audience, for the push API's "no target" check. The tag index
 * narrows the candidates; {@link Audience#matchesTagsAndPlatform} has the last word, so the rules live in one place.
 * Candidates are read in chunks in id order and the search stops at the first match.
 */
final class AudienceQueries {
    static final int CHUNK = 500;

    static final String BY_TAG = "SELECT d.id, d.platform FROM device_tags t JOIN devices d "
            + "ON d.id = t.device_id WHERE t.app_id = ? AND t.tag = ? AND t.device_id > ? AND d.registered_at <= ? "
            + "ORDER BY t.device_id LIMIT ?";
    static final String ALL = "SELECT id, platform FROM devices WHERE app_id = ? AND id > ? "
            + "AND registered_at <= ? ORDER BY id LIMIT ?";

    /** Binds the query for the chunk after {@code cursor}. */
    @FunctionalInterface
    private interface ChunkQuery {
        PreparedStatement after(long cursor) throws SQLException;
    }

    private AudienceQueries() {
    }

    static boolean anyDeviceMatches(Conn conn, long appId, Audience audience, long registeredBy)
            throws SQLException {
        if (audience.tags().isEmpty() && audience.tagsAnd().isEmpty() && audience.tagsNot().isEmpty()) {
            return anyOnPlatform(conn, appId, audience.platforms(), registeredBy);
        }
        if (!audience.tagsAnd().isEmpty()) {
            // A match holds every tag_and tag, so the holders of any one of them are all the candidates.
            return anyMatch(conn, audience, byTag(conn, appId, audience.tagsAnd().iterator().next(), registeredBy));
        }
        for (String tag : audience.tags()) {
            if (anyMatch(conn, audience, byTag(conn, appId, tag, registeredBy))) {
                return true;
            }
        }
        if (!audience.tags().isEmpty()) {
            return false;
        }
        // Only tag_not: no index helps, every device is a candidate.
        return anyMatch(conn, audience, cursor -> {
            PreparedStatement select = conn.prepare(ALL);
            select.setLong(1, appId);
            select.setLong(2, cursor);
            select.setLong(3, registeredBy);
            select.setInt(4, CHUNK);
            return select;
        });
    }

    private static boolean anyOnPlatform(Conn conn, long appId, Set<String> platforms, long registeredBy)
            throws SQLException {
        PreparedStatement select = conn.prepare("SELECT EXISTS (SELECT 1 FROM devices WHERE app_id = ? "
                + "AND registered_at <= ? AND (? OR platform" + Conn.IN_LIST + "))");
        select.setLong(1, appId);
        select.setLong(2, registeredBy);
        select.setBoolean(3, platforms.isEmpty());
        select.setString(4, Json.array(platforms));
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private static ChunkQuery byTag(Conn conn, long appId, String tag, long registeredBy) {
        return cursor -> {
            PreparedStatement select = conn.prepare(BY_TAG);
            select.setLong(1, appId);
            select.setString(2, tag);
            select.setLong(3, cursor);
            select.setLong(4, registeredBy);
            select.setInt(5, CHUNK);
            return select;
        };
    }

    private static boolean anyMatch(Conn conn, Audience audience, ChunkQuery query) throws SQLException {
        long cursor = 0;
        while (true) {
            Map<Long, String> platforms = new LinkedHashMap<>();
            int read = 0;
            try (ResultSet rows = query.after(cursor).executeQuery()) {
                while (rows.next()) {
                    read++;
                    cursor = rows.getLong(1);
                    String platform = rows.getString(2);
                    if (audience.platforms().isEmpty() || audience.platforms().contains(platform)) {
                        platforms.put(cursor, platform);
                    }
                }
            }
            if (!platforms.isEmpty()) {
                Map<Long, Set<String>> tags = TagQueries.tagsOf(conn, platforms.keySet());
                for (Map.Entry<Long, String> device : platforms.entrySet()) {
                    Set<String> deviceTags = tags.getOrDefault(device.getKey(), Set.of());
                    if (audience.matchesTagsAndPlatform(device.getValue(), deviceTags)) {
                        return true;
                    }
                }
            }
            if (read < CHUNK) {
                return false;
            }
        }
    }
}
