package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * The {@code notification} and {@code message} of a push body. At their top level only the keys JPush defines are
 * accepted (so a typo is reported, not silently dropped); inside a platform block JPush defines dozens of
 * vendor-specific keys, so any key is kept and only the ones Herald renders into client frames are type-checked.
 */
final class ContentParser {
    /** Notification blocks that are shown to a device of that platform; {@code voip} is raw key/values instead. */
    static final Set<String> DISPLAY_BLOCKS = AudienceParser.PLATFORMS;

    private ContentParser() {
    }

    static ObjectNode notification(JsonNode value) {
        ObjectNode notification = Fields.object(value, "notification");
        boolean topAlert = false;
        boolean anyBlock = false;
        String blockWithoutAlert = null;
        for (Map.Entry<String, JsonNode> e : notification.properties()) {
            String key = e.getKey();
            String field = "notification." + key;
            JsonNode v = Fields.present(e.getValue());
            if (DISPLAY_BLOCKS.contains(key)) {
                if (v != null) {
                    block(key, Fields.object(v, field));
                    anyBlock = true;
                    if (blockWithoutAlert == null && Fields.present(v.get("alert")) == null) {
                        blockWithoutAlert = field;
                    }
                }
                continue;
            }
            switch (key) {
                case "alert" -> {
                    Fields.optionalString(v, field);
                    topAlert = v != null;
                }
                case "ai_opportunity" -> Fields.optionalBoolean(v, field);
                case "voip" -> Fields.optionalObject(v, field);
                default -> throw Fields.unknownKey(field);
            }
        }
        if (!topAlert && !anyBlock) {
            throw Fields.missing("notification.alert (or a platform block)");
        }
        if (!topAlert && blockWithoutAlert != null) {
            // JPush fills a block's missing alert from the top-level one; with neither there is nothing to show.
            throw Fields.missing(blockWithoutAlert + ".alert");
        }
        return notification;
    }

    private static void block(String platform, ObjectNode block) {
        String prefix = "notification." + platform + ".";
        JsonNode alert = Fields.present(block.get("alert"));
        if ("ios".equals(platform) && alert != null && alert.isObject()) {
            // APNs lets the alert be a dictionary {title, subtitle, body}; JPush passes it through.
            Fields.optionalString(alert.get("title"), prefix + "alert.title");
            Fields.optionalString(alert.get("body"), prefix + "alert.body");
        } else {
            Fields.optionalString(alert, prefix + "alert");
        }
        Fields.optionalString(block.get("title"), prefix + "title");
        Fields.optionalString(block.get("url"), prefix + "url");
        Fields.optionalObject(block.get("extras"), prefix + "extras");
        if ("android".equals(platform)) {
            JsonNode intent = Fields.present(block.get("intent"));
            if (intent != null) {
                Fields.optionalString(Fields.object(intent, prefix + "intent").get("url"), prefix + "intent.url");
            }
        }
    }

    static ObjectNode message(JsonNode value) {
        ObjectNode message = Fields.object(value, "message");
        for (Map.Entry<String, JsonNode> e : message.properties()) {
            String key = e.getKey();
            String field = "message." + key;
            JsonNode v = e.getValue();
            switch (key) {
                case "msg_content", "title", "content_type" -> Fields.optionalString(v, field);
                case "extras" -> Fields.optionalObject(v, field);
                case "test_message" -> Fields.optionalBoolean(v, field);
                default -> throw Fields.unknownKey(field);
            }
        }
        if (Fields.present(message.get("msg_content")) == null) {
            throw Fields.missing("message.msg_content");
        }
        return message;
    }
}
