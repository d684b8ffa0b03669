package dev.herald.server.app;

import dev.herald.server.error.HeraldError;
import dev.herald.server.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates apps and authenticates the callers of the per-app APIs. Apps are looked up in the store and cached for a
 * few seconds, so an app created by {@code herald app create} while the server runs is usable at once.
 */
public final class Apps {
    private static final long CACHE_MILLIS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(App app, long loadedAt) {
    }

    public Apps(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates an app with a fresh 24-hex-digit app key and master secret, as JPush issues them. */
    public App create(String name, boolean clientBind, int pushRatePerMinute, List<String> allowedOrigins) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("app name must be 1..100 characters");
        }
        App app = new App(0, randomHex(12), randomHex(12), name, clientBind, pushRatePerMinute, allowedOrigins, true,
                clock.millis());
        return store.createApp(app);
    }

    public List<App> list() {
        return store.listApps();
    }

    /** The app if it is in the cache and fresh; never reads the store, so it may be called from an event loop. */
    public Optional<App> cached(String appKey) {
        Cached cached = appKey == null ? null : cache.get(appKey);
        return cached != null && clock.millis() - cached.loadedAt < CACHE_MILLIS ? Optional.of(cached.app)
                : Optional.empty();
    }

    public Optional<App> find(String appKey) {
        if (appKey == null || appKey.isEmpty() || appKey.length() > 64) {
            return Optional.empty();
        }
        Optional<App> cached = cached(appKey);
        if (cached.isPresent()) {
            return cached;
        }
        long now = clock.millis();
        Optional<App> app = store.findApp(appKey);
        app.ifPresent(a -> cache.put(appKey, new Cached(a, now)));
        return app;
    }

    /**
     * Checks an {@code Authorization: Basic base64(appKey:masterSecret)} header and returns the app.
     *
     * @throws dev.herald.server.error.HeraldException AUTH_FAILED when missing or the secret is wrong, INVALID_APP_KEY
     *         when no app has that key (app keys are public, so saying so leaks nothing), APP_DISABLED when disabled
     */
    public App authenticate(String authorization) {
        return authenticate(authorization, false).orElseThrow(); // never empty when the store may be read
    }

    /**
     * Like {@link #authenticate(String)}, from a thread that must not wait: empty when the app is not in the cache
     * (or no longer fresh there), so that only a store read could tell; the caller then authenticates on a thread
     * that may. Never reads the store.
     */
    public Optional<App> authenticateCached(String authorization) {
        return authenticate(authorization, true);
    }

    private Optional<App> authenticate(String authorization, boolean cachedOnly) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw HeraldError.AUTH_FAILED.exception("missing Basic authorization (base64 of appKey:masterSecret)");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HeraldError.AUTH_FAILED.exception("authorization is not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw HeraldError.AUTH_FAILED.exception("authorization must be base64 of appKey:masterSecret");
        }
        String appKey = decoded.substring(0, colon);
        Optional<App> found = cachedOnly ? cached(appKey) : find(appKey);
        if (cachedOnly && found.isEmpty()) {
            return found;
        }
        App app = found.orElseThrow(() -> HeraldError.INVALID_APP_KEY.exception(
                "appKey " + (appKey.length() > 64 ? appKey.substring(0, 64) + "..." : appKey) + " does not exist"));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, app.masterSecret().getBytes(StandardCharsets.UTF_8))) {
            throw HeraldError.AUTH_FAILED.exception("wrong masterSecret for appKey " + appKey);
        }
        if (!app.enabled()) {
            throw HeraldError.APP_DISABLED.exception("app " + app.appKey() + " is disabled");
        }
        return Optional.of(app);
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
