package dev.herald.server.app;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed one-minute windows per key, as JPush counts push calls. Time comes from the injected clock so tests move it
 * instead of sleeping.
 */
public final class RateLimiter {
    private final Clock clock;
    private final ConcurrentHashMap<Object, Window> windows = new ConcurrentHashMap<>();

    /** The outcome of one call: allowed or not, and what the {@code X-Rate-Limit-*} headers report. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Window {
        long start;
        int used;
    }

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    public Decision acquire(Object key, int limitPerMinute) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, 60_000L);
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.start != windowStart) {
                w.start = windowStart;
                w.used = 0;
            }
            long reset = Math.max(1, (windowStart + 60_000L - now + 999) / 1000);
            if (w.used >= limitPerMinute) {
                return new Decision(false, limitPerMinute, 0, reset);
            }
            w.used++;
            return new Decision(true, limitPerMinute, limitPerMinute - w.used, reset);
        }
    }
}
