package dev.herald.server.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.server.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path for the most frequent frame, {@code {"op":"ack","ids":["1045","1046","g42"]}}: read with Jackson's
 * streaming parser straight into arrays of longs, without a tree or a string per id. A burst of broadcasts to ten
 * thousand clients brings tens of thousands of these. Anything else — other fields or order, an id that is not a
 * push id or {@code g} + a group message id, too many ids, invalid JSON — is not handled here ({@link #parse} returns
 * null) and goes through the general path, which reports errors.
 */
final class AckFrame {
    /** Push ids, then {@link #pushCount}; group message ids (without the {@code g}), then {@link #groupCount}. */
    final long[] pushIds;
    final int pushCount;
    final long[] groupIds;
    final int groupCount;

    private AckFrame(long[] pushIds, int pushCount, long[] groupIds, int groupCount) {
        this.pushIds = pushIds;
        this.pushCount = pushCount;
        this.groupIds = groupIds;
        this.groupCount = groupCount;
    }

    /** The ack in {@code content} (not consumed), or null if it is not an ack of this exact, valid shape. */
    static AckFrame parse(ByteBuf content, int maxIds) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(
                (java.io.InputStream) new ByteBufInputStream(content.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || !"op".equals(p.nextFieldName()) || p.nextToken() != JsonToken.VALUE_STRING
                    || !"ack".equals(p.getText())
                    || !"ids".equals(p.nextFieldName()) || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            long[] push = new long[16];
            int pushCount = 0;
            long[] group = null;
            int groupCount = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                if (pushCount + groupCount == maxIds) {
                    return null;
                }
                char[] chars = p.getTextCharacters();
                int offset = p.getTextOffset();
                int length = p.getTextLength();
                boolean isGroup = length > 1 && chars[offset] == 'g';
                long id = digits(chars, isGroup ? offset + 1 : offset, isGroup ? length - 1 : length);
                if (id < 0) {
                    return null;
                }
                if (isGroup) {
                    if (group == null) {
                        group = new long[4];
                    } else if (groupCount == group.length) {
                        group = Arrays.copyOf(group, groupCount * 2);
                    }
                    group[groupCount++] = id;
                } else {
                    if (pushCount == push.length) {
                        push = Arrays.copyOf(push, pushCount * 2);
                    }
                    push[pushCount++] = id;
                }
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return new AckFrame(push, pushCount, group == null ? new long[0] : group, groupCount);
        } catch (IOException e) { // invalid JSON: the general path says what is wrong
            return null;
        }
    }

    /** The non-negative number the characters spell (1 to 18 digits), or -1. */
    private static long digits(char[] chars, int offset, int length) {
        if (length < 1 || length > 18) {
            return -1;
        }
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
