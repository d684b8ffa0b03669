package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.Json;
import dev.herald.server.error.HeraldError;

import java.util.LinkedHashSet;
import java.util.Set;

/** Reading JSON request bodies with errors that say what and where. */
final class Bodies {
    private Bodies() {
    }

    static JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw HeraldError.MISSING_PARAMETER.exception("request body is empty; expected a JSON object");
        }
        JsonNode node = Json.read(body);
        if (node == null || !node.isObject()) {
            throw HeraldError.INVALID_PARAMETER.exception("request body must be a JSON object");
        }
        return node;
    }

    /** An array of strings, at most {@code max}; {@code null} when the field is absent. */
    static Set<String> strings(JsonNode parent, String field, int max) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " must be an array of strings");
        }
        if (n.size() > max) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " has " + n.size() + " entries; at most " + max);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : n) {
            if (!v.isTextual()) {
                throw HeraldError.INVALID_PARAMETER.exception(field + " must contain only strings");
            }
            out.add(v.asText());
        }
        return out;
    }
}
