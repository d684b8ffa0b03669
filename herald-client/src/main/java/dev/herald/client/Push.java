package dev.herald.client;

import java.util.Map;

/**
 * One {@code push} frame: a notification or a custom message for this device. Immutable, nested maps and lists
 * included. A push that has both parts arrives as two {@code Push} values with the same {@link #id()} and different
 * {@link #kind()}s.
 *
 * <p>Notification fields: {@link #title()}, {@link #alert()}, {@link #url()}, {@link #extras()}. Message fields:
 * {@link #msgContent()}, {@link #title()}, {@link #contentType()}, {@link #extras()}. A field the frame lacks is
 * {@code null} ({@link #extras()} is then empty, {@link #ts()} 0).
 */
public final class Push {
    /** {@link #kind()} of a notification, shown by the device. */
    public static final String NOTIFICATION = "notification";
    /** {@link #kind()} of a custom message, handed to the app. */
    public static final String MESSAGE = "message";

    private final Map<String, Object> raw;
    private final String id;
    private final String kind;
    private final Map<String, Object> extras;
    private final long ts;

    private Push(Map<String, Object> raw) {
        this.raw = raw;
        this.id = text(raw, "id");
        this.kind = text(raw, "kind");
        if (id == null || kind == null) {
            throw new IllegalArgumentException("push frame without id or kind: " + raw);
        }
        this.extras = FrozenJson.map(raw.get("extras"));
        this.ts = FrozenJson.ts(raw);
    }

    /**
     * Reads a decoded {@code push} frame (the JSON object as a map).
     *
     * @throws IllegalArgumentException if the frame has no string {@code id} or {@code kind}
     */
    public static Push of(Map<String, ?> frame) {
        return new Push(FrozenJson.map(FrozenJson.freeze(frame)));
    }

    /** The message id; the same for both kinds of one push. */
    public String id() {
        return id;
    }

    /** {@link #NOTIFICATION} or {@link #MESSAGE} (or whatever a newer server sends). */
    public String kind() {
        return kind;
    }

    /** True if {@link #kind()} is {@link #NOTIFICATION}. */
    public boolean isNotification() {
        return NOTIFICATION.equals(kind);
    }

    /** True if {@link #kind()} is {@link #MESSAGE}. */
    public boolean isMessage() {
        return MESSAGE.equals(kind);
    }

    /** The title, or null. */
    public String title() {
        return text(raw, "title");
    }

    /** The notification's text, or null. */
    public String alert() {
        return text(raw, "alert");
    }

    /** The URL to open when the notification is tapped, or null. */
    public String url() {
        return text(raw, "url");
    }

    /** Extra key/value pairs sent with the push; empty if none. Values are strings, numbers, booleans, lists, maps. */
    public Map<String, Object> extras() {
        return extras;
    }

    /** The custom message's content ({@code msg_content}), or null. */
    public String msgContent() {
        return text(raw, "msg_content");
    }

    /** The custom message's content type ({@code content_type}), or null. */
    public String contentType() {
        return text(raw, "content_type");
    }

    /** The id of the message this one replaces, or null. */
    public String override() {
        return text(raw, "override");
    }

    /**
     * True for a broadcast (a push to everyone or to tags), whose ack the client may hold for a while
     * ({@link HeraldClient.Builder#broadcastAckDelayMillis}); false for a push to this device by id or alias.
     */
    public boolean broadcast() {
        return Boolean.TRUE.equals(raw.get("broadcast"));
    }

    /** When the server accepted the push, in milliseconds since the epoch; 0 if the frame had none. */
    public long ts() {
        return ts;
    }

    /** The whole frame as received, {@code op} included. */
    public Map<String, Object> raw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Push && raw.equals(((Push) o).raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "Push" + raw;
    }

    private static String text(Map<String, Object> map, String key) {
        return FrozenJson.text(map, key);
    }
}
