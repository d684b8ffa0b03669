package dev.herald.client;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link Storage} in memory: forgotten when the process ends. Thread-safe. The default storage. */
public final class MemoryStorage implements Storage {
    private final Map<String, String> map = new ConcurrentHashMap<>();

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public void put(String key, String value) {
        map.put(key, value);
    }

    @Override
    public void remove(String key) {
        map.remove(key);
    }

    /** A copy of everything stored. */
    public Map<String, String> snapshot() {
        return Collections.unmodifiableMap(new HashMap<>(map));
    }

    @Override
    public String toString() {
        return "MemoryStorage" + map.keySet();
    }
}
