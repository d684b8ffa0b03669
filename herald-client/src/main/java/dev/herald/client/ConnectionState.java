package dev.herald.client;

/**
 * The state of a {@link HeraldClient}'s connection, reported to {@link HeraldListener#onStateChanged}.
 *
 * <pre>
 * IDLE --connect()--&gt; CONNECTING --welcome--&gt; CONNECTED
 *                        ^    |                   |
 *                        |    +-- lost ------+----+
 *                        |                   v
 *                        +---- backoff -- RECONNECTING
 * any state --close() or a terminal close code--&gt; CLOSED
 * </pre>
 */
public enum ConnectionState {
    /** Built, {@link HeraldClient#connect()} not called yet. */
    IDLE,
    /** Opening the WebSocket or waiting for the server's {@code welcome}. */
    CONNECTING,
    /** {@code welcome} received: pushes flow, acks and {@code bind} are sent. */
    CONNECTED,
    /** The connection was lost; waiting out the backoff delay before connecting again. */
    RECONNECTING,
    /** Closed by {@link HeraldClient#close()} or by a close code that forbids reconnecting. Final. */
    CLOSED
}
