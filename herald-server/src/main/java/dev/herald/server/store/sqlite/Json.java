package dev.herald.server.store.sqlite;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.push.Audience;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON the store keeps in text columns and binds as list parameters. The audience is written with JPush's key
 * names and sorted values, spelled out here rather than derived from the record, so the stored form does not change
 * when the record does, and equal audiences are equal strings (which the parse cache relies on).
 */
final class Json {
    private static final ObjectMapper MAPPER = dev.herald.server.Json.MAPPER;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    /** Broadcasts mostly share a few audiences; a device's pending scan would otherwise parse one per message. */
    private static final int AUDIENCE_CACHE_LIMIT = 4096;
    private static final Map<String, Audience> AUDIENCES = new ConcurrentHashMap<>();

    private Json() {
    }

    /** A JSON array of these strings or numbers, the list {@link Conn#IN_LIST} compares with. */
    static String array(Collection<?> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of these ids, {@code [1,2,3]}; written by hand, as it is on the push path. */
    static String array(long[] ids) {
        StringBuilder json = new StringBuilder(ids.length * 8 + 2).append('[');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(ids[i]);
        }
        return json.append(']').toString();
    }

    static List<String> strings(String json) {
        try {
            return MAPPER.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String audience(Audience audience) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            if (audience.all()) {
                g.writeBooleanField("all", true);
            }
            put(g, "registration_id", audience.registrationIds());
            put(g, "alias", audience.aliases());
            put(g, "tag", audience.tags());
            put(g, "tag_and", audience.tagsAnd());
            put(g, "tag_not", audience.tagsNot());
            put(g, "platform", audience.platforms());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toString();
    }

    static Audience audience(String json) {
        Audience cached = AUDIENCES.get(json);
        if (cached != null) {
            return cached;
        }
        Audience parsed = parseAudience(json);
        if (AUDIENCES.size() >= AUDIENCE_CACHE_LIMIT) {
            AUDIENCES.clear(); // crude, but bounded and rare: a scan soon refills it with the audiences in use
        }
        AUDIENCES.put(json, parsed);
        return parsed;
    }

    private static Audience parseAudience(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new Audience(node.path("all").asBoolean(false), set(node, "registration_id"), set(node, "alias"),
                    set(node, "tag"), set(node, "tag_and"), set(node, "tag_not"), set(node, "platform"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(JsonGenerator g, String key, Set<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(key);
        for (String value : values.size() == 1 ? values : new TreeSet<>(values)) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static Set<String> set(JsonNode node, String key) {
        Set<String> values = new TreeSet<>();
        node.path(key).forEach(value -> values.add(value.asText()));
        return values;
    }
}
