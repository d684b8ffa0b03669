package dev.herald.client;

import java.util.Random;

/** A {@link Random} whose {@link #nextDouble()} always returns the same value, to pin backoff jitter in tests. */
final class FixedRandom extends Random {
    private static final long serialVersionUID = 1L;
    private final double value;

    FixedRandom(double value) {
        this.value = value;
    }

    /** The largest double below 1: jitter then always lands on the ceiling. */
    static FixedRandom top() {
        return new FixedRandom(Math.nextDown(1.0));
    }

    @Override
    public double nextDouble() {
        return value;
    }
}
