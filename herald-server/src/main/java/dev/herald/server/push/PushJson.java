package dev.herald.server.push;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.server.error.HeraldError;

import java.io.IOException;

/**
 * The one {@link ObjectMapper} of the push package (thread-safe once built, and costly to build), and the reading of
 * request bodies with an error that tells the caller where the JSON broke.
 */
final class PushJson {
    /**
     * Strict where a lenient reading would guess: a duplicated key or text after the object is refused rather than
     * silently using one of the two readings.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PushJson() {
    }

    /** Reads a body as a JSON tree; an empty body reads as a missing node. */
    static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own wording for this one names its classes and settings, which mean nothing to the caller
            String what = e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage())
                    .startsWith("Trailing token") ? "more text after the end of the JSON value"
                    : oneLine(e.getOriginalMessage());
            throw HeraldError.INVALID_PARAMETER.exception("malformed JSON" + where(e.getLocation()) + ": " + what);
        } catch (IOException e) {
            // A byte array cannot fail to be read; kept apart from malformed JSON to be honest about it.
            throw HeraldError.INVALID_PARAMETER.exception("unreadable body: " + oneLine(e.getMessage()));
        }
    }

    /** Writes a tree we built ourselves; that cannot fail short of a bug. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    /** Bytes of UTF-8 the node takes as compact JSON: JPush's size limits count these. */
    static int utf8Size(JsonNode node) {
        if (node == null) {
            return 0;
        }
        try {
            return MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's messages may span lines; an API error message should not. */
    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
