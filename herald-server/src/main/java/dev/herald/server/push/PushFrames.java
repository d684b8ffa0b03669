package dev.herald.server.push;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a {@link Message} into the {@code push} frames of the client protocol (docs/protocol.md) for one device
 * platform: a {@code notification} frame and/or a {@code message} frame, with the same id.
 *
 * <p>The JPush body is kept as sent, with per-platform blocks; a client only wants what to show, so the block for its
 * platform is flattened here: {@code alert} falls back to the top-level alert, {@code url} comes from the block or,
 * for Android, from {@code intent.url}, {@code extras} is {@code {}} when absent and {@code title}/{@code url} are
 * {@code null}.
 *
 * <p>A frame is rendered as a <em>template</em>: its UTF-8 JSON with the id left empty, so it can be rendered before
 * the store assigns the id. The push service renders the templates for the targets online here from the trees it
 * has just validated, on its own thread; the event loops then only put the id's digits in at {@link #ID_AT}. What
 * was not rendered ahead (a broadcast, a catch-up read) is rendered from the stored JSON. Callers render once per
 * (message, platform) and share the bytes with every recipient; rendering depends on nothing but its arguments and
 * is safe from any thread.
 */
public final class PushFrames {
    /** How every push frame starts; the id's digits follow, then the template's rest. */
    private static final byte[] HEAD = "{\"op\":\"push\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Where the id's digits go in a template. */
    public static final int ID_AT = HEAD.length;

    private PushFrames() {
    }

    /** The templates of a stored message's frames, notification first; empty if it has neither part. */
    public static List<byte[]> templates(Message m, String platform) {
        return templates(m, m.notification() == null ? null : read(m, m.notification()),
                m.message() == null ? null : read(m, m.message()), platform);
    }

    /**
     * The templates of a message's frames from its validated {@code notification} and {@code message} trees (either
     * may be {@code null}), which must be what {@code m} holds as JSON. {@code m}'s id is not used and may be 0.
     */
    public static List<byte[]> templates(Message m, JsonNode notification, JsonNode message, String platform) {
        List<byte[]> templates = new ArrayList<>(2);
        if (notification != null) {
            templates.add(notification(m, notification, platform));
        }
        if (message != null) {
            templates.add(message(m, message));
        }
        return List.copyOf(templates);
    }

    /** A frame's JSON text: the template with the id put in. */
    public static String withId(byte[] template, long id) {
        return new String(template, 0, ID_AT, StandardCharsets.UTF_8) + id
                + new String(template, ID_AT, template.length - ID_AT, StandardCharsets.UTF_8);
    }

    /** The frames' JSON texts, notification first (what {@link #templates(Message, String)} makes, as text). */
    public static List<String> render(Message m, String platform) {
        return templates(m, platform).stream().map(t -> withId(t, m.id())).toList();
    }

    private static byte[] notification(Message m, JsonNode notification, String platform) {
        JsonNode block = platform != null && ContentParser.DISPLAY_BLOCKS.contains(platform)
                ? notification.get(platform) : null;
        if (block == null || !block.isObject()) {
            block = PushJson.MAPPER.missingNode();
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
        String shownTitle = title;
        String shownAlert = alert;
        String shownUrl = url;
        JsonNode extras = block.get("extras");
        return template(m, "notification", g -> {
            g.writeStringField("title", shownTitle);
            g.writeStringField("alert", shownAlert);
            g.writeStringField("url", shownUrl);
            extras(g, extras);
        });
    }

    private static byte[] message(Message m, JsonNode message) {
        return template(m, "message", g -> {
            g.writeStringField("msg_content", text(message.get("msg_content")));
            g.writeStringField("title", text(message.get("title")));
            g.writeStringField("content_type", text(message.get("content_type")));
            extras(g, message.get("extras"));
        });
    }

    /** The fields of one kind of frame, between its head ({@code op}, {@code id}, {@code kind}) and its end. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] template(Message m, String kind, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = PushJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("op", "push");
            g.writeStringField("id", ""); // the template's gap: ID_AT is right after its opening quote
            g.writeStringField("kind", kind);
            body.write(g);
            g.writeNumberField("ts", m.createdAt());
            if (m.overrideOf() > 0) {
                g.writeStringField("override", Long.toString(m.overrideOf()));
            }
            if (m.broadcast()) {
                // its ack may wait (docs/protocol.md); last, so a client can test the end
                g.writeBooleanField("broadcast", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render message " + m.id(), e); // in memory: a bug, not I/O
        }
        byte[] template = out.toByteArray();
        assert Arrays.equals(template, 0, ID_AT, HEAD, 0, ID_AT) && template[ID_AT] == '"';
        return template;
    }

    /** {@code extras} as the block has it when it is an object, else {@code {}}. */
    private static void extras(JsonGenerator g, JsonNode extras) throws IOException {
        g.writeFieldName("extras");
        if (extras != null && extras.isObject()) {
            g.writeTree(extras);
        } else {
            g.writeStartObject();
            g.writeEndObject();
        }
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
