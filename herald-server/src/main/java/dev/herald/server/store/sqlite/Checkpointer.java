package dev.herald.server.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies the WAL back into the database file from a thread of its own. SQLite's automatic checkpoint runs inside
 * the commit that crosses the WAL's size threshold, so one unlucky group commit in every few hundred would also copy
 * megabytes of pages and sync the database file, and every push waiting on it would wait that much longer. The
 * writer's connection has automatic checkpoints off; this thread runs a {@code PASSIVE} checkpoint (which never waits
 * for, nor blocks, readers or the writer) every {@link #INTERVAL_MILLIS}.
 */
final class Checkpointer implements AutoCloseable {
    static final long INTERVAL_MILLIS = 200;
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Conn conn;
    private final Thread thread;
    private volatile boolean closed;

    private Checkpointer(Conn conn) {
        this.conn = conn;
        this.thread = new Thread(this::run, "herald-sqlite-checkpoint");
        thread.setDaemon(true);
    }

    static Checkpointer start(Path file) throws SQLException {
        Checkpointer checkpointer = new Checkpointer(Conn.open(file, false));
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
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)");
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
