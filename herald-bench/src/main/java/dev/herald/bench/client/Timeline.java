package dev.herald.bench.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A diagnostic: the worst figures of each 100 ms slot of a measurement, by the time a message was due. A stall shows
 * as a run of slots; whether the API answers were slow as well (the stall is before or in the store commit) or only
 * the deliveries (it is in the fan-out or the client) tells where to look. Off by default: it adds a compare-and-set
 * per delivery to the measured path.
 */
public final class Timeline {
    static final long SLOT_NANOS = 100_000_000L;

    private final long startNanos;
    private final AtomicLongArray delivered;
    private final AtomicLongArray answered;
    private final AtomicLongArray queued;

    public Timeline(long startNanos, int seconds) {
        this.startNanos = startNanos;
        int slots = (int) (seconds * 1_000_000_000L / SLOT_NANOS) + 1;
        this.delivered = new AtomicLongArray(slots);
        this.answered = new AtomicLongArray(slots);
        this.queued = new AtomicLongArray(slots);
    }

    /** A message due at {@code dueNanos} arrived at {@code nowNanos}. */
    public void delivered(long dueNanos, long nowNanos) {
        worst(delivered, dueNanos, nowNanos - dueNanos);
    }

    /** The API answered the request for a message due at {@code dueNanos} at {@code nowNanos}. */
    public void answered(long dueNanos, long nowNanos) {
        worst(answered, dueNanos, nowNanos - dueNanos);
    }

    /** When the message due at {@code dueNanos} was queued, {@code depth} requests waited for a connection. */
    public void queued(long dueNanos, int depth) {
        worst(queued, dueNanos, depth);
    }

    private void worst(AtomicLongArray series, long dueNanos, long value) {
        long slot = (dueNanos - startNanos) / SLOT_NANOS;
        if (slot >= 0 && slot < series.length()) {
            series.accumulateAndGet((int) slot, value, Math::max);
        }
    }

    /** One line per slot whose worst delivery took longer than {@code thresholdNanos}. */
    public List<String> stalls(long thresholdNanos) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < delivered.length(); i++) {
            if (delivered.get(i) > thresholdNanos) {
                lines.add(String.format("at %5.1f s: worst delivery %6.1f ms, worst API answer %6.1f ms, %,d queued",
                        i * SLOT_NANOS / 1e9, delivered.get(i) / 1e6, answered.get(i) / 1e6, queued.get(i)));
            }
        }
        return lines;
    }
}
