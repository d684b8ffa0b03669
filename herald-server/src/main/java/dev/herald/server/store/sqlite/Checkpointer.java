package dev.herald.server.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Copies the WAL back into the database file from a thread of its own. SQLite's automatic checkpoint runs inside
 * the commit that crosses the WAL's size threshold, so one unlucky group commit in every few hundred would also copy
 * megabytes of pages and sync the database file, and every push waiting on it would wait that much longer. The
 * writer's connection has automatic checkpoints off; this thread runs a {@code PASSIVE} checkpoint (which never waits
 * for, nor blocks, readers or the writer) every {@link #INTERVAL_MILLIS}.
 *
 * <p>That alone does not keep the WAL short. SQLite starts the WAL over only when a write transaction begins while
 * every frame in it is already checkpointed, and under a steady stream of commits the writer has always appended more
 * frames by the time a checkpoint from another thread ends: the WAL grew by 20 MB a second under the push benchmark
 * (470 MB after 24 s), and each commit then wrote into fresh file blocks that the kernel first zeroes. So when the
 * WAL is longer than {@link #RESTART_FRAMES}, this thread asks the writer (through {@code walTooLong}) to run one
 * more checkpoint itself, between two transactions: by then this thread has copied nearly everything, the writer's
 * checkpoint copies the last few frames, and its next transaction starts the WAL over. That needs a moment when no
 * reader still reads the WAL; with readers always busy it may not come, so past {@link #FORCE_FRAMES} the writer's
 * checkpoint waits for them ({@code RESTART}): reads are short, and a brief wait of the writer once every 64 MiB is
 * better than a WAL without bound.
 */
final class Checkpointer implements AutoCloseable {
    static final long INTERVAL_MILLIS = 200;
    /** WAL length (in pages, 4 KiB each) past which the writer is asked to finish a checkpoint: 16 MiB. */
    static final long RESTART_FRAMES = 4096;
    /** WAL length past which the writer's checkpoint waits for readers: 64 MiB. */
    static final long FORCE_FRAMES = 4 * RESTART_FRAMES;
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Conn conn;
    private final LongConsumer walTooLong;
    private final Thread thread;
    private volatile boolean closed;

    private Checkpointer(Conn conn, LongConsumer walTooLong) {
        this.conn = conn;
        this.walTooLong = walTooLong;
        this.thread = new Thread(this::run, "herald-sqlite-checkpoint");
        thread.setDaemon(true);
    }

    /**
     * Starts checkpointing {@code file}; {@code walTooLong} is called with the WAL's length in frames when it is past
     * {@link #RESTART_FRAMES}.
     */
    static Checkpointer start(Path file, LongConsumer walTooLong) throws SQLException {
        Checkpointer checkpointer = new Checkpointer(Conn.open(file, false), walTooLong);
        checkpointer.thread.start();
        return checkpointer;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
            if (closed) {
                break;
            }
            try {
                long frames = conn.checkpoint(false);
                if (frames > RESTART_FRAMES) {
                    walTooLong.accept(frames);
                }
            } catch (SQLException e) {
                log.warn("WAL checkpoint failed; the next one will retry", e);
            }
        }
        conn.close();
    }

    /** Stops the thread after the checkpoint in progress, if any. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        joinUninterruptibly(thread);
    }

    /**
     * Waits for a store thread to end even if this thread is interrupted meanwhile (a store must not be left half
     * closed), then restores the interrupt.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
