package dev.herald.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.error.HeraldError;

import java.io.IOException;

/**
 * The server's one Jackson mapper (thread-safe once built, and costly to build), and the reading of request bodies
 * with an error that tells the caller where the JSON broke.
 */
public final class Json {
    /**
     * Strict where a lenient reading would guess: a duplicated key or text after the value is refused rather than
     * silently using one of the two readings. Written as UTF-8, a character outside the BMP (an emoji) is its four
     * bytes, not its two surrogates written as escapes (Jackson's default: 12 bytes).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Reads a request body as a JSON tree; an empty body reads as a missing node.
     *
     * @throws dev.herald.server.error.HeraldException INVALID_PARAMETER saying where the JSON broke
     */
    public static JsonNode read(byte[] body) {
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

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass(), e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass(), e);
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
