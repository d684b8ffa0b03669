package dev.herald.server.robot;

import dev.herald.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DingTalk's 20-a-minute limit and 10-minute throttle, on a clock the test moves. */
class RobotRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RobotRateLimiter limiter = new RobotRateLimiter(clock);

    private void accepted(long robot) {
        assertThatCode(() -> limiter.acquire(robot)).doesNotThrowAnyException();
    }

    private void refused(long robot) {
        assertThatThrownBy(() -> limiter.acquire(robot)).isInstanceOfSatisfying(RobotRefusal.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.errcode()).isEqualTo(130101));
    }

    @Test
    void theTwentyFirstWithinAMinuteThrottlesForTenMinutes() {
        for (int i = 0; i < 20; i++) {
            accepted(1);
            clock.advance(Duration.ofSeconds(2));
        }
        refused(1); // 40 s after the first
        accepted(2); // robots are counted apart
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        refused(1);
        clock.advance(Duration.ofMillis(1));
        accepted(1);
    }

    @Test
    void theWindowSlides() {
        for (int i = 0; i < 20; i++) {
            accepted(1);
        }
        clock.advance(Duration.ofSeconds(59));
        refused(1);
        RobotRateLimiter fresh = new RobotRateLimiter(clock);
        for (int i = 0; i < 20; i++) {
            assertThatCode(() -> fresh.acquire(1)).doesNotThrowAnyException();
        }
        clock.advance(Duration.ofSeconds(60));
        assertThatCode(() -> fresh.acquire(1)).as("the first twenty left the window").doesNotThrowAnyException();
    }
}
