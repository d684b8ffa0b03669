package dev.herald.server.session;

/**
 * The WebSocket close codes and error-frame codes Herald uses (docs/protocol.md). 4000–4099: reconnect with
 * backoff; 4100–4199: do not reconnect with the same credentials; 44xx: non-fatal error frames.
 */
public enum CloseCode {
    GOING_AWAY(1001, "server shutting down"),
    HELLO_TIMEOUT(4000, "no hello within the hello timeout"),
    IDLE(4001, "idle: nothing received for 3 heartbeat intervals"),
    TOO_SLOW(4002, "too slow: pending output passed the high-water mark"),
    OVERLOADED(4003, "server overloaded"),
    BAD_HELLO(4100, "bad hello"),
    UNKNOWN_APP(4101, "unknown appKey"),
    DEVICE_AUTH_FAILED(4102, "wrong deviceSecret or unknown registrationId"),
    APP_DISABLED(4103, "app disabled"),
    ORIGIN_NOT_ALLOWED(4104, "Origin not allowed"),
    BAD_FRAME(4400, "frame is not a JSON object with a string op"),
    UNKNOWN_OP(4401, "unknown op"),
    HELLO_FIRST(4402, "hello must be the first frame"),
    BIND_REFUSED(4403, "bind refused"),
    BIND_INVALID(4404, "bind invalid"),
    BAD_ACK(4405, "bad ack");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
