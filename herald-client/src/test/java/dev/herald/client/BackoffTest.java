package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingsDoubleFromBaseUpToCap() {
        Backoff b = new Backoff(500, 30_000, FixedRandom.top());
        long[] delays = new long[9];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = b.nextDelayMillis();
        }
        assertThat(delays).containsExactly(500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000);
    }

    @Test
    void fullJitterCanReachZero() {
        Backoff b = new Backoff(500, 30_000, new FixedRandom(0.0));
        for (int i = 0; i < 10; i++) {
            assertThat(b.nextDelayMillis()).isZero();
        }
    }

    @Test
    void delaysStayWithinBoundsAndSpread() {
        Backoff b = new Backoff(100, 5_000, new Random(42));
        Set<Long> atCap = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long ceiling = b.ceilingMillis(b.attempts());
            long d = b.nextDelayMillis();
            assertThat(d).isBetween(0L, ceiling);
            if (ceiling == 5_000) {
                atCap.add(d);
            }
        }
        assertThat(atCap).hasSizeGreaterThan(1_000); // jittered, not a handful of fixed values
    }

    @Test
    void resetStartsAgainFromBase() {
        Backoff b = new Backoff(500, 30_000, FixedRandom.top());
        for (int i = 0; i < 5; i++) {
            b.nextDelayMillis();
        }
        assertThat(b.attempts()).isEqualTo(5);
        b.reset();
        assertThat(b.attempts()).isZero();
        assertThat(b.nextDelayMillis()).isEqualTo(500);
        assertThat(b.nextDelayMillis()).isEqualTo(1000);
    }

    @Test
    void attemptsStopCountingAtTheCap() {
        Backoff b = new Backoff(1, 4, FixedRandom.top());
        for (int i = 0; i < 100; i++) {
            b.nextDelayMillis();
        }
        assertThat(b.attempts()).isEqualTo(2);
    }

    @Test
    void hugeCapsDoNotOverflow() {
        Backoff b = new Backoff(1, Long.MAX_VALUE, FixedRandom.top());
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextDelayMillis()).isNotNegative();
        }
        assertThat(b.ceilingMillis(62)).isEqualTo(Long.MAX_VALUE);
        assertThat(b.ceilingMillis(1_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void defaultsAreHalfASecondToThirtySeconds() {
        Backoff b = Backoff.defaults();
        assertThat(b.ceilingMillis(0)).isEqualTo(500);
        assertThat(b.ceilingMillis(20)).isEqualTo(30_000);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(1, 5, null)).isInstanceOf(NullPointerException.class);
    }
}
