package dev.herald.server.app;

import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.store.StoreFixtures;
import dev.herald.server.store.sqlite.SqliteStore;
import dev.herald.server.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authenticating API callers, and doing so from the cache alone for callers that must not wait for the store. */
class AppsTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(StoreFixtures.T0));
    private Apps apps;
    private App app;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("herald.db"));
        apps = new Apps(store, clock);
        app = store.createApp(StoreFixtures.app("key-a"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String basic(String appKey, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((appKey + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromTheCacheOnlyOnceTheStoreHasBeenReadAndUntilTheCacheGoesStale() {
        String header = basic(app.appKey(), app.masterSecret());
        assertThat(apps.authenticateIfCached(header)).isNull(); // never read: the caller must read it elsewhere

        assertThat(apps.authenticate(header).id()).isEqualTo(app.id());
        assertThat(apps.authenticateIfCached(header).id()).isEqualTo(app.id());

        clock.advance(Duration.ofSeconds(5));
        assertThat(apps.authenticateIfCached(header)).isNull();
    }

    @Test
    void theCacheStillChecksTheSecretAndTheHeader() {
        apps.authenticate(basic(app.appKey(), app.masterSecret()));

        assertThatThrownBy(() -> apps.authenticateIfCached(basic(app.appKey(), "wrong")))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.error())
                        .isEqualTo(HeraldError.AUTH_FAILED));
        assertThatThrownBy(() -> apps.authenticateIfCached("Bearer x"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.error())
                        .isEqualTo(HeraldError.AUTH_FAILED));
        assertThatThrownBy(() -> apps.authenticate(basic("no-such-key", "s")))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.error())
                        .isEqualTo(HeraldError.INVALID_APP_KEY));
    }
}
