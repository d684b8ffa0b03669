package dev.herald.server.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The one thread that writes: group commit. An fsync costs about a third of a millisecond here, so one transaction per
 * push would cap the server near 3,000 pushes a second. Instead every write is a task in a queue; this thread takes
 * everything queued (up to {@link #MAX_BATCH}), runs it in one transaction, commits once, and only then completes the
 * callers' futures, so no caller hears "done" before its write is on disk. A task that fails fails only its own
 * caller: the batch is first run without savepoints, and if a task in it fails, the transaction is rolled back and the
 * batch run again with each task inside its own SAVEPOINT, so the failed task is undone alone. (A savepoint makes
 * SQLite copy every page a task touches into a statement journal first; with savepoints on every task that was about
 * 60 % of this thread's writes in the push benchmark.) A task may therefore run twice, the first time in a
 * transaction that is rolled back: a write depends on nothing but its connection and its captured arguments.
 */
final class SqliteWriter implements AutoCloseable {
    static final int MAX_BATCH = 512;
    /** Bounds the memory that queued writes (mostly buffered acks) may take; a full queue blocks the callers. */
    static final int QUEUE_CAPACITY = 16_384;

    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);

    private final Conn conn;
    private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Task<Void> stop = new Task<>(c -> null);
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed; // guarded by closing
    private final Object queueing = new Object();
    /** The future of the task queued last; written under {@link #queueing}, in queue order. */
    private volatile CompletableFuture<?> lastQueued = CompletableFuture.completedFuture(null);
    private final AtomicLong transactions = new AtomicLong();
    /** The WAL's length in frames when the checkpoint thread asked for a checkpoint here; 0 when none is wanted. */
    private volatile long checkpointWanted;
    private final Thread thread;

    private SqliteWriter(Conn conn) {
        this.conn = conn;
        this.thread = new Thread(this::run, "herald-sqlite-writer");
        thread.setDaemon(true);
    }

    /** Starts the writer thread, which owns {@code conn} from now on and closes it when the writer is closed. */
    static SqliteWriter start(Conn conn) {
        SqliteWriter writer = new SqliteWriter(conn);
        writer.thread.start();
        return writer;
    }

    /** Queues a write; the future completes once the transaction containing it has committed. */
    <T> CompletableFuture<T> submit(Conn.Work<T> work) {
        return submit(work, null);
    }

    /**
     * Queues a write like {@link #submit(Conn.Work)}; once the transaction containing it has committed,
     * {@code afterCommit} (if not null) runs with its result on this writer's thread, before the caller's future
     * completes, in the order the tasks were queued. It must be quick; what it throws is logged.
     */
    <T> CompletableFuture<T> submit(Conn.Work<T> work, Consumer<T> afterCommit) {
        Task<T> task = new Task<>(work);
        task.afterCommit = afterCommit;
        enqueue(task);
        return task.future;
    }

    /** Queues a write nobody waits for (acks, last-online times). A failure is logged: it only costs a redelivery. */
    void submitBuffered(Conn.Work<?> work) {
        Task<?> task = new Task<>(work);
        enqueue(task);
        task.future.whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("buffered write failed", failure);
            }
        });
    }

    /**
     * Waits until every write queued before this call has been committed (or has failed): a read after it sees them
     * all, buffered ones included. Cheap when nothing is pending; otherwise it waits for batches the writer is
     * committing anyway, adding no transaction of its own. The queue is FIFO and batches commit in order, so waiting
     * for the last task queued covers all earlier ones.
     */
    void awaitQueued() {
        try {
            lastQueued.join();
        } catch (CompletionException | CancellationException ignored) {
            // Logged where it failed; the reader sees the store without it.
        }
    }

    /**
     * Asks this thread to run a checkpoint between two transactions, so that no frame is appended while it runs and
     * the next transaction can start the WAL over (see {@link Checkpointer}); {@code walFrames} is the WAL's length.
     */
    void requestCheckpoint(long walFrames) {
        checkpointWanted = walFrames;
    }

    /**
     * Whether a write queued now would find room without waiting: the queue is less than 15/16 full, which leaves
     * room for the other threads that queue at the same moment.
     */
    boolean hasRoom() {
        return queue.remainingCapacity() > QUEUE_CAPACITY / 16;
    }

    /** How many transactions this writer has committed; lets tests prove that writes are grouped. */
    long transactions() {
        return transactions.get();
    }

    private void enqueue(Task<?> task) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("store is closed");
            }
            synchronized (queueing) { // so that lastQueued is the last task in the queue, not one of two racing
                queue.put(task);
                lastQueued = task.future;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("interrupted while queueing a write", e);
        } finally {
            closing.readLock().unlock();
        }
    }

    private void run() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // Nobody but close() stops this thread, and it does so with the stop task.
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            // The stop task is the last one ever queued, so everything before it is in this batch or already done.
            stopping = batch.remove(stop);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            long walFrames = checkpointWanted;
            if (walFrames > 0) {
                checkpointWanted = 0;
                try {
                    conn.checkpoint(walFrames > Checkpointer.FORCE_FRAMES);
                } catch (SQLException e) {
                    log.warn("WAL checkpoint failed; the checkpoint thread will ask again", e);
                }
            }
        }
        conn.close();
    }

    private void commit(List<Task<?>> batch) {
        if (commitTogether(batch)) {
            return;
        }
        try {
            conn.exec("BEGIN IMMEDIATE");
            for (Task<?> task : batch) {
                runIsolated(task);
            }
            conn.exec("COMMIT");
            transactions.incrementAndGet();
        } catch (Throwable e) { // whatever happens, no caller may be left waiting
            conn.rollbackQuietly();
            log.error("write transaction of {} tasks failed", batch.size(), e);
            batch.forEach(task -> task.future.completeExceptionally(e));
            return;
        }
        batch.forEach(Task::complete);
    }

    /**
     * Runs the batch in one transaction without savepoints and commits it if no task failed. Otherwise rolls back,
     * forgets every task's outcome and returns false, so the batch can run again task by task.
     */
    private boolean commitTogether(List<Task<?>> batch) {
        boolean committed = false;
        try {
            conn.exec("BEGIN IMMEDIATE");
            boolean failed = false;
            for (Task<?> task : batch) {
                task.runOn(conn);
                if (task.failure != null) {
                    failed = true;
                    break;
                }
            }
            if (!failed) {
                conn.exec("COMMIT");
                committed = true;
            }
        } catch (Throwable e) { // BEGIN or COMMIT failed: the careful path below finds out why, or fails everyone
            log.debug("write transaction of {} tasks failed; running them one savepoint each", batch.size(), e);
        }
        if (committed) { // outside the try: nothing after the commit may send the batch round again
            transactions.incrementAndGet();
            batch.forEach(Task::complete);
            return true;
        }
        conn.rollbackQuietly();
        batch.forEach(Task::reset);
        return false;
    }

    /** Runs one task; if it fails, undoes only its own changes. */
    private void runIsolated(Task<?> task) throws SQLException {
        conn.exec("SAVEPOINT task");
        task.runOn(conn);
        if (task.failure != null) {
            conn.exec("ROLLBACK TO task");
        }
        conn.exec("RELEASE task");
    }

    /** Finishes every queued write, stops the thread and closes the write connection. Later writes fail. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.put(stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("interrupted while closing", e);
        } finally {
            closing.writeLock().unlock();
        }
        Checkpointer.joinUninterruptibly(thread);
    }

    /** One queued write: its work, its outcome once run, and the future its caller waits on. */
    private static final class Task<T> {
        final Conn.Work<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;
        Consumer<T> afterCommit;

        Task(Conn.Work<T> work) {
            this.work = work;
        }

        /** Runs the work; a failure of the work itself is kept for its caller, not thrown. */
        void runOn(Conn conn) {
            try {
                result = work.apply(conn);
            } catch (Throwable e) { // goes to its caller, who rethrows it
                failure = e;
            }
        }

        /** Forgets the outcome of a run whose transaction was rolled back. */
        void reset() {
            result = null;
            failure = null;
        }

        /** Completes the caller's future once the transaction has committed, after its commit hook if any. */
        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            if (afterCommit != null) {
                try {
                    afterCommit.accept(result);
                } catch (RuntimeException e) {
                    log.error("commit hook failed", e);
                }
            }
            future.complete(result);
        }
    }
}
