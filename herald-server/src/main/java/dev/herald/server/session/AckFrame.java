package dev.herald.server.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.Json;
import dev.herald.server.group.GroupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path for the most frequent frame, {@code {"op":"ack","ids":["1045","1046","g42"]}}, read straight into
 * arrays of longs, without a tree or a string per id. A burst of broadcasts to ten thousand clients brings tens of
 * thousands of these. The compact form every SDK sends ({@code JSON.stringify}, Jackson) is scanned byte by byte
 * ({@link #scan}); the same shape with whitespace goes through Jackson's streaming parser, which cost the event loops
 * a tenth of their time during fan-out for parser setup alone. Anything else — other fields or order, an id that is
 * not a push id or {@code g} + a group message id, too many ids, invalid JSON — is not handled here ({@link #parse}
 * returns null) and goes through the general path, which reports errors.
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
        AckFrame compact = scan(content, maxIds);
        return compact != null ? compact : stream(content, maxIds);
    }

    /**
     * The ids of an {@code ids} array read by the general path (an {@code ack} frame in any shape, or the {@code ack}
     * of a {@code hello}).
     *
     * @throws IllegalArgumentException naming what is wrong: not an array, more than {@code maxIds}, or an element
     *         that is neither a push id (digits) nor a group message id ({@code g} + digits)
     */
    static AckFrame of(JsonNode ids, int maxIds) {
        if (ids == null || !ids.isArray() || ids.size() > maxIds) {
            throw new IllegalArgumentException("\"ids\" must be an array of at most " + maxIds + " message ids");
        }
        Ids read = new Ids();
        for (JsonNode id : ids) {
            String text = id.isTextual() ? id.textValue() : id.isIntegralNumber() ? id.asText() : null;
            long groupMessageId = GroupMessage.parseClientId(text); // "g42": a group message
            long pushId = groupMessageId >= 0 || text == null ? -1 : digits(text.toCharArray(), 0, text.length());
            if (groupMessageId < 0 && pushId < 0) {
                throw new IllegalArgumentException("not a message id: " + id);
            }
            read.add(groupMessageId >= 0, groupMessageId >= 0 ? groupMessageId : pushId, maxIds);
        }
        return read.frame();
    }

    /** The group message ids, boxed for the store. */
    List<Long> groupIdList() {
        List<Long> list = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            list.add(groupIds[i]);
        }
        return list;
    }

    private static final byte[] COMPACT_PREFIX = "{\"op\":\"ack\",\"ids\":[".getBytes(StandardCharsets.US_ASCII);

    /** The ack in {@code content} if it is written without whitespace, else null (not consumed either way). */
    static AckFrame scan(ByteBuf content, int maxIds) {
        int i = content.readerIndex();
        int end = content.writerIndex();
        if (end - i < COMPACT_PREFIX.length + 2) {
            return null;
        }
        for (byte b : COMPACT_PREFIX) {
            if (content.getByte(i++) != b) {
                return null;
            }
        }
        Ids ids = new Ids();
        if (content.getByte(i) == ']') {
            i++;
        } else {
            while (true) {
                if (i >= end || content.getByte(i++) != '"') {
                    return null;
                }
                boolean isGroup = i < end && content.getByte(i) == 'g';
                if (isGroup) {
                    i++;
                }
                long id = 0;
                int digits = 0;
                byte c;
                while (i < end && (c = content.getByte(i)) >= '0' && c <= '9') {
                    id = id * 10 + (c - '0');
                    digits++;
                    i++;
                }
                if (digits < 1 || digits > MAX_DIGITS || i >= end || content.getByte(i++) != '"'
                        || !ids.add(isGroup, id, maxIds) || i >= end) {
                    return null;
                }
                byte next = content.getByte(i++);
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    return null;
                }
            }
        }
        return end - i == 1 && content.getByte(i) == '}' ? ids.frame() : null;
    }

    /** The ack in {@code content} read with Jackson's streaming parser (any whitespace), or null. */
    private static AckFrame stream(ByteBuf content, int maxIds) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(
                (java.io.InputStream) new ByteBufInputStream(content.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || !"op".equals(p.nextFieldName()) || p.nextToken() != JsonToken.VALUE_STRING
                    || !"ack".equals(p.getText())
                    || !"ids".equals(p.nextFieldName()) || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            Ids ids = new Ids();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                char[] chars = p.getTextCharacters();
                int offset = p.getTextOffset();
                int length = p.getTextLength();
                boolean isGroup = length > 1 && chars[offset] == 'g';
                long id = digits(chars, isGroup ? offset + 1 : offset, isGroup ? length - 1 : length);
                if (id < 0 || !ids.add(isGroup, id, maxIds)) {
                    return null;
                }
            }
            if (t != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return ids.frame();
        } catch (IOException e) { // invalid JSON: the general path says what is wrong
            return null;
        }
    }

    /** The ids of a frame as they are read. */
    private static final class Ids {
        long[] push = new long[16];
        int pushCount;
        long[] group;
        int groupCount;

        /** Adds an id; false if that would make more than {@code maxIds}. */
        boolean add(boolean isGroup, long id, int maxIds) {
            if (pushCount + groupCount == maxIds) {
                return false;
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
            return true;
        }

        AckFrame frame() {
            return new AckFrame(push, pushCount, group == null ? new long[0] : group, groupCount);
        }
    }

    /** Ids have 1 to 18 digits, so they fit a long without a check for overflow. */
    private static final int MAX_DIGITS = 18;

    /** The non-negative number the characters spell (1 to 18 digits), or -1. */
    private static long digits(char[] chars, int offset, int length) {
        if (length < 1 || length > MAX_DIGITS) {
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
