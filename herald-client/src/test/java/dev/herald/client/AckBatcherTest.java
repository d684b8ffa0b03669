package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckBatcherTest {
    private static final long NEVER = TimeUnit.HOURS.toMillis(1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<List<String>> sent = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean connected = true;

    private final RecordingTimer recording = new RecordingTimer();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
        recording.shutdownNow();
    }

    private AckBatcher batcher(int max, long delayMillis) {
        return new AckBatcher(max, delayMillis, timer, ids -> connected && sent.add(new ArrayList<>(ids)));
    }

    @Test
    void sendsAtOnceWhenTheBatchIsFull() {
        AckBatcher b = batcher(3, NEVER);
        b.add("1");
        b.add("2");
        assertThat(sent).isEmpty();
        b.add("3");
        assertThat(sent).containsExactly(List.of("1", "2", "3"));
        assertThat(b.pendingCount()).isZero();
    }

    @Test
    void sendsAfterTheDelayFromTheFirstId() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AckBatcher b = new AckBatcher(100, 50, timer, ids -> {
            sent.add(new ArrayList<>(ids));
            done.countDown();
            return true;
        });
        long start = System.nanoTime();
        synchronized (b) { // the timer's flush needs this lock, so it cannot split the two adds
            b.add("1");
            b.add("2");
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(50);
        assertThat(sent).containsExactly(List.of("1", "2"));
    }

    @Test
    void flushSendsEverythingInBatchesAndCancelsTheTimer() {
        AckBatcher b = batcher(1000, NEVER);
        for (int i = 0; i < 5; i++) {
            b.add(String.valueOf(i));
        }
        b.flush();
        b.flush();
        assertThat(sent).containsExactly(List.of("0", "1", "2", "3", "4"));
    }

    /** A timer that records the delays it is asked for and runs nothing (the test flushes by hand). */
    private static final class RecordingTimer extends ScheduledThreadPoolExecutor {
        final List<Long> delays = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();

        RecordingTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            ScheduledFuture<?> f = super.schedule(command, 1, TimeUnit.HOURS);
            futures.add(f);
            return f;
        }
    }

    private AckBatcher lazyBatcher(FixedRandom random) {
        return new AckBatcher(100, 100, 10_000, random, recording,
                ids -> connected && sent.add(new ArrayList<>(ids)));
    }

    @Test
    void aLazyIdWaitsBetweenHalfAndAllOfTheLazyDelay() {
        AckBatcher low = lazyBatcher(new FixedRandom(0));
        low.add("1", true);
        low.add("2", true);
        AckBatcher high = lazyBatcher(FixedRandom.top());
        high.add("3", true);
        assertThat(recording.delays).containsExactly(5_000L, 10_000L);
        assertThat(low.pendingCount()).isEqualTo(2);
        assertThat(sent).isEmpty();
    }

    @Test
    void anOrdinaryIdBringsTheLazyOnesForward() {
        AckBatcher b = lazyBatcher(new FixedRandom(0));
        b.add("1", true);
        b.add("2");
        b.add("3", true); // the sooner timer is already set
        b.add("4");
        assertThat(recording.delays).containsExactly(5_000L, 100L);
        assertThat(recording.futures.get(0).isCancelled()).isTrue();
        b.flush(); // what the 100 ms timer does
        assertThat(sent).containsExactly(List.of("1", "2", "3", "4"));
        assertThat(recording.futures.get(1).isCancelled()).isTrue();
    }

    @Test
    void lazyIdsAloneFillABatchAtTheProtocolsLimit() {
        AckBatcher b = lazyBatcher(new FixedRandom(0));
        for (int i = 0; i < AckBatcher.MAX_IDS - 1; i++) {
            b.add(String.valueOf(i), true);
        }
        assertThat(sent).isEmpty();
        b.add("last", true);
        assertThat(sent).singleElement().satisfies(batch -> assertThat(batch).hasSize(AckBatcher.MAX_IDS));
        b.add("x", true);
        b.add("y"); // an ordinary id: the batch is full at 100 again
        for (int i = 0; i < 98; i++) {
            b.add("z" + i, true);
        }
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).hasSize(100).startsWith("x", "y");
    }

    @Test
    void idsSentInAHelloAreNoLongerPending() {
        AckBatcher b = lazyBatcher(new FixedRandom(0));
        connected = false;
        b.add("1", true);
        b.add("2");
        b.add("3");
        b.flush();
        assertThat(b.peek(2)).containsExactly("1", "2");
        b.sentElsewhere(b.peek(2));
        assertThat(b.pendingCount()).isEqualTo(1);
        connected = true;
        b.flush();
        assertThat(sent).containsExactly(List.of("3"));
    }

    @Test
    void clearForgetsEverythingPending() {
        AckBatcher b = lazyBatcher(new FixedRandom(0));
        b.add("1", true);
        b.add("2");
        b.clear();
        assertThat(recording.futures).allMatch(java.util.concurrent.Future::isCancelled);
        b.flush();
        assertThat(sent).isEmpty();
        b.add("3", true);
        assertThat(recording.delays).as("a new batch starts its own timer").hasSize(3);
    }

    @Test
    void anIdAddedTwiceIsSentOnce() {
        AckBatcher b = batcher(10, NEVER);
        b.add("7");
        b.add("7");
        b.add("8");
        b.flush();
        assertThat(sent).containsExactly(List.of("7", "8"));
    }

    @Test
    void keepsIdsWhenTheSenderRefusesAndChunksThemLater() {
        AckBatcher b = batcher(2, NEVER);
        connected = false;
        for (int i = 0; i < 5; i++) {
            b.add(String.valueOf(i));
        }
        assertThat(sent).isEmpty();
        assertThat(b.pendingCount()).isEqualTo(5);
        connected = true;
        b.flush();
        assertThat(sent).containsExactly(List.of("0", "1"), List.of("2", "3"), List.of("4"));
        assertThat(b.pendingCount()).isZero();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> batcher(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batcher(1001, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batcher(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
