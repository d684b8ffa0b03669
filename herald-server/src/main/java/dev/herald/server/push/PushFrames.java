package dev.herald.server.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a stored {@link Message} into the {@code push} frames of the client protocol (docs/protocol.md) for one
 * device platform: a {@code notification} frame and/or a {@code message} frame, with the same id.
 *
 * <p>The JPush body is kept as sent, with per-platform blocks; a client only wants what to show, so the block for its
 * platform is flattened here: {@code alert} falls back to the top-level alert, {@code url} comes from the block or,
 * for Android, from {@code intent.url}, {@code extras} is {@code {}} when absent and {@code title}/{@code url} are
 * {@code null}. Callers render once per (message, platform) and share the text with every recipient; rendering
 * depends on nothing but its arguments and is safe from any thread.
 */
public final class PushFrames {
    private PushFrames() {
    }

    /** The frames' JSON texts, notification first; empty if the message has neither part. */
    public static List<String> render(Message m, String platform) {
        List<String> frames = new ArrayList<>(2);
        if (m.notification() != null) {
            frames.add(notification(m, read(m, m.notification()), platform));
        }
        if (m.message() != null) {
            frames.add(message(m, read(m, m.message())));
        }
        return List.copyOf(frames);
    }

    private static String notification(Message m, JsonNode notification, String platform) {
        JsonNode block = platform != null && ContentParser.DISPLAY_BLOCKS.contains(platform)
                ? notification.get(platform) : null;
        if (block == null || !block.isObject()) {
            block = PushJson.MAPPER.createObjectNode();
        }
        String title = text(block.get("title"));
        JsonNode alertNode = block.get("alert");
        String alert;
        if (alertNode != null && alertNode.isObject()) {
            // an APNs alert dictionary (iOS only): its title wins over none, its body is the text
            alert = text(alertNode.get("body"));
            if (title == null) {
                title = text(alertNode.get("title"));
            }
        } else {
            alert = text(alertNode);
        }
        if (alert == null) {
            alert = text(notification.get("alert"));
        }
        String url = text(block.get("url"));
        if (url == null && "android".equals(platform)) {
            JsonNode intent = block.get("intent");
            url = intent == null ? null : text(intent.get("url"));
        }
        ObjectNode frame = head(m, "notification");
        frame.put("title", title);
        frame.put("alert", alert);
        frame.put("url", url);
        frame.set("extras", extras(block));
        return finish(m, frame);
    }

    private static String message(Message m, JsonNode message) {
        ObjectNode frame = head(m, "message");
        frame.put("msg_content", text(message.get("msg_content")));
        frame.put("title", text(message.get("title")));
        frame.put("content_type", text(message.get("content_type")));
        frame.set("extras", extras(message));
        return finish(m, frame);
    }

    private static ObjectNode head(Message m, String kind) {
        ObjectNode frame = PushJson.MAPPER.createObjectNode();
        frame.put("op", "push");
        frame.put("id", Long.toString(m.id()));
        frame.put("kind", kind);
        return frame;
    }

    private static String finish(Message m, ObjectNode frame) {
        frame.put("ts", m.createdAt());
        if (m.overrideOf() > 0) {
            frame.put("override", Long.toString(m.overrideOf()));
        }
        if (m.broadcast()) {
            frame.put("broadcast", true); // its ack may wait (docs/protocol.md); last, so a client can test the end
        }
        return PushJson.write(frame);
    }

    private static JsonNode extras(JsonNode container) {
        JsonNode extras = container.get("extras");
        return extras != null && extras.isObject() ? extras : PushJson.MAPPER.createObjectNode();
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static JsonNode read(Message m, String json) {
        try {
            return PushJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // stored content was validated on the way in, so this is corruption, not a caller's mistake
            throw new IllegalStateException("message " + m.id() + " has unreadable stored JSON", e);
        }
    }
}
