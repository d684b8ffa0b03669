package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.error.HeraldException;
import dev.herald.server.push.Audience;
import dev.herald.server.push.PushRequest;
import dev.herald.server.push.PushService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Notifies the members a group message mentions with an ordinary notification push, through {@link PushService}: so
 * the mention is stored, delivered, acknowledged and reported like any push, and reaches a device that is not
 * watching the group's frames. DingTalk notifies a mentioned member even if it muted the group; so does this.
 *
 * <p>The notification: {@code alert} is "robot: summary", each platform block has the group's name as {@code title}
 * and {@code extras} {@code {"group":"<id>","groupMessageId":"g<id>","robot":"<name>"}}, so an app can open the group.
 */
public final class MentionNotifier {
    private static final Logger log = LoggerFactory.getLogger(MentionNotifier.class);
    /** The platforms whose notification block carries the title and extras (JPush's display platforms). */
    static final List<String> PLATFORMS = List.of("android", "ios", "web", "java", "quickapp", "hmos", "winphone");
    static final int MAX_ALERT_CHARS = 200;
    /** The push API's own limit of registration ids per audience. */
    static final int MAX_IDS_PER_PUSH = 1000;

    private final PushService pushes;

    public MentionNotifier(PushService pushes) {
        this.pushes = pushes;
    }

    /** Pushes the notification to these devices. A failure is logged: the group message itself is already stored. */
    void notify(App app, Group group, GroupMessage message, GroupPost post, Set<String> registrationIds) {
        ObjectNode notification = notification(group, message, post);
        List<String> ids = new ArrayList<>(registrationIds);
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_PUSH) {
            Set<String> chunk = Set.copyOf(ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_PUSH)));
            Audience audience = new Audience(false, chunk, Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
            try {
                pushes.push(app, new PushRequest(audience, notification, null, 0, null, 0, null), false)
                        .whenComplete((result, failure) -> {
                            if (failure != null) {
                                log.warn("mention push for group message {} failed", message.id(), failure);
                            }
                        });
            } catch (HeraldException e) {
                log.debug("no mention push for group message {}: {}", message.id(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("mention push for group message {} failed", message.id(), e);
            }
        }
    }

    static ObjectNode notification(Group group, GroupMessage message, GroupPost post) {
        String alert = message.robot() + ": " + summary(post);
        if (alert.length() > MAX_ALERT_CHARS) {
            alert = alert.substring(0, MAX_ALERT_CHARS - 1) + "…";
        }
        ObjectNode notification = Json.object().put("alert", alert);
        for (String platform : PLATFORMS) {
            ObjectNode block = notification.putObject(platform).put("title", group.name());
            block.putObject("extras").put("group", Long.toString(group.id()))
                    .put("groupMessageId", message.clientId()).put("robot", message.robot());
        }
        return notification;
    }

    /** One line saying what the message is: its text, its title, or its first feed link. */
    static String summary(GroupPost post) {
        JsonNode c = post.content();
        String text = switch (post.msgtype()) {
            case "text" -> c.path("content").asText("");
            case "feedCard" -> c.path("links").path(0).path("title").asText("");
            default -> c.path("title").asText("");
        };
        return text.strip().replaceAll("\\s+", " ");
    }
}
