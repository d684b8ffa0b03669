package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.server.store.StoreFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening a file written by an older, or a newer, Herald. */
class MigrationsTest {
    @TempDir
    Path dir;

    /** Herald's steps and one more, as a later release would have them. */
    private static Migrations withExtraStep(String... statements) {
        List<Migrations.Step> steps = new ArrayList<>(Migrations.HERALD.steps());
        steps.add(new Migrations.Step("test step", List.of(statements)));
        return new Migrations(steps);
    }

    @Test
    void anOlderFileIsUpgradedAndKeepsItsData() throws SQLException {
        Path file = dir.resolve("herald.db");
        App app;
        try (SqliteStore old = SqliteStore.open(file)) {
            app = old.createApp(app("key-a"));
        }
        Migrations next = withExtraStep("ALTER TABLE apps ADD COLUMN note TEXT NOT NULL DEFAULT 'none'");
        try (SqliteStore upgraded = SqliteStore.open(file, next)) {
            assertThat(upgraded.findApp("key-a")).contains(app);
        }
        assertThat(query(file, "SELECT version FROM schema_version")).isEqualTo(String.valueOf(next.latest()));
        assertThat(query(file, "SELECT note FROM apps")).isEqualTo("none");
        try (SqliteStore again = SqliteStore.open(file, next)) { // nothing left to apply
            assertThat(again.listApps()).containsExactly(app);
        }
    }

    /** Version 3 turns the receipts of broadcasts into a cursor per device and a count per broadcast. */
    @Test
    void broadcastReceiptsOfAVersion2FileBecomeCursorsAndCounts() throws SQLException {
        Path file = fileAtVersion(2);
        execute(file, "INSERT INTO messages (id, app_id, broadcast, sendno, created_at, expires_at, override_of, "
                + "audience) VALUES (10, 1, 1, 0, 0, 9999999999999, 0, '{}'), (11, 1, 0, 0, 0, 9999999999999, 0, "
                + "'{}'), (12, 1, 1, 0, 0, 9999999999999, 0, '{}')");
        execute(file, "INSERT INTO receipts (device_id, message_id, platform, acked_at) VALUES "
                + "(1, 10, 'web', 1), (1, 11, 'web', 1), (1, 12, 'web', 1), (2, 10, 'ios', 1)");

        try (SqliteStore upgraded = SqliteStore.open(file)) {
            assertThat(upgraded.acknowledged(1, List.of(10L, 11L, 12L))).containsExactlyInAnyOrder(10L, 11L, 12L);
            assertThat(upgraded.acknowledged(2, List.of(10L, 11L, 12L))).containsExactly(10L);
            assertThat(upgraded.receivedByPlatform(10)).isEqualTo(java.util.Map.of("web", 1L, "ios", 1L));
            assertThat(upgraded.receivedByPlatform(11)).isEqualTo(java.util.Map.of("web", 1L));
        }
        assertThat(query(file, "SELECT count(*) FROM receipts")).isEqualTo("1");
        assertThat(query(file, "SELECT group_concat(device_id || ':' || acked_id) FROM "
                + "(SELECT * FROM broadcast_cursors ORDER BY device_id)")).isEqualTo("1:12,2:10");
    }

    /** Version 4 keys receipts by message, then device; the rows are kept. */
    @Test
    void receiptsOfAVersion3FileAreKeptUnderTheNewKey() throws SQLException {
        Path file = fileAtVersion(3);
        execute(file, "INSERT INTO messages (id, app_id, broadcast, sendno, created_at, expires_at, override_of, "
                + "audience) VALUES (11, 1, 0, 0, 0, 9999999999999, 0, '{}'), (12, 1, 0, 0, 0, 9999999999999, 0, "
                + "'{}')");
        execute(file, "INSERT INTO receipts (device_id, message_id, platform, acked_at) VALUES "
                + "(1, 11, 'web', 5), (2, 11, 'ios', 6), (2, 12, 'ios', 7)");

        try (SqliteStore upgraded = SqliteStore.open(file)) {
            assertThat(upgraded.acknowledged(2, List.of(11L, 12L))).containsExactlyInAnyOrder(11L, 12L);
            assertThat(upgraded.receivedByPlatform(11)).isEqualTo(java.util.Map.of("web", 1L, "ios", 1L));
        }
        assertThat(query(file, "SELECT group_concat(message_id || ':' || device_id || ':' || acked_at) FROM "
                + "(SELECT * FROM receipts)")).isEqualTo("11:1:5,11:2:6,12:2:7"); // in key order: message first
        assertThat(query(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'receipts_message'")).isEqualTo("0");
    }

    @Test
    void aFailedUpgradeLeavesTheFileAsItWas() throws SQLException {
        Path file = dir.resolve("herald.db");
        try (SqliteStore old = SqliteStore.open(file)) {
            old.createApp(app("key-a"));
        }
        Migrations broken = withExtraStep("ALTER TABLE apps ADD COLUMN note TEXT", "THIS IS NOT SQL");
        assertThatThrownBy(() -> SqliteStore.open(file, broken)).isInstanceOf(SqliteStoreException.class);

        assertThat(query(file, "SELECT version FROM schema_version"))
                .isEqualTo(String.valueOf(Migrations.HERALD.latest()));
        try (SqliteStore reopened = SqliteStore.open(file)) {
            assertThat(reopened.findApp("key-a")).isPresent();
        }
    }

    @Test
    void aFileOfANewerVersionIsRefusedWithAClearMessage() throws SQLException {
        Path file = dir.resolve("herald.db");
        SqliteStore.open(file).close();
        int newer = Migrations.HERALD.latest() + 1;
        execute(file, "UPDATE schema_version SET version = " + newer);

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("newer Herald");
        assertThat(query(file, "SELECT version FROM schema_version")).isEqualTo(String.valueOf(newer));
    }

    /** A file of an older schema version with an app (id 1) and two devices: 1 (web) and 2 (ios). */
    private Path fileAtVersion(int version) throws SQLException {
        Path file = dir.resolve("herald.db");
        Conn old = Conn.open(file, false); // a store of this code needs the latest schema: the steps alone
        try {
            new Migrations(Migrations.HERALD.steps().subList(0, version)).migrate(old, file);
            AppQueries.create(old, app("key-a"));
        } finally {
            old.close();
        }
        execute(file, "INSERT INTO devices (id, app_id, registration_id, secret_hash, platform, registered_at) "
                + "VALUES (1, 1, 'r1', 'h', 'web', 0), (2, 1, 'r2', 'h', 'ios', 0)");
        return file;
    }

    private static String query(Path file, String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SqliteStoreTest.query(raw, sql);
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            statement.execute(sql);
        }
    }
}
