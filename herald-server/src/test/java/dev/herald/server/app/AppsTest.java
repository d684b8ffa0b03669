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
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authenticating from a thread that must not wait (the push API on an event loop): only the cache answers, and an app
 * it does not hold, or no longer holds fresh, is left to a thread that may read the store.
 */
class AppsTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private final MutableClock clock = MutableClock.now();
    private Apps apps;
    private App app;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("herald.db"));
        app = store.createApp(StoreFixtures.app("key-a"));
        apps = new Apps(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String basic(String appKey, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((appKey + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheCacheAnswersAndOnlyWhileFresh() {
        String good = basic("key-a", app.masterSecret());
        assertThat(apps.authenticateCached(good)).isEmpty(); // in the store, not yet in the cache

        assertThat(apps.authenticate(good)).isEqualTo(app); // reads the store, fills the cache
        assertThat(apps.authenticateCached(good)).contains(app);

        clock.advance(Duration.ofSeconds(6));
        assertThat(apps.authenticateCached(good)).isEmpty(); // stale: the store may have changed it
    }

    @Test
    void theCacheStillRefusesWhatIsWrong() {
        apps.authenticate(basic("key-a", app.masterSecret()));

        assertThatThrownBy(() -> apps.authenticateCached(basic("key-a", "not-the-secret")))
                .isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.error()).isEqualTo(HeraldError.AUTH_FAILED));
        assertThatThrownBy(() -> apps.authenticateCached("Bearer x"))
                .isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.error()).isEqualTo(HeraldError.AUTH_FAILED));
        // an unknown key is for the store to tell
        assertThat(apps.authenticateCached(basic("key-b", "s"))).isEmpty();
        assertThatThrownBy(() -> apps.authenticate(basic("key-b", "s")))
                .isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.error()).isEqualTo(HeraldError.INVALID_APP_KEY));
    }
}
