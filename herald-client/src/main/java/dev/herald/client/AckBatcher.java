package dev.herald.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Collects message ids to acknowledge and hands them to a sender in batches: as soon as {@code maxBatch} are pending,
 * or {@code delayMillis} after the first one was added, or when {@link #flush()} is called. An id added twice before a
 * flush is sent once. If the sender refuses a batch (returns false, e.g. while disconnected), the ids stay pending
 * until the next flush. Thread-safe; the sender is called with this object's lock held, so it must not block.
 */
final class AckBatcher {
    private final int maxBatch;
    private final long delayMillis;
    private final ScheduledExecutorService timer;
    private final Predicate<List<String>> sender;
    private final Set<String> pending = new LinkedHashSet<>();
    private ScheduledFuture<?> scheduled;

    /**
     * @param maxBatch ids per batch, 1 to 1000 (the protocol's limit per {@code ack} frame)
     * @param delayMillis how long the first pending id waits for company, &ge; 0
     * @param timer runs the delayed flush
     * @param sender sends one batch; returns false if it could not
     */
    AckBatcher(int maxBatch, long delayMillis, ScheduledExecutorService timer, Predicate<List<String>> sender) {
        if (maxBatch < 1 || maxBatch > 1000 || delayMillis < 0) {
            throw new IllegalArgumentException("need 1 <= maxBatch <= 1000 and delay >= 0");
        }
        this.maxBatch = maxBatch;
        this.delayMillis = delayMillis;
        this.timer = timer;
        this.sender = sender;
    }

    synchronized void add(String id) {
        if (!pending.add(id)) {
            return;
        }
        if (pending.size() >= maxBatch) {
            flush();
        } else if (scheduled == null) {
            try {
                scheduled = timer.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                // the client is closing; the id waits for an explicit flush
            }
        }
    }

    /** Sends everything pending now, in batches of at most {@code maxBatch}, stopping at the first refusal. */
    synchronized void flush() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        while (!pending.isEmpty()) {
            List<String> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
            for (Iterator<String> it = pending.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
                batch.add(it.next());
            }
            if (!sender.test(batch)) {
                return;
            }
            pending.removeAll(batch);
        }
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
