package dev.herald.server.group;

import java.util.Objects;

/**
 * A message posted into a group, as stored. Group messages have their own id space; clients see the id as
 * {@code "g" + id} ({@link #clientId}), which no push id (a plain decimal) can be, so one {@code ack} frame can carry
 * both kinds.
 *
 * @param id        assigned by the store at commit, increasing in commit order; 0 in a draft
 * @param robot     the name of the robot that posted it
 * @param msgtype   DingTalk's message type: {@code text}, {@code link}, {@code markdown}, {@code actionCard},
 *                  {@code feedCard}
 * @param content   the object under the msgtype key, as posted (JSON text)
 * @param html      the message rendered for display, safe to insert into a page ({@link GroupHtml})
 * @param createdAt ms since epoch
 */
public record GroupMessage(long id, long groupId, String robot, String msgtype, String content, GroupAt at,
                           String html, long createdAt) {
    /** The prefix that marks a group message id in frames and acks. */
    public static final String ID_PREFIX = "g";

    public GroupMessage {
        Objects.requireNonNull(robot, "robot");
        Objects.requireNonNull(msgtype, "msgtype");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(html, "html");
    }

    public GroupMessage withId(long newId) {
        return new GroupMessage(newId, groupId, robot, msgtype, content, at, html, createdAt);
    }

    public String clientId() {
        return ID_PREFIX + id;
    }

    /** The message id in a client's {@code "g123"}, or -1 if the text is not a group message id. */
    public static long parseClientId(String text) {
        if (text == null || text.length() < 2 || text.length() > 20 || !text.startsWith(ID_PREFIX)) {
            return -1;
        }
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(text, 1, text.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
