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

    /**
     * Bytes of UTF-8 the text takes (0 for null), counted without encoding it. A surrogate pair is one 4-byte code
     * point; a lone surrogate counts 3 bytes (a JSON writer escapes or replaces it; the limits do not hinge on it).
     */
    static int utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // two chars, four bytes
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
