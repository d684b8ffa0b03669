package dev.herald.server.robot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.group.GroupAt;
import dev.herald.server.group.GroupPost;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DingTalk robot body into a {@link GroupPost}, checking what each of the five message types requires, and
 * says which field is wrong when something is: {@code missing parameter text.content},
 * {@code invalid parameter at.atMobiles: ...}. The object under the msgtype key is kept as posted, unknown fields
 * included, so clients see exactly what the poster sent.
 */
final class RobotMessages {
    static final int MAX_AT = 100;

    /** Required string fields per msgtype; actionCard's buttons and feedCard's links are checked by hand. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "text", List.of("content"),
            "link", List.of("title", "text", "messageUrl"),
            "markdown", List.of("title", "text"),
            "actionCard", List.of("title", "text"),
            "feedCard", List.of());

    private RobotMessages() {
    }

    /** @throws RobotRefusal 40035 naming the missing or invalid field, 400105 for an unknown msgtype */
    static GroupPost parse(byte[] body) {
        JsonNode root = json(body);
        JsonNode msgtypeNode = root.get("msgtype");
        if (msgtypeNode == null || msgtypeNode.isNull()) {
            throw RobotRefusal.missing("msgtype");
        }
        if (!msgtypeNode.isTextual()) {
            throw RobotRefusal.invalid("msgtype", "must be a string");
        }
        String msgtype = msgtypeNode.textValue();
        List<String> required = REQUIRED.get(msgtype);
        if (required == null) {
            throw RobotRefusal.unsupportedMsgtype(msgtype);
        }
        JsonNode content = root.get(msgtype);
        if (content == null || content.isNull()) {
            throw RobotRefusal.missing(msgtype);
        }
        if (!content.isObject()) {
            throw RobotRefusal.invalid(msgtype, "must be an object");
        }
        for (String field : required) {
            requireText(content, msgtype + "." + field, field);
        }
        if (msgtype.equals("actionCard")) {
            checkActionCard(content);
        } else if (msgtype.equals("feedCard")) {
            checkList(content.get("links"), "feedCard.links", "title", "messageURL");
        }
        return new GroupPost(msgtype, (ObjectNode) content, at(root.get("at")));
    }

    /** The text a keyword must occur in: every string of the content except URLs. */
    static String searchableText(GroupPost post) {
        StringBuilder out = new StringBuilder();
        collect(post.content(), null, out);
        return out.toString();
    }

    private static void collect(JsonNode node, String key, StringBuilder out) {
        if (node.isTextual()) {
            if (key == null || !key.toLowerCase(Locale.ROOT).endsWith("url")) {
                out.append(node.textValue()).append('\n');
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), e.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, key, out));
        }
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw RobotRefusal.missing("json");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw RobotRefusal.invalid("json", "malformed JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        } catch (IOException e) {
            throw RobotRefusal.invalid("json", "unreadable body");
        }
        if (root == null || !root.isObject()) {
            throw RobotRefusal.invalid("json", "the body must be a JSON object");
        }
        return root;
    }

    /** Whole-card ({@code singleTitle} + {@code singleURL}) or buttons ({@code btns}); if both, single wins. */
    private static void checkActionCard(JsonNode card) {
        if (card.hasNonNull("singleTitle") || card.hasNonNull("singleURL")) {
            requireText(card, "actionCard.singleTitle", "singleTitle");
            requireText(card, "actionCard.singleURL", "singleURL");
        } else if (card.hasNonNull("btns")) {
            checkList(card.get("btns"), "actionCard.btns", "title", "actionURL");
        } else {
            throw RobotRefusal.missing("actionCard.singleTitle or actionCard.btns");
        }
    }

    private static void checkList(JsonNode list, String name, String... fields) {
        if (list == null || list.isNull()) {
            throw RobotRefusal.missing(name);
        }
        if (!list.isArray() || list.isEmpty()) {
            throw RobotRefusal.invalid(name, "must be a non-empty array of objects");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw RobotRefusal.invalid(name + "[" + i + "]", "must be an object");
            }
            for (String field : fields) {
                requireText(item, name + "[" + i + "]." + field, field);
            }
        }
    }

    private static void requireText(JsonNode parent, String path, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw RobotRefusal.missing(path);
        }
        if (!v.isTextual()) {
            throw RobotRefusal.invalid(path, "must be a string");
        }
        if (v.textValue().isBlank()) {
            throw RobotRefusal.missing(path);
        }
    }

    private static GroupAt at(JsonNode at) {
        if (at == null || at.isNull()) {
            return GroupAt.NOBODY;
        }
        if (!at.isObject()) {
            throw RobotRefusal.invalid("at", "must be an object");
        }
        JsonNode all = at.get("isAtAll");
        boolean isAtAll;
        if (all == null || all.isNull()) {
            isAtAll = false;
        } else if (all.isBoolean()) {
            isAtAll = all.booleanValue();
        } else if (all.isTextual() && (all.textValue().equals("true") || all.textValue().equals("false"))) {
            isAtAll = Boolean.parseBoolean(all.textValue()); // some senders quote it
        } else {
            throw RobotRefusal.invalid("at.isAtAll", "must be true or false");
        }
        return new GroupAt(strings(at.get("atMobiles"), "at.atMobiles"), strings(at.get("atUserIds"), "at.atUserIds"),
                isAtAll);
    }

    private static List<String> strings(JsonNode list, String name) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > MAX_AT) {
            throw RobotRefusal.invalid(name, "must be an array of at most " + MAX_AT + " strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (JsonNode v : list) {
            if (!v.isTextual() && !v.isNumber()) { // a mobile number is sometimes sent as a number
                throw RobotRefusal.invalid(name, "must contain strings");
            }
            out.add(v.asText());
        }
        return out;
    }
}
