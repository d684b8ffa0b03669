package dev.herald.server.robot;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DingTalk's robot limit: at most {@link #LIMIT} accepted messages in any {@link #WINDOW_MILLIS}; the request past it
 * is refused and the robot is throttled for {@link #THROTTLE_MILLIS}, refusing everything until then. Refused
 * requests do not count. A sliding window (the times of the last {@code LIMIT} accepted messages), so no burst at a
 * minute boundary gets through twice the limit. Time comes from the injected clock, so tests move it instead of
 * sleeping. Per node: with several nodes each enforces the limit for the requests it receives.
 */
public final class RobotRateLimiter {
    public static final int LIMIT = 20;
    public static final long WINDOW_MILLIS = 60_000L;
    public static final long THROTTLE_MILLIS = 600_000L;

    private final Clock clock;
    private final ConcurrentHashMap<Long, State> robots = new ConcurrentHashMap<>();

    private static final class State {
        final ArrayDeque<Long> accepted = new ArrayDeque<>(LIMIT);
        long throttledUntil;
    }

    public RobotRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one message of this robot as accepted, or refuses it.
     *
     * @throws RobotRefusal 130101 when the robot is throttled, or this message would be one too many
     */
    void acquire(long robotId) {
        long now = clock.millis();
        State s = robots.computeIfAbsent(robotId, k -> new State());
        synchronized (s) {
            if (now < s.throttledUntil) {
                throw RobotRefusal.tooFast();
            }
            while (!s.accepted.isEmpty() && s.accepted.peekFirst() <= now - WINDOW_MILLIS) {
                s.accepted.pollFirst();
            }
            if (s.accepted.size() >= LIMIT) {
                s.throttledUntil = now + THROTTLE_MILLIS;
                s.accepted.clear();
                throw RobotRefusal.tooFast();
            }
            s.accepted.addLast(now);
        }
    }

    /** Forgets a robot (deleted): its memory is a few hundred bytes, but robots come and go. */
    void forget(long robotId) {
        robots.remove(robotId);
    }
}
