package dev.herald.server.robot;

import dev.herald.server.app.App;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.group.GroupPost;
import dev.herald.server.group.GroupService;
import dev.herald.server.store.Store;

import java.time.Clock;
import java.util.Optional;

/**
 * The DingTalk-compatible send path: checks a post the way DingTalk does, in DingTalk's order — the token, then the
 * robot's security settings (IP allowlist, signature), then the message itself (fields, keywords), then the rate
 * limit — and posts it into the robot's group. Only a post that passes everything counts against the rate limit.
 */
public final class RobotWebhook {
    private final Store store;
    private final GroupService groups;
    private final RobotRateLimiter limiter;
    private final Clock clock;

    public RobotWebhook(Store store, GroupService groups, RobotRateLimiter limiter, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.limiter = limiter;
        this.clock = clock;
    }

    /**
     * Checks and posts; durable on return.
     *
     * @param timestamp     the {@code timestamp} query parameter, or null
     * @param sign          the {@code sign} query parameter as decoded, or null
     * @param remoteAddress the client's IP address
     * @throws RobotRefusal with DingTalk's errcode and errmsg when the post is refused
     */
    public GroupMessage send(String accessToken, String timestamp, String sign, String remoteAddress, byte[] body) {
        if (accessToken == null || accessToken.isBlank()) {
            throw RobotRefusal.missing("access_token");
        }
        Robot robot = store.findRobot(accessToken).orElseThrow(RobotRefusal::tokenNotExist);
        Optional<App> app = store.findAppById(robot.appId()).filter(App::enabled);
        Optional<Group> group = app.flatMap(a -> store.findGroup(a.id(), robot.groupId()));
        if (group.isEmpty()) {
            throw RobotRefusal.tokenNotExist(); // its app is disabled: the token is as good as gone
        }
        if (!IpAllowlist.parse(robot.ipAllowlist()).allows(remoteAddress)) {
            throw RobotRefusal.ipNotAllowed(remoteAddress);
        }
        if (robot.sign()) {
            RobotSignature.check(timestamp, sign, robot.secret(), clock.millis());
        }
        GroupPost post = RobotMessages.parse(body);
        if (!robot.keywords().isEmpty()) {
            String text = RobotMessages.searchableText(post);
            if (robot.keywords().stream().noneMatch(text::contains)) {
                throw RobotRefusal.keywordsNotInContent();
            }
        }
        limiter.acquire(robot.id());
        return groups.post(app.get(), group.get(), robot.name(), post);
    }
}
