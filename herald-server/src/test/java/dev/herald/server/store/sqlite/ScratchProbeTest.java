package dev.herald.server.store.sqlite;

import dev.herald.server.app.App;
import dev.herald.server.push.Audience;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.herald.server.store.StoreFixtures.T0;
import static dev.herald.server.store.StoreFixtures.app;
import static dev.herald.server.store.StoreFixtures.draft;

class ScratchProbeTest {
    @TempDir Path dir;

    @Test
    void probe() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
            App app = store.createApp(app("k"));
            Audience theirs = new Audience(false, Set.of(), Set.of(), Set.of("theirs"), Set.of(), Set.of(), Set.of());
            store.writer().submit(c -> { for (int i = 0; i < 100_000; i++) MessageQueries.insert(c, draft(app, theirs, T0), List.of()); return null; }).get(120, TimeUnit.SECONDS);
            String[] sqls = {
                "SELECT m.id FROM messages m WHERE m.app_id = ? AND m.broadcast = 1 AND m.id > 0",
                "SELECT m.id, m.audience FROM messages m WHERE m.app_id = ? AND m.broadcast = 1 AND m.id > 0 AND m.replaced = 0 AND m.expires_at > 0 AND m.created_at >= 0",
                "SELECT m.id, m.audience FROM messages m WHERE m.app_id = ? AND m.broadcast = 1 AND m.id > 0 AND m.replaced = 0 AND m.expires_at > 0 AND m.created_at >= 0 AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.device_id = 5 AND r.message_id = m.id)",
            };
            for (int round = 0; round < 3; round++) {
                for (String sql : sqls) {
                    for (int mode = 0; mode < 4; mode++) {
                        final int md = mode;
                        long t = System.nanoTime();
                        long n = store.writer().submit(c -> {
                            PreparedStatement ps = c.prepare(sql);
                            ps.setLong(1, app.id());
                            long count = 0;
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) { count += rs.getLong(1); if (md == 2 && sql.contains("audience")) { count += rs.getString(2).length(); } if (md == 3 && sql.contains("audience")) { count += rs.getBytes(2).length; } if (md == 1 && sql.contains("audience")) { Json.audience(rs.getString(2)).matchesTagsAndPlatform("web", Set.of("mine")); } }
                            }
                            return count;
                        }).get();
                        System.out.println("PROBE mode=" + mode + " " + (System.nanoTime() - t) / 1_000_000 + "ms " + sql.substring(0, 60) + (sql.contains("NOT EXISTS") ? " +receipts" : ""));
                    }
                }
            }
        }
    }
}
