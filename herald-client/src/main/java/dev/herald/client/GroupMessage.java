package dev.herald.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One {@code group} frame: a message posted into a group this device is a member of (by a robot, for instance).
 * Immutable, nested maps and lists included.
 *
 * <p>{@link #content()} is the object under the {@link #msgtype()} key exactly as the poster sent it (DingTalk's
 * {@code text}, {@code link}, {@code markdown}, {@code actionCard} or {@code feedCard} shapes); {@link #html()} is the
 * server's rendering of it, safe to insert into a page or a WebView as it is. {@link #mentioned()} says whether this
 * device's member record was {@code @}mentioned (or everyone was); a mentioned device also receives an ordinary
 * notification {@link Push}.
 */
public final class GroupMessage {
    private final Map<String, Object> raw;
    private final String id;
    private final String group;
    private final Map<String, Object> content;
    private final Map<String, Object> at;
    private final long ts;

    private GroupMessage(Map<String, Object> raw) {
        this.raw = raw;
        this.id = text(raw, "id");
        this.group = text(raw, "group");
        if (id == null || group == null) {
            throw new IllegalArgumentException("group frame without id or group: " + raw);
        }
        this.content = FrozenJson.map(raw.get("content"));
        this.at = FrozenJson.map(raw.get("at"));
        this.ts = FrozenJson.ts(raw);
    }

    /**
     * Reads a decoded {@code group} frame (the JSON object as a map).
     *
     * @throws IllegalArgumentException if the frame has no string {@code id} or {@code group}
     */
    public static GroupMessage of(Map<String, ?> frame) {
        return new GroupMessage(FrozenJson.map(FrozenJson.freeze(frame)));
    }

    /** The message id, {@code "g"} followed by digits: apart from push ids. */
    public String id() {
        return id;
    }

    /** The group's id. */
    public String group() {
        return group;
    }

    /** The name of the robot that posted it, or null. */
    public String robot() {
        return text(raw, "robot");
    }

    /** {@code text}, {@code link}, {@code markdown}, {@code actionCard} or {@code feedCard}. */
    public String msgtype() {
        return text(raw, "msgtype");
    }

    /** The message as posted: the object under the msgtype key. Empty if absent. */
    public Map<String, Object> content() {
        return content;
    }

    /** The mobile numbers the message mentions; empty if none. */
    public List<String> atMobiles() {
        return strings(at.get("atMobiles"));
    }

    /** The user ids the message mentions; empty if none. */
    public List<String> atUserIds() {
        return strings(at.get("atUserIds"));
    }

    /** Whether the message mentions everyone in the group. */
    public boolean isAtAll() {
        return Boolean.TRUE.equals(at.get("isAtAll"));
    }

    /** Whether this device is mentioned (by its member's mobile or user id, or by {@link #isAtAll()}). */
    public boolean mentioned() {
        return Boolean.TRUE.equals(raw.get("mentioned"));
    }

    /** The message rendered as HTML by the server (raw HTML and unsafe URLs neutralised), or null. */
    public String html() {
        return text(raw, "html");
    }

    /** When the server accepted the message, in milliseconds since the epoch; 0 if the frame had none. */
    public long ts() {
        return ts;
    }

    /** The whole frame as received, {@code op} included. */
    public Map<String, Object> raw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMessage && raw.equals(((GroupMessage) o).raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "GroupMessage" + raw;
    }

    private static String text(Map<String, Object> map, String key) {
        return FrozenJson.text(map, key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object frozen) {
        return frozen instanceof List ? (List<String>) frozen : Collections.<String>emptyList();
    }
}
