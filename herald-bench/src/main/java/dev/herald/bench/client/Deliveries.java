package dev.herald.bench.client;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all connections of a load client received. Counting is split into {@link Phase}s so that a scenario can measure
 * one burst or one window at a time (a message stamped before its phase began is left out). Every counter is striped
 * ({@link LongAdder}, {@link Recorder}) because every event loop of the client records into it at once, millions of
 * times a second.
 */
public final class Deliveries {
    private static final int SAMPLE_ERRORS = 5;

    private volatile Phase phase = new Phase();
    private final LongAdder errorFrames = new LongAdder();
    private final LongAdder closes = new LongAdder();
    private final List<String> errorSamples = new CopyOnWriteArrayList<>();

    /** Starts a new phase: later deliveries count there. */
    public Phase begin() {
        Phase p = new Phase();
        phase = p;
        return p;
    }

    void onPush(long sentNanos, int frameBytes) {
        phase.record(sentNanos, frameBytes);
    }

    void onError(String what) {
        errorFrames.increment();
        if (errorSamples.size() < SAMPLE_ERRORS) {
            errorSamples.add(what);
        }
    }

    void onClosed(String why) {
        closes.increment();
        if (errorSamples.size() < SAMPLE_ERRORS) {
            errorSamples.add(why);
        }
    }

    /** {@code error} frames received plus connections the server closed, since the start. */
    public long errors() {
        return errorFrames.sum();
    }

    /** Connections that ended without the client closing them. */
    public long closedByServer() {
        return closes.sum();
    }

    /** The first few errors and closes since the last call, to show when something went wrong. */
    public List<String> takeErrorSamples() {
        List<String> taken = List.copyOf(errorSamples);
        errorSamples.removeAll(taken);
        return taken;
    }

    /** The deliveries of one measurement. */
    public static final class Phase {
        /** How long {@link #await} waits without any delivery before it gives up. */
        static final Duration STALL = Duration.ofSeconds(10);

        private final long startNanos = System.nanoTime();
        private final LongAdder count = new LongAdder();
        private final LongAdder stale = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LongAccumulator last = new LongAccumulator(Math::max, Long.MIN_VALUE);
        private final Recorder latency = new Recorder(3);
        private volatile Timeline timeline;

        void record(long sentNanos, int frameBytes) {
            long now = System.nanoTime();
            if (sentNanos < startNanos) {
                stale.increment(); // sent before this phase began: a straggler of an earlier one
                return;
            }
            count.increment();
            bytes.add(frameBytes);
            last.accumulate(now);
            latency.recordValue(Math.max(0, now - sentNanos));
            Timeline t = timeline;
            if (t != null) {
                t.delivered(sentNanos, now);
            }
        }

        /** Also records the worst delivery of each slot into {@code t} (a diagnostic; see {@link Timeline}). */
        public void track(Timeline t) {
            timeline = t;
        }

        public long count() {
            return count.sum();
        }

        /** Deliveries of messages sent before this phase began, left out of its figures. */
        public long stale() {
            return stale.sum();
        }

        public long bytes() {
            return bytes.sum();
        }

        public long startNanos() {
            return startNanos;
        }

        /** When the latest delivery of this phase arrived, or {@link Long#MIN_VALUE} if none did. */
        public long lastNanos() {
            return last.get();
        }

        /** Send-to-receive times in nanoseconds recorded since the last call. */
        public Histogram takeLatency() {
            return latency.getIntervalHistogram();
        }

        /**
         * Waits until {@code expected} deliveries arrived, the timeout passed, or nothing arrived for {@link #STALL}
         * (the rest is not coming: connections were closed or messages refused); returns how many arrived.
         */
        public long await(long expected, Duration timeout) throws InterruptedException {
            long now = System.nanoTime();
            long deadline = now + timeout.toNanos();
            long lastProgress = now;
            long seen = -1;
            long n;
            while ((n = count.sum()) < expected && now < deadline && now - lastProgress < STALL.toNanos()) {
                // Polled, not signalled: deliveries count into a LongAdder on the event loops at millions a second,
                // and a wake-up per delivery would cost the measured path more than a 1 ms poll costs the waiter.
                Thread.sleep(1);
                now = System.nanoTime();
                if (n != seen) {
                    seen = n;
                    lastProgress = now;
                }
            }
            return n;
        }
    }
}
