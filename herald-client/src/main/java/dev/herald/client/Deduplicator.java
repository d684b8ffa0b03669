package dev.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers which (message id, kind) pairs were delivered to the listener, for the last {@code capacity} message ids,
 * and keeps that memory in a {@link Storage} under {@link Storage#DELIVERED} so it survives a restart. The stored form
 * is a JSON object from id to kinds, oldest first: {@code {"1045":["notification","message"]}}. Unreadable stored
 * data is ignored. Not thread-safe: the client uses it from its dispatcher thread only.
 */
final class Deduplicator {
    private final Storage storage;
    private final int capacity;
    private final Map<String, Set<String>> delivered;
    private boolean dirty;

    Deduplicator(Storage storage, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.storage = storage;
        this.capacity = capacity;
        this.delivered = new LinkedHashMap<String, Set<String>>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > Deduplicator.this.capacity;
            }
        };
        load(storage.get(Storage.DELIVERED));
    }

    boolean isDelivered(String id, String kind) {
        Set<String> kinds = delivered.get(id);
        return kinds != null && kinds.contains(kind);
    }

    /** Records a delivery; the id becomes the newest entry. */
    void markDelivered(String id, String kind) {
        Set<String> kinds = delivered.remove(id);
        if (kinds == null) {
            kinds = new LinkedHashSet<>(2);
        }
        kinds.add(kind);
        delivered.put(id, kinds);
        dirty = true;
    }

    /** Writes the memory to the storage if it changed since the last save. */
    void save() {
        if (!dirty) {
            return;
        }
        ObjectNode root = Frames.JSON.createObjectNode();
        for (Map.Entry<String, Set<String>> e : delivered.entrySet()) {
            ArrayNode kinds = root.putArray(e.getKey());
            for (String k : e.getValue()) {
                kinds.add(k);
            }
        }
        storage.put(Storage.DELIVERED, root.toString());
        dirty = false;
    }

    int size() {
        return delivered.size();
    }

    private void load(String json) {
        if (json == null) {
            return;
        }
        try {
            JsonNode root = Frames.JSON.readTree(json);
            if (root == null || !root.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                Set<String> kinds = new LinkedHashSet<>(2);
                for (JsonNode k : e.getValue()) {
                    kinds.add(k.asText());
                }
                delivered.put(e.getKey(), kinds);
            }
        } catch (IOException | RuntimeException e) {
            delivered.clear(); // corrupt: start afresh rather than refuse to start
        }
    }
}
