package dev.herald.server.push;

import dev.herald.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces clients' acknowledgements in memory, by device, and persists them in batches from one thread, so an ack
 * costs the event loop an append and the store a share of a large batch — never a task per ack frame, and never a
 * blocked event loop; a burst of broadcasts acked by many devices is written as one cursor move per device
 * ({@link Store#recordAcks}). Batches are written a chunk at a time, so pushes waiting for a commit are not queued
 * behind a large backlog of acks.
 *
 * <p>Acks are hints: a lost one only causes a redelivery that clients de-duplicate. So the backlog is bounded
 * ({@link #MAX_PENDING}): past it, acks are dropped (and counted) rather than growing memory without bound. Reports
 * call {@link #sync()} first so they see every ack received before the call.
 */
public final class Receipts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Receipts.class);
    static final int MAX_PENDING = 1_000_000;
    /**
     * Devices per write: a chunk is a few statements plus a row per device (and per unicast ack), and the pushes that
     * share its transaction wait for it. With 2,000 (and a round every 250 ms) a chunk of unicast acks held the push
     * API's p99 at ~63 ms against ~46 ms with 250, in alternating runs of the push benchmark.
     */
    static final int CHUNK = 250;
    /** How often acks are written; a crash loses at most this much of them (redelivered, then de-duplicated). */
    static final long FLUSH_MILLIS = 250;

    private final Store store;
    private final Object lock = new Object();
    private final Thread flusher;
    /** By device, in arrival order: a burst acked by many devices becomes one entry per device. */
    private LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private int pendingIds;
    private long dropped;
    private boolean closed;
    private long written;
    private long requested;
    private boolean writing;

    public Receipts(Store store) {
        this.store = store;
        this.flusher = new Thread(this::run, "herald-receipts");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Records that a device has the first {@code count} of {@code messageIds}. Any thread; never blocks on the store.
     */
    public void record(long deviceId, String platform, long[] messageIds, int count, long now) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (pendingIds + count > MAX_PENDING) {
                dropped += count;
                return;
            }
            Pending p = pending.get(deviceId);
            if (p == null) {
                p = new Pending(platform, now);
                pending.put(deviceId, p);
            }
            p.add(messageIds, count);
            pendingIds += count;
        }
    }

    /** One device's acks waiting to be written: its platform, the time of its first ack, the ids. */
    private static final class Pending {
        final String platform;
        final long at;
        long[] ids = new long[8];
        int size;

        Pending(String platform, long at) {
            this.platform = platform;
            this.at = at;
        }

        void add(long[] messageIds, int count) {
            if (size + count > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + count));
            }
            System.arraycopy(messageIds, 0, ids, size, count);
            size += count;
        }
    }

    /** Returns once every ack recorded before the call is in the store; at once when none is waiting. */
    public void sync() {
        synchronized (lock) {
            if (pending.isEmpty() && !writing) {
                return;
            }
            long target = ++requested;
            lock.notifyAll();
            while (written < target && !closed) {
                try {
                    lock.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run() {
        while (true) {
            Map<Long, Pending> taken;
            long round;
            synchronized (lock) {
                // One round per interval at most (unless a report or a reconnect asks for one): acks that arrive
                // meanwhile coalesce by device, so a device acking every 100 ms during a burst costs one cursor
                // move a round, not one per ack frame.
                long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
                long wait;
                while (requested == written && !closed && (wait = due - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    taken = Map.of(); // not the live map: it is iterated below, outside the lock
                } else {
                    taken = pending;
                    pending = new LinkedHashMap<>();
                    pendingIds = 0;
                }
                round = requested;
                writing = !taken.isEmpty();
                if (dropped > 0) {
                    log.warn("ack backlog over {}: dropped {} acks (those messages will be redelivered)",
                            MAX_PENDING, dropped);
                    dropped = 0;
                }
            }
            List<Store.DeviceAcks> batch = new ArrayList<>(taken.size());
            taken.forEach((device, p) -> batch.add(
                    new Store.DeviceAcks(device, p.platform, p.at, Arrays.copyOf(p.ids, p.size))));
            write(batch);
            synchronized (lock) {
                written = Math.max(written, round);
                writing = false;
                lock.notifyAll();
                if (closed && pending.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void write(List<Store.DeviceAcks> batch) {
        for (int from = 0; from < batch.size(); from += CHUNK) {
            try {
                store.recordAcks(batch.subList(from, Math.min(batch.size(), from + CHUNK)));
            } catch (RuntimeException e) {
                log.warn("could not store the acks of {} devices (those messages will be redelivered)",
                        batch.size() - from, e);
                return;
            }
        }
    }

    /** Writes what is pending and stops. Call before the store closes. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
