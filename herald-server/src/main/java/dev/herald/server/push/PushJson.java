package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.Json;

/** JSON helpers of the push package, on the server's one mapper ({@link Json}). */
final class PushJson {
    static final ObjectMapper MAPPER = Json.MAPPER;

    private PushJson() {
    }

    /** Reads a body as a JSON tree; see {@link Json#read}. */
    static JsonNode read(byte[] body) {
        return Json.read(body);
    }

    /** Writes a tree we built ourselves; that cannot fail short of a bug. */
    static String write(JsonNode node) {
        return Json.string(node);
    }

    /** Bytes of UTF-8 the node takes as compact JSON: JPush's size limits count these. */
    static int utf8Size(JsonNode node) {
        return node == null ? 0 : Json.bytes(node).length;
    }
}
