package dev.herald.client;

/**
 * A problem reported to {@link HeraldListener#onError}. The client never throws it; it hands it to the listener and
 * carries on (reconnecting if the policy allows).
 *
 * <p>{@link #code()} tells what happened:
 * <ul>
 *   <li>4100–4199: the server closed the connection with a code that forbids reconnecting (see {@link HeraldClient}).
 *       The client is {@link ConnectionState#CLOSED}.</li>
 *   <li>4400–4499: an {@code error} frame from the server (e.g. 4403 {@code bind} refused); the connection stays up.</li>
 *   <li>{@value #TRANSPORT}: the connection failed without a close frame (refused, reset, timed out, no
 *       {@code welcome}, no frame for two heartbeats); {@link #getCause()} says why. The client reconnects.</li>
 *   <li>{@value #CLIENT}: a problem on this side: a listener threw, the storage failed, a frame could not be read.</li>
 * </ul>
 */
public final class HeraldException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Code for a connection that failed without a close frame (RFC 6455 "abnormal closure"). */
    public static final int TRANSPORT = 1006;
    /** Code for a failure on the client side. */
    public static final int CLIENT = 0;

    private final int code;

    /** Creates an exception with a code and a message. */
    public HeraldException(int code, String message) {
        this(code, message, null);
    }

    /** Creates an exception with a code, a message and a cause. */
    public HeraldException(int code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The close code, error-frame code, {@link #TRANSPORT} or {@link #CLIENT}. */
    public int code() {
        return code;
    }
}
