package dev.herald.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reading decoded JSON frames into the SDK's immutable values ({@link Push}, {@link GroupMessage}). */
final class FrozenJson {
    private FrozenJson() {
    }

    /** Deep, unmodifiable copy of a JSON value. */
    static Object freeze(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(Objects.toString(e.getKey()), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object o : (List<?>) value) {
                copy.add(freeze(o));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** A frozen map value, or an empty map if the value is not a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object frozen) {
        return frozen instanceof Map ? (Map<String, Object>) frozen : Collections.<String, Object>emptyMap();
    }

    /** The value under {@code key} as text, or null. */
    static String text(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }

    /** The frame's {@code ts} in milliseconds, 0 if it has none. */
    static long ts(Map<String, Object> frame) {
        Object t = frame.get("ts");
        return t instanceof Number ? ((Number) t).longValue() : 0L;
    }
}
