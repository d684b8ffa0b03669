package dev.herald.server.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;

/**
 * The {@code group} frame of the client protocol (docs/protocol.md) and the JSON the native API shows a stored group
 * message as. A frame differs between recipients only in {@code mentioned}, so callers render the two variants once
 * per message and share them.
 */
public final class GroupFrames {
    private GroupFrames() {
    }

    /** The frame's JSON text for a member that is, or is not, mentioned. */
    public static String render(GroupMessage m, boolean mentioned) {
        ObjectNode frame = Json.object().put("op", "group");
        fill(frame, m);
        frame.put("mentioned", mentioned);
        frame.put("ts", m.createdAt());
        return Json.string(frame);
    }

    /** The message as the history API lists it: the frame's fields without {@code op} and {@code mentioned}. */
    public static ObjectNode history(GroupMessage m) {
        ObjectNode node = Json.object();
        fill(node, m);
        node.put("ts", m.createdAt());
        return node;
    }

    /** The {@code at} object with all three keys, as clients see it. */
    public static ObjectNode at(GroupAt at) {
        ObjectNode node = Json.object();
        at.atMobiles().forEach(node.putArray("atMobiles")::add); // the array is created even when empty
        at.atUserIds().forEach(node.putArray("atUserIds")::add);
        node.put("isAtAll", at.isAtAll());
        return node;
    }

    private static void fill(ObjectNode node, GroupMessage m) {
        node.put("group", Long.toString(m.groupId()));
        node.put("id", m.clientId());
        node.put("robot", m.robot());
        node.put("msgtype", m.msgtype());
        node.set("content", content(m));
        node.set("at", at(m.at()));
        node.put("html", m.html());
    }

    private static JsonNode content(GroupMessage m) {
        try {
            return Json.MAPPER.readTree(m.content());
        } catch (JsonProcessingException e) {
            // content was validated and written by the server, so this is corruption, not a caller's mistake
            throw new IllegalStateException("group message " + m.id() + " has unreadable stored JSON", e);
        }
    }
}
