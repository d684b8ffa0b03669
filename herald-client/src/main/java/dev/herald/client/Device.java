package dev.herald.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device's identity (registration id and secret) as kept in the {@link Storage}: what goes into {@code hello},
 * what a {@code welcome} changes, and forgetting it after close code 4102. Writes on the client's loop thread;
 * {@link #registrationId()} may be read from any thread.
 */
final class Device {
    private final Storage storage;
    private final SafeListener listener;
    private volatile String registrationId;
    private boolean resumed;

    Device(Storage storage, SafeListener listener) {
        this.storage = storage;
        this.listener = listener;
        this.registrationId = storage.get(Storage.REGISTRATION_ID);
    }

    String registrationId() {
        return registrationId;
    }

    /** True if the last {@link #hello} resumed a stored device rather than asking to register a new one. */
    boolean resumed() {
        return resumed;
    }

    /**
     * The {@code hello} frame: with the stored id and secret if both are there, and then the acks the last connection
     * did not send ({@code acks} are left out for a new device: nothing it could acknowledge is its own).
     */
    String hello(String appKey, String platform, List<String> acks) {
        String rid = storage.get(Storage.REGISTRATION_ID);
        String secret = storage.get(Storage.DEVICE_SECRET);
        resumed = rid != null && secret != null;
        return Frames.hello(appKey, platform, rid, secret, resumed ? acks : Collections.emptyList());
    }

    /** Keeps the id from {@code welcome}, and the secret if the server sent one (only when it registered the device). */
    void welcomed(String rid, String secret) {
        if (rid == null) {
            return;
        }
        registrationId = rid;
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(Storage.REGISTRATION_ID, rid);
        if (secret != null) {
            entries.put(Storage.DEVICE_SECRET, secret);
        }
        store(entries);
    }

    /** Forgets the id and secret, so the next {@code hello} registers a new device. */
    void forget() {
        registrationId = null;
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(Storage.REGISTRATION_ID, null);
        entries.put(Storage.DEVICE_SECRET, null);
        store(entries);
    }

    private void store(Map<String, String> entries) {
        try {
            storage.putAll(entries);
        } catch (RuntimeException e) {
            listener.failed("storage", e);
        }
    }
}
