package dev.herald.client;

/** What the client does when a connection ends with a given close code; see {@link HeraldClient} for the table. */
enum ClosePolicy {
    /** Connect again after a backoff delay. */
    RECONNECT,
    /** Forget the stored registration id and secret and connect again at once as a new device. */
    REGISTER_AGAIN,
    /** Stop: the same credentials would be refused again. */
    STOP;

    /** Wrong device secret or unknown registration id. */
    static final int UNKNOWN_DEVICE = 4102;

    static ClosePolicy forCode(int code) {
        if (code == UNKNOWN_DEVICE) {
            return REGISTER_AGAIN;
        }
        if (code >= 4100 && code <= 4199) {
            return STOP;
        }
        // 1000, 1001, 1002, 1009, 4000-4099, transport failures and anything unknown: the server may be back later.
        return RECONNECT;
    }
}
