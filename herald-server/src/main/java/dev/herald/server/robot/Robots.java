package dev.herald.server.robot;

import dev.herald.server.error.HeraldError;
import dev.herald.server.group.Group;
import dev.herald.server.store.Store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Creates, lists, rotates and deletes a group's robots (the native admin API's side). Access tokens are 64 hex digits
 * and secrets {@code SEC} + 64 hex digits, as DingTalk issues them; both come from {@link SecureRandom}.
 */
public final class Robots {
    public static final int MAX_ROBOTS_PER_GROUP = 20;
    public static final int MAX_NAME_CHARS = 100;
    public static final int MAX_KEYWORDS = 10;
    public static final int MAX_KEYWORD_CHARS = 100;
    public static final int MAX_ALLOWLIST = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final RobotRateLimiter limiter;
    private final Clock clock;

    public Robots(Store store, RobotRateLimiter limiter, Clock clock) {
        this.store = store;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** @throws dev.herald.server.error.HeraldException INVALID_PARAMETER naming the setting that is wrong */
    public Robot create(Group group, String name, List<String> keywords, boolean sign, List<String> ipAllowlist) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS) {
            throw HeraldError.INVALID_PARAMETER.exception("name: 1.." + MAX_NAME_CHARS + " characters");
        }
        if (keywords.size() > MAX_KEYWORDS) {
            throw HeraldError.INVALID_PARAMETER.exception("keywords: at most " + MAX_KEYWORDS);
        }
        for (String k : keywords) {
            if (k.isBlank() || k.length() > MAX_KEYWORD_CHARS) {
                throw HeraldError.INVALID_PARAMETER.exception("keywords: each 1.." + MAX_KEYWORD_CHARS
                        + " characters, not blank");
            }
        }
        if (ipAllowlist.size() > MAX_ALLOWLIST) {
            throw HeraldError.INVALID_PARAMETER.exception("ipAllowlist: at most " + MAX_ALLOWLIST + " entries");
        }
        try {
            IpAllowlist.parse(ipAllowlist);
        } catch (IllegalArgumentException e) {
            throw HeraldError.INVALID_PARAMETER.exception("ipAllowlist: " + e.getMessage());
        }
        if (store.listRobots(group.id()).size() >= MAX_ROBOTS_PER_GROUP) {
            throw HeraldError.INVALID_PARAMETER.exception("a group has at most " + MAX_ROBOTS_PER_GROUP + " robots");
        }
        return store.createRobot(new Robot(0, group.appId(), group.id(), name, newToken(), newSecret(), sign,
                keywords, ipAllowlist.stream().map(String::trim).toList(), clock.millis()));
    }

    public List<Robot> list(Group group) {
        return store.listRobots(group.id());
    }

    /** Issues a new access token and secret; the old ones stop working at once. */
    public Robot rotate(Group group, long robotId) {
        return store.rotateRobot(group.id(), robotId, newToken(), newSecret())
                .orElseThrow(() -> notFound(group, robotId));
    }

    public void delete(Group group, long robotId) {
        if (!store.deleteRobot(group.id(), robotId)) {
            throw notFound(group, robotId);
        }
        limiter.forget(robotId);
    }

    private static RuntimeException notFound(Group group, long robotId) {
        return HeraldError.NOT_FOUND.exception("robot " + robotId + " not found in group " + group.id());
    }

    static String newToken() {
        return randomHex(32);
    }

    static String newSecret() {
        return "SEC" + randomHex(32);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
