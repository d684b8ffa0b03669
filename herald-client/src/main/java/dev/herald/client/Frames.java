package dev.herald.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Encodes client frames and decodes server frames of {@code herald.v1}. Stateless and thread-safe. */
final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<Map<String, Object>>() { };

    private Frames() {
    }

    /**
     * Decodes a text frame into a map.
     *
     * @throws IOException if it is not JSON or not an object
     */
    static Map<String, Object> parse(String text) throws IOException {
        JsonNode node = JSON.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IOException("frame is not a JSON object");
        }
        return JSON.convertValue(node, MAP);
    }

    static String hello(String appKey, String platform, String registrationId, String deviceSecret,
                        Collection<String> acks) {
        ObjectNode f = op("hello").put("appKey", appKey).put("platform", platform);
        if (registrationId != null && deviceSecret != null) {
            f.put("registrationId", registrationId).put("deviceSecret", deviceSecret);
        }
        if (!acks.isEmpty()) {
            acks.forEach(f.putArray("ack")::add);
        }
        return f.toString();
    }

    static String ack(Collection<String> ids) {
        ObjectNode f = op("ack");
        ArrayNode arr = f.putArray("ids");
        for (String id : ids) {
            arr.add(id);
        }
        return f.toString();
    }

    static String ping() {
        return op("ping").toString();
    }

    /** A {@code bind} frame; a null argument leaves that field out (the server then leaves it unchanged). */
    static String bind(String alias, Collection<String> tags, String token) {
        ObjectNode f = op("bind");
        if (alias != null) {
            f.put("alias", alias);
        }
        if (tags != null) {
            ArrayNode arr = f.putArray("tags");
            for (String t : tags) {
                arr.add(t);
            }
        }
        if (token != null) {
            f.put("token", token);
        }
        return f.toString();
    }

    static String string(Map<String, Object> frame, String key) {
        Object v = frame.get(key);
        return v == null ? null : v.toString();
    }

    static long number(Map<String, Object> frame, String key, long absent) {
        Object v = frame.get(key);
        return v instanceof Number ? ((Number) v).longValue() : absent;
    }

    /** A list of strings, empty if absent or not a list. */
    static List<String> strings(Map<String, Object> frame, String key) {
        Object v = frame.get(key);
        if (!(v instanceof List)) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return Collections.unmodifiableList(out);
    }

    private static ObjectNode op(String op) {
        return JSON.createObjectNode().put("op", op);
    }
}
