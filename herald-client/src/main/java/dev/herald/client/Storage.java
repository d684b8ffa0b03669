package dev.herald.client;

import java.util.Map;

/**
 * Where a {@link HeraldClient} keeps what must survive a restart: the registration id, the device secret and the ids
 * of the last messages it delivered (so a message is not shown twice after the app restarts). Back it with whatever
 * the platform offers: {@link FileStorage} on a JVM, {@code SharedPreferences} on Android, {@link MemoryStorage} when
 * nothing needs to survive.
 *
 * <p><b>Contract.</b> Keys and values are non-null strings; the client uses only keys starting with {@code herald.}
 * (the constants below), so one store may also hold the app's own entries. {@link #get} returns what the last
 * {@link #put} stored, or null. Writes should be durable when they return (or at least soon after: a lost write only
 * costs a re-registration or a duplicate delivery). A client calls its storage from one thread at a time (the thread
 * that builds it, then its dispatcher thread), but an instance shared between clients or with the app must be
 * thread-safe. Methods may throw unchecked exceptions: from {@code build()} they propagate, later the client reports
 * them to {@link HeraldListener#onError} and carries on.
 */
public interface Storage {
    /** The device's registration id, from the server's {@code welcome}. */
    String REGISTRATION_ID = "herald.registrationId";
    /** The device secret, sent by the server once when the device registers. */
    String DEVICE_SECRET = "herald.deviceSecret";
    /** The ids and kinds of the last messages delivered to the listener (JSON), for de-duplication. */
    String DELIVERED = "herald.delivered";

    /** The value stored under {@code key}, or null. */
    String get(String key);

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    void put(String key, String value);

    /** Removes {@code key}; does nothing if it is absent. */
    void remove(String key);

    /**
     * Applies several changes, a null value meaning {@link #remove}. Implementations that write a file override this to
     * write once.
     */
    default void putAll(Map<String, String> entries) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getValue() == null) {
                remove(e.getKey());
            } else {
                put(e.getKey(), e.getValue());
            }
        }
    }
}
