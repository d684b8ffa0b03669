package dev.herald.server.store.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema as numbered steps, applied in order; {@code schema_version} records how many a file has had. Opening an
 * older file applies the missing steps, in one transaction so a crash leaves the old version intact. A file of a newer
 * version than this code knows is refused: the code could misread it. Steps are only ever appended, never edited.
 */
final class Migrations {
    /** One schema version: what it changes, as the statements that change it. */
    record Step(String description, List<String> statements) {
        Step {
            statements = List.copyOf(statements);
        }
    }

    static final Migrations HERALD = new Migrations(List.of(
            new Step("apps, devices, tags, messages, inboxes, receipts", List.of(
                    """
                    CREATE TABLE apps (
                        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_key              TEXT    NOT NULL UNIQUE,
                        master_secret        TEXT    NOT NULL,
                        name                 TEXT    NOT NULL,
                        client_bind          INTEGER NOT NULL,
                        push_rate_per_minute INTEGER NOT NULL,
                        allowed_origins      TEXT    NOT NULL, -- JSON array of strings
                        enabled              INTEGER NOT NULL,
                        created_at           INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE devices (
                        id              INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_id          INTEGER NOT NULL REFERENCES apps (id),
                        registration_id TEXT    NOT NULL,
                        secret_hash     TEXT    NOT NULL,
                        platform        TEXT    NOT NULL,
                        alias           TEXT,
                        mobile          TEXT,
                        registered_at   INTEGER NOT NULL,
                        last_online_at  INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (app_id, registration_id)
                    )""",
                    "CREATE INDEX devices_alias ON devices (app_id, alias)",
                    // Keyed by device for "the tags of these devices"; the index serves "the devices with this tag".
                    """
                    CREATE TABLE device_tags (
                        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                        tag       TEXT    NOT NULL,
                        app_id    INTEGER NOT NULL,
                        PRIMARY KEY (device_id, tag)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX device_tags_tag ON device_tags (app_id, tag, device_id)",
                    // AUTOINCREMENT: ids are never reused, even after the newest messages are purged. The large text
                    // columns come last so a scan that only reads the audience does not touch their overflow pages.
                    """
                    CREATE TABLE messages (
                        id           INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_id       INTEGER NOT NULL REFERENCES apps (id),
                        broadcast    INTEGER NOT NULL,
                        replaced     INTEGER NOT NULL DEFAULT 0,
                        sendno       INTEGER NOT NULL,
                        created_at   INTEGER NOT NULL,
                        expires_at   INTEGER NOT NULL,
                        override_of  INTEGER NOT NULL,
                        cid          TEXT,
                        audience     TEXT    NOT NULL, -- JSON, see Json.audience
                        notification TEXT,
                        message      TEXT
                    )""",
                    // An index on (app_id) holds (app_id, rowid): an app's broadcasts in id order.
                    "CREATE INDEX messages_broadcast ON messages (app_id) WHERE broadcast = 1",
                    "CREATE INDEX messages_expires ON messages (expires_at)",
                    "CREATE INDEX messages_cid ON messages (app_id, cid) WHERE cid IS NOT NULL",
                    """
                    CREATE TABLE inbox (
                        device_id  INTEGER NOT NULL REFERENCES devices (id),
                        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
                        PRIMARY KEY (device_id, message_id)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX inbox_message ON inbox (message_id)",
                    """
                    CREATE TABLE receipts (
                        device_id  INTEGER NOT NULL,
                        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
                        platform   TEXT    NOT NULL,
                        acked_at   INTEGER NOT NULL,
                        PRIMARY KEY (device_id, message_id)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX receipts_message ON receipts (message_id, platform)")),
            new Step("groups, group members, group messages and cursors, robots", List.of(
                    """
                    CREATE TABLE groups (
                        id         INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_id     INTEGER NOT NULL REFERENCES apps (id),
                        name       TEXT    NOT NULL,
                        created_at INTEGER NOT NULL
                    )""",
                    "CREATE INDEX groups_app ON groups (app_id)",
                    // kind is 'registration_id' or 'alias'. since_id: the group's last message id when the member
                    // joined; a device catches up on what came after it. The index serves "the groups of a device".
                    """
                    CREATE TABLE group_members (
                        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
                        kind     TEXT    NOT NULL,
                        name     TEXT    NOT NULL,
                        mobile   TEXT,
                        user_id  TEXT,
                        since_id INTEGER NOT NULL,
                        PRIMARY KEY (group_id, kind, name)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX group_members_name ON group_members (kind, name, group_id)",
                    // Their own id space (clients see "g" + id). content is the msgtype's object as posted (JSON).
                    """
                    CREATE TABLE group_messages (
                        id          INTEGER PRIMARY KEY AUTOINCREMENT,
                        group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
                        robot       TEXT    NOT NULL,
                        msgtype     TEXT    NOT NULL,
                        at_mobiles  TEXT    NOT NULL, -- JSON array of strings
                        at_user_ids TEXT    NOT NULL, -- JSON array of strings
                        at_all      INTEGER NOT NULL,
                        created_at  INTEGER NOT NULL,
                        content     TEXT    NOT NULL,
                        html        TEXT    NOT NULL
                    )""",
                    "CREATE INDEX group_messages_group ON group_messages (group_id)",
                    "CREATE INDEX group_messages_created ON group_messages (created_at)",
                    // A device's progress in a group: every message up to acked_id has been acknowledged.
                    """
                    CREATE TABLE group_cursors (
                        device_id INTEGER NOT NULL REFERENCES devices (id),
                        group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
                        acked_id  INTEGER NOT NULL,
                        PRIMARY KEY (device_id, group_id)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX group_cursors_group ON group_cursors (group_id)",
                    """
                    CREATE TABLE robots (
                        id           INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_id       INTEGER NOT NULL REFERENCES apps (id),
                        group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
                        name         TEXT    NOT NULL,
                        access_token TEXT    NOT NULL UNIQUE,
                        secret       TEXT    NOT NULL,
                        sign         INTEGER NOT NULL,
                        keywords     TEXT    NOT NULL, -- JSON array of strings
                        ip_allowlist TEXT    NOT NULL, -- JSON array of addresses and CIDR ranges
                        created_at   INTEGER NOT NULL
                    )""",
                    "CREATE INDEX robots_group ON robots (group_id)")),
            // Acks of broadcasts were a receipts row per device per broadcast: a burst of 200 broadcasts to 10,000
            // devices was 2,000,000 rows. Now they move a cursor per device and a count per broadcast and platform;
            // the rows already there become the cursors and counts they stand for.
            new Step("broadcast cursors per device and received counts per broadcast", List.of(
                    """
                    CREATE TABLE broadcast_cursors (
                        device_id INTEGER PRIMARY KEY,
                        acked_id  INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE broadcast_received (
                        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
                        platform   TEXT    NOT NULL,
                        count      INTEGER NOT NULL,
                        PRIMARY KEY (message_id, platform)
                    ) WITHOUT ROWID""",
                    """
                    INSERT INTO broadcast_cursors (device_id, acked_id)
                    SELECT r.device_id, max(r.message_id) FROM receipts r JOIN messages m ON m.id = r.message_id
                    WHERE m.broadcast = 1 GROUP BY r.device_id""",
                    """
                    INSERT INTO broadcast_received (message_id, platform, count)
                    SELECT r.message_id, r.platform, count(*) FROM receipts r JOIN messages m ON m.id = r.message_id
                    WHERE m.broadcast = 1 GROUP BY r.message_id, r.platform""",
                    "DELETE FROM receipts WHERE message_id IN (SELECT id FROM messages WHERE broadcast = 1)",
                    // A device without a cursor starts its scan at the app's first broadcast since it registered.
                    "CREATE INDEX messages_broadcast_created ON messages (app_id, created_at) WHERE broadcast = 1")),
            // Receipts were keyed by device, then message. Acks arrive in message order across many devices, so each
            // ack of a group commit wrote into another device's page: in the push benchmark, 44 % of the pages the
            // WAL took. Keyed by message first, the acks of a commit share the newest pages, and the key also serves
            // the per-message counts, which had an index of their own.
            new Step("receipts keyed by message, then device", List.of(
                    """
                    CREATE TABLE receipts_by_message (
                        device_id  INTEGER NOT NULL,
                        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
                        platform   TEXT    NOT NULL,
                        acked_at   INTEGER NOT NULL,
                        PRIMARY KEY (message_id, device_id)
                    ) WITHOUT ROWID""",
                    "INSERT INTO receipts_by_message (device_id, message_id, platform, acked_at) "
                            + "SELECT device_id, message_id, platform, acked_at FROM receipts",
                    "DROP TABLE receipts",
                    "ALTER TABLE receipts_by_message RENAME TO receipts")),
            // A push to a device online here usually has its ack back within a second; its inbox row (a random page
            // of the inbox per push) was written and then never read. Now such a message lists those devices in
            // "deferred", and their inbox rows are written only if no ack came within DeferredInbox.HOLD_MILLIS.
            // settled_id: every message up to it has had its deferred devices acknowledged or written to the inbox;
            // after a crash, the store rebuilds the inbox rows of the messages above it (DeferredInbox.recover).
            new Step("inbox rows held back for devices online at the push", List.of(
                    "ALTER TABLE messages ADD COLUMN deferred TEXT", // JSON array of device ids
                    """
                    CREATE TABLE deferred_inbox (
                        id         INTEGER PRIMARY KEY CHECK (id = 1),
                        settled_id INTEGER NOT NULL
                    )""",
                    "INSERT INTO deferred_inbox (id, settled_id) SELECT 1, coalesce(max(id), 0) FROM messages")),
            // Message ids are handed out before their message is committed (a unicast push reaches the devices online
            // while its write waits for the group commit), from a range whose end is committed first, so that no
            // process gives an id that may have reached a device to another message (MessageIds).
            new Step("reserved message ids", List.of(
                    """
                    CREATE TABLE message_ids (
                        id          INTEGER PRIMARY KEY CHECK (id = 1),
                        reserved_to INTEGER NOT NULL
                    )"""))));

    private final List<Step> steps;

    Migrations(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    List<Step> steps() {
        return steps;
    }

    /** The version a file has once every step is applied. */
    int latest() {
        return steps.size();
    }

    /**
     * Brings the file to the latest version and returns the version it had. {@code BEGIN IMMEDIATE} takes the write
     * lock first, so two processes opening a new file at once do not both create the schema.
     */
    int migrate(Conn conn, Path file) throws SQLException {
        conn.execute("BEGIN IMMEDIATE");
        try {
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
            int current = version(conn);
            if (current > latest()) {
                throw new IllegalStateException("database " + file + " has schema version " + current
                        + ", but this Herald knows versions up to " + latest()
                        + ": it was written by a newer Herald. Run that version, or restore a backup of the file.");
            }
            for (int version = current + 1; version <= latest(); version++) {
                for (String sql : steps.get(version - 1).statements()) {
                    conn.execute(sql);
                }
            }
            if (current < latest()) {
                conn.execute("INSERT INTO schema_version (id, version) VALUES (1, " + latest() + ") "
                        + "ON CONFLICT (id) DO UPDATE SET version = excluded.version");
            }
            conn.execute("COMMIT");
            return current;
        } catch (SQLException | RuntimeException e) {
            conn.rollbackQuietly();
            throw e;
        }
    }

    /** The version recorded in the file, 0 for a new file. */
    static int version(Conn conn) throws SQLException {
        PreparedStatement statement = conn.prepare("SELECT version FROM schema_version WHERE id = 1");
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
