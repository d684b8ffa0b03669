package dev.herald.server.store.sqlite;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * For tests: keeps a store's writer busy in a task of its own until closed, so that every write queued meanwhile waits
 * for its commit (and forms the next batch). Opened once the writer is in the task.
 */
public final class WriterHold implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> task;
    private final SqliteWriter writer;

    private WriterHold(SqliteWriter writer) throws InterruptedException {
        this.writer = writer;
        CountDownLatch started = new CountDownLatch(1);
        task = writer.submit(c -> {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the writer go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return null;
        });
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the writer never started the holding task");
        }
    }

    public static WriterHold on(SqliteStore store) throws InterruptedException {
        return new WriterHold(store.writer());
    }

    static WriterHold on(SqliteWriter writer) throws InterruptedException {
        return new WriterHold(writer);
    }

    /** Queues a write that does nothing behind the holding task: a way to fill the writer's queue. */
    public CompletableFuture<Void> queueNothing() {
        return writer.submit(c -> null);
    }

    /** Lets the writer go, and returns once it has committed the holding task. */
    @Override
    public void close() {
        release.countDown();
        try {
            task.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the holding task did not finish", e);
        }
    }
}
