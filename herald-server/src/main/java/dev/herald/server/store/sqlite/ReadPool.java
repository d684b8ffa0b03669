package dev.herald.server.store.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A few query-only connections for reads. In WAL mode a reader sees the last commit and neither waits for the writer
 * nor makes it wait, so reads run beside the writer thread and never queue behind a batch. A read borrows a
 * connection for the duration of one {@link Conn.Work}; with all of them busy, the next read waits for one.
 */
final class ReadPool implements AutoCloseable {
    private final int size;
    private final BlockingQueue<Conn> idle;
    private final Conn closedMarker = Conn.marker();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReadPool(int size) {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size + 1);
    }

    static ReadPool open(Path file, int size) throws SQLException {
        ReadPool pool = new ReadPool(size);
        try {
            for (int i = 0; i < size; i++) {
                pool.idle.add(Conn.open(file, true));
            }
        } catch (SQLException | RuntimeException e) {
            pool.idle.forEach(Conn::close);
            throw e;
        }
        return pool;
    }

    <T> T read(Conn.Work<T> work) {
        if (closed.get()) {
            throw new IllegalStateException("store is closed");
        }
        Conn conn;
        try {
            conn = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("interrupted while waiting for a read connection", e);
        }
        if (conn == closedMarker) {
            idle.add(conn); // wake the next waiter too
            throw new IllegalStateException("store is closed");
        }
        try {
            return work.apply(conn);
        } catch (SQLException e) {
            throw SqliteStoreException.unchecked(e);
        } finally {
            idle.add(conn);
        }
    }

    /** Waits for the reads in progress, closes the connections, and makes later and waiting reads fail. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        int closedConnections = 0;
        while (closedConnections < size) {
            try {
                idle.take().close();
                closedConnections++;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        idle.add(closedMarker);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
