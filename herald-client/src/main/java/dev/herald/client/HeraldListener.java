package dev.herald.client;

import java.util.List;

/**
 * Receives what a {@link HeraldClient} sees. Every method has an empty default; implement the ones you need.
 *
 * <p><b>Threading:</b> all methods are called on the client's single dispatcher thread ({@code herald-client-N}),
 * one at a time, in the order the events happened. Do not block in them for long: acknowledgements, heartbeats and
 * reconnects run on the same thread. On Android, post to the main thread yourself if you touch the UI.
 *
 * <p>An exception thrown by a method is caught and reported to {@link #onError}; it does not stop the client.
 */
public interface HeraldListener {

    /** The connection state changed. Called once for every change, never twice in a row with the same state. */
    default void onStateChanged(ConnectionState state) {
    }

    /**
     * A push arrived. Called at most once per message id and {@link Push#kind()} for this device, even across
     * restarts when the {@link Storage} is durable. The message is acknowledged after this method returns (also if
     * it throws, so a message that always fails cannot loop forever).
     */
    default void onPush(Push push) {
    }

    /**
     * A message was posted into a group this device is a member of. Called at most once per message id, like
     * {@link #onPush}, and acknowledged after it returns. A message that mentions this device also arrives as a
     * notification {@link Push}.
     */
    default void onGroupMessage(GroupMessage message) {
    }

    /** The server answered {@link HeraldClient#bind}: the device's alias (may be null) and tags now. */
    default void onBound(String alias, List<String> tags) {
    }

    /**
     * The connection ended. {@code code} is the server's close code, or {@link HeraldException#TRANSPORT} when the
     * connection failed without one; {@code reason} may be empty. Not called for {@link HeraldClient#close()}.
     */
    default void onDisconnected(int code, String reason) {
    }

    /** Something went wrong; see {@link HeraldException#code()}. */
    default void onError(HeraldException error) {
    }
}
