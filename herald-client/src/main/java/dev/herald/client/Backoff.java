package dev.herald.client;

import java.util.Random;

/**
 * Reconnect delays: exponential backoff with full jitter. The n-th delay since the last {@link #reset()} (n = 0, 1, ...)
 * is drawn uniformly from {@code [0, min(cap, base * 2^n)]}, so many clients dropped at once by a restarting server
 * spread their reconnects instead of arriving together.
 *
 * <p>A {@link HeraldClient} calls {@link #nextDelayMillis()} after each lost connection and {@link #reset()} after each
 * {@code welcome}. The randomness is injectable so tests can pin the delays. Thread-safe, but stateful: give each
 * client its own instance.
 */
public final class Backoff {
    /** Default base delay: 500 ms. */
    public static final long DEFAULT_BASE_MILLIS = 500;
    /** Default cap: 30 s. */
    public static final long DEFAULT_CAP_MILLIS = 30_000;

    private final long baseMillis;
    private final long capMillis;
    private final Random random;
    private int attempt;

    /**
     * @param baseMillis the ceiling of the first delay, &gt; 0
     * @param capMillis the largest ceiling, &ge; {@code baseMillis}
     * @param random where the jitter comes from
     */
    public Backoff(long baseMillis, long capMillis, Random random) {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base=" + baseMillis + " cap=" + capMillis);
        }
        if (random == null) {
            throw new NullPointerException("random");
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.random = random;
    }

    /** Backoff with the given base and cap and a fresh {@link Random}. */
    public Backoff(long baseMillis, long capMillis) {
        this(baseMillis, capMillis, new Random());
    }

    /** Backoff with base 500 ms and cap 30 s. */
    public static Backoff defaults() {
        return new Backoff(DEFAULT_BASE_MILLIS, DEFAULT_CAP_MILLIS);
    }

    /** The next delay in milliseconds, between 0 and {@link #ceilingMillis(int) ceilingMillis(attempts())}. */
    public synchronized long nextDelayMillis() {
        long ceiling = ceilingMillis(attempt);
        if (ceiling < capMillis) {
            attempt++;
        }
        return Math.min(ceiling, (long) (random.nextDouble() * ((double) ceiling + 1))); // double: no overflow
    }

    /** Starts again from the base delay; called after a successful connection. */
    public synchronized void reset() {
        attempt = 0;
    }

    /** How many delays have been drawn since the last reset (stops counting once the cap is reached). */
    public synchronized int attempts() {
        return attempt;
    }

    /** The largest delay the n-th attempt may draw: {@code min(cap, base * 2^n)}. */
    public long ceilingMillis(int n) {
        if (n >= 62 || baseMillis > capMillis >> n) {
            return capMillis;
        }
        return Math.min(capMillis, baseMillis << n);
    }

    @Override
    public String toString() {
        return "Backoff[base=" + baseMillis + "ms, cap=" + capMillis + "ms]";
    }
}
