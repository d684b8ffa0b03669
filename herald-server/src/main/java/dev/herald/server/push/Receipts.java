package dev.herald.server.push;

import dev.herald.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces clients' acknowledgements in memory and persists them in batches from one thread, so an ack costs the
 * event loop an append and the store one row in a large batch — never a task per ack frame, and never a blocked
 * event loop. Batches are written a chunk at a time, so pushes waiting for a commit are not queued behind a large
 * backlog of acks.
 *
 * <p>Acks are hints: a lost one only causes a redelivery that clients de-duplicate. So the backlog is bounded
 * ({@link #MAX_PENDING}): past it, acks are dropped (and counted) rather than growing memory without bound. Reports
 * call {@link #sync()} first so they see every ack received before the call.
 */
public final class Receipts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Receipts.class);
    static final int MAX_PENDING = 1_000_000;
    static final int CHUNK = 5_000;
    static final long FLUSH_MILLIS = 50;

    private final Store store;
    private final Object lock = new Object();
    private final Thread flusher;
    private List<Store.Ack> pending = new ArrayList<>();
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

    /** Records that a device has these messages. Any thread; never blocks on the store. */
    public void record(long deviceId, String platform, List<Long> messageIds, long now) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (pending.size() + messageIds.size() > MAX_PENDING) {
                dropped += messageIds.size();
                return;
            }
            for (long id : messageIds) {
                pending.add(new Store.Ack(deviceId, platform, id, now));
            }
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
            List<Store.Ack> batch;
            long round;
            synchronized (lock) {
                if (pending.isEmpty() && requested == written && !closed) {
                    try {
                        lock.wait(FLUSH_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = pending;
                pending = new ArrayList<>();
                round = requested;
                writing = !batch.isEmpty();
                if (dropped > 0) {
                    log.warn("ack backlog over {}: dropped {} acks (those messages will be redelivered)",
                            MAX_PENDING, dropped);
                    dropped = 0;
                }
            }
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

    private void write(List<Store.Ack> batch) {
        for (int from = 0; from < batch.size(); from += CHUNK) {
            try {
                store.recordAcks(batch.subList(from, Math.min(batch.size(), from + CHUNK)));
            } catch (RuntimeException e) {
                log.warn("could not store {} acks (those messages will be redelivered)", batch.size() - from, e);
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
