package dev.herald.client;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's single daemon thread and its timers. Every task is guarded: a {@link RuntimeException} goes to the
 * listener's onError instead of killing the task. After {@link #shutdown()} new tasks are silently dropped and pending
 * delayed ones never run.
 */
final class Loop {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;
    private final SafeListener listener;
    private volatile Thread thread;

    Loop(SafeListener listener) {
        this.listener = listener;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = daemon("herald-client-").newThread(r);
            thread = t;
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /** A factory of daemon threads named prefix + a number. */
    static ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The raw executor, for helpers that schedule their own tasks. */
    ScheduledExecutorService executor() {
        return executor;
    }

    void execute(Runnable r) {
        try {
            executor.execute(guarded(r));
        } catch (RejectedExecutionException shutDown) {
            // events after close are dropped
        }
    }

    /** Runs {@code r} after a delay; null if the loop is shut down. */
    ScheduledFuture<?> schedule(Runnable r, long delayMillis) {
        try {
            return executor.schedule(guarded(r), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            return null;
        }
    }

    /** Runs {@code r} every {@code periodMillis}, first after one period; null if the loop is shut down. */
    ScheduledFuture<?> every(Runnable r, long periodMillis) {
        try {
            return executor.scheduleWithFixedDelay(guarded(r), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            return null;
        }
    }

    /** Runs {@code r} on the loop and waits up to {@code timeoutMillis} for it; gives up quietly. */
    void runAndWait(Runnable r, long timeoutMillis) {
        try {
            executor.submit(guarded(r)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // shut down already, or slow: the loop finishes on its own
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    private Runnable guarded(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                listener.failed("client task", e);
            }
        };
    }
}
