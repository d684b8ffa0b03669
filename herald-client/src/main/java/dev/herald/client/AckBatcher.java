package dev.herald.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Collects message ids to acknowledge and hands them to a sender in batches: as soon as {@code maxBatch} are pending,
 * or {@code delayMillis} after the first one was added, or when {@link #flush()} is called.
 *
 * <p>An id added as <em>lazy</em> (a broadcast's: the server keeps one cursor per device for them, so a late ack costs
 * nothing but a later report) waits longer: between half of {@code lazyDelayMillis} and all of it, at random, so that
 * ten thousand devices that received one broadcast do not all answer in the same 100 ms. Lazy ids also leave with
 * any earlier batch; while only lazy ids are pending, a batch is full at {@link #MAX_IDS}, not {@code maxBatch}.
 *
 * <p>An id added twice before a flush is sent once. If the sender refuses a batch (returns false, e.g. while
 * disconnected), the ids stay pending until the next flush, or until {@link #sentElsewhere} takes them. Thread-safe;
 * the sender is called with this object's lock held, so it must not block.
 */
final class AckBatcher {
    /** The protocol's limit on the ids of one {@code ack} frame: how many lazy ids may wait together. */
    static final int MAX_IDS = 1000;

    private final int maxBatch;
    private final long delayMillis;
    private final long lazyDelayMillis;
    private final Random random;
    private final ScheduledExecutorService timer;
    private final Predicate<List<String>> sender;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Set<String> lazyOnes = new HashSet<>(); // the pending ids added as lazy only
    private ScheduledFuture<?> scheduled;
    private boolean scheduledSoon; // the timer runs delayMillis after an ordinary id, not after a lazy one

    /** An ack batcher without lazy ids: every id waits {@code delayMillis} at most. */
    AckBatcher(int maxBatch, long delayMillis, ScheduledExecutorService timer, Predicate<List<String>> sender) {
        this(maxBatch, delayMillis, delayMillis, new Random(), timer, sender);
    }

    /**
     * @param maxBatch ids per batch, 1 to 1000 (the protocol's limit per {@code ack} frame)
     * @param delayMillis how long the first pending id waits for company, &ge; 0
     * @param lazyDelayMillis how long the first pending lazy id waits at most (at least half of it), &ge; 0
     * @param random picks the lazy delay
     * @param timer runs the delayed flush
     * @param sender sends one batch; returns false if it could not
     */
    AckBatcher(int maxBatch, long delayMillis, long lazyDelayMillis, Random random, ScheduledExecutorService timer,
               Predicate<List<String>> sender) {
        if (maxBatch < 1 || maxBatch > MAX_IDS || delayMillis < 0 || lazyDelayMillis < 0) {
            throw new IllegalArgumentException("need 1 <= maxBatch <= 1000 and delays >= 0");
        }
        this.maxBatch = maxBatch;
        this.delayMillis = delayMillis;
        this.lazyDelayMillis = lazyDelayMillis;
        this.random = random;
        this.timer = timer;
        this.sender = sender;
    }

    synchronized void add(String id) {
        add(id, false);
    }

    /** Queues an id; a {@code lazy} one may wait up to {@code lazyDelayMillis}. */
    synchronized void add(String id, boolean lazy) {
        boolean added = pending.add(id);
        if (lazy && added) {
            lazyOnes.add(id);
        } else if (!lazy) {
            lazyOnes.remove(id);
        }
        if (pending.size() >= batchSize()) {
            flush();
        } else if (!lazy && !scheduledSoon && (added || scheduled != null)) {
            cancelTimer();
            schedule(delayMillis);
            scheduledSoon = true;
        } else if (lazy && added && scheduled == null) {
            long half = lazyDelayMillis / 2;
            schedule(half + (long) (random.nextDouble() * (lazyDelayMillis - half + 1)));
        }
    }

    /** Sends everything pending now, in batches (see {@link #batchSize}), stopping at the first refusal. */
    synchronized void flush() {
        cancelTimer();
        while (!pending.isEmpty()) {
            List<String> batch = first(batchSize());
            if (!sender.test(batch)) {
                return;
            }
            remove(batch);
        }
    }

    /** The oldest pending ids, at most {@code max}, still pending (e.g. to put into the next {@code hello}). */
    synchronized List<String> peek(int max) {
        return first(Math.min(max, MAX_IDS));
    }

    /** These ids reached the server another way (in a {@code hello} it answered): they are no longer pending. */
    synchronized void sentElsewhere(List<String> ids) {
        remove(ids);
        if (pending.isEmpty()) {
            cancelTimer();
        }
    }

    /** Forgets every pending id. */
    synchronized void clear() {
        pending.clear();
        lazyOnes.clear();
        cancelTimer();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /** {@code maxBatch}, or {@link #MAX_IDS} while all pending ids are lazy. */
    private int batchSize() {
        return lazyOnes.size() == pending.size() ? MAX_IDS : maxBatch;
    }

    private void remove(List<String> ids) {
        ids.forEach(pending::remove);
        ids.forEach(lazyOnes::remove);
    }

    private List<String> first(int max) {
        List<String> batch = new ArrayList<>(Math.min(max, pending.size()));
        for (Iterator<String> it = pending.iterator(); it.hasNext() && batch.size() < max; ) {
            batch.add(it.next());
        }
        return batch;
    }

    private void schedule(long millis) {
        try {
            scheduled = timer.schedule(this::flush, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            // the client is closing; the id waits for an explicit flush
        }
    }

    private void cancelTimer() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        scheduledSoon = false;
    }
}
