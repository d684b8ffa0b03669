package dev.herald.client;

import java.util.Collection;
import java.util.List;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A device's connection to a Herald server over WebSocket ({@code herald.v1}, see {@code docs/protocol.md}).
 *
 * <pre>{@code
 * HeraldClient client = HeraldClient.builder()
 *     .url("wss://push.example.com/ws")
 *     .appKey("3f1c...")
 *     .storage(new FileStorage(new File(dir, "herald.properties")))
 *     .listener(new HeraldListener() {
 *         public void onPush(Push push) { show(push); }
 *     })
 *     .build();
 * client.connect();   // returns at once; the client connects, says hello and stays connected
 * ...
 * client.close();
 * }</pre>
 *
 * <p><b>Registration.</b> The first {@code hello} carries no registration id; the server registers a new device and
 * its {@code welcome} brings a registration id and a device secret, which the client keeps in its {@link Storage} and
 * sends on every later {@code hello} to resume the same device.
 *
 * <p><b>Delivery.</b> Each push is handed to {@link HeraldListener#onPush} once per message id and kind, then
 * acknowledged. Acks are batched: sent when {@code ackBatch} ids are pending, {@code ackDelay} after the first (a
 * broadcast's within {@code broadcastAckDelayMillis}), in the next {@code hello} (for ids left over from a lost
 * connection) and on {@link #close()}. A push whose id and kind were
 * already delivered (in this process, or before a restart when the storage is durable) is acknowledged again but not
 * delivered again. The server resends unacknowledged messages on each connection, so delivery is at least once; the
 * de-duplication memory holds the last {@code dedupeCapacity} ids.
 *
 * <p><b>Reconnecting.</b> When a connection ends the close code decides:
 * <table>
 *   <caption>Close codes</caption>
 *   <tr><th>code</th><th>client</th></tr>
 *   <tr><td>1000, 1001, 1002, 1009, 4000–4099, no close frame (failure, timeout), any other</td>
 *       <td>{@link ConnectionState#RECONNECTING}, then connects again after a {@link Backoff} delay</td></tr>
 *   <tr><td>4102 (unknown device or wrong secret)</td>
 *       <td>forgets the stored registration id and secret and connects again at once as a new device
 *       (a 4102 answering a {@code hello} that carried no credentials stops the client like 4101)</td></tr>
 *   <tr><td>4100, 4101, 4103, 4104 and the rest of 4100–4199</td>
 *       <td>does not reconnect: {@link ConnectionState#CLOSED} and {@link HeraldListener#onError} with the code</td></tr>
 * </table>
 * {@link HeraldListener#onDisconnected} hears of every lost connection first. The backoff restarts from its base after
 * every {@code welcome}. A connection counts as dead, and is dropped and
 * reconnected, if no {@code welcome} arrives within {@code welcomeTimeout} of connecting, or if nothing arrives for two
 * heartbeat intervals once connected (the client sends {@code {"op":"ping"}} every interval, using the
 * {@code heartbeat} from {@code welcome}; OkHttp itself answers the server's WebSocket pings).
 *
 * <p><b>Threading.</b> All listener callbacks, timers and state changes run on one daemon thread owned by the client
 * ({@code herald-client-N}), in order. The public methods may be called from any thread. {@link #close()} stops that
 * thread and, unless an {@link OkHttpClient} was supplied, OkHttp's threads too; no thread of the client keeps a JVM
 * alive.
 */
public final class HeraldClient implements AutoCloseable {
    /** Subprotocol offered in the handshake. */
    public static final String SUBPROTOCOL = "herald.v1";

    private final Session session;

    private HeraldClient(Builder b) {
        this.session = new Session(b);
    }

    /** A builder; {@link Builder#url} and {@link Builder#appKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts connecting and returns at once. The client then stays connected, reconnecting as needed, until
     * {@link #close()} or a terminal close code.
     *
     * @throws IllegalStateException if called more than once, or after {@link #close()}
     */
    public void connect() {
        session.start();
    }

    /**
     * Sends pending acks, closes the connection (code 1000) and stops the client's threads. Waits up to a second for
     * that to finish, so the listener has seen {@link ConnectionState#CLOSED} when this returns. Called from a listener
     * callback it returns at once and the client closes right after the callback returns (a push being delivered is
     * still acknowledged). Idempotent. A closed client cannot connect again.
     */
    @Override
    public void close() {
        session.close();
    }

    /** The current state. */
    public ConnectionState state() {
        return session.state();
    }

    /** The device's registration id: the stored one until the server welcomes the client, then the server's; null for a device not registered yet. */
    public String registrationId() {
        return session.registrationId();
    }

    /** The device's alias as the server last reported it (in {@code welcome} or {@code bound}); null if none. */
    public String alias() {
        return session.alias();
    }

    /** The device's tags as the server last reported them; empty if none. Unmodifiable. */
    public List<String> tags() {
        return session.tags();
    }

    /**
     * Asks the server to set the device's alias and/or tags. The answer arrives as {@link HeraldListener#onBound} or,
     * if refused, {@link HeraldListener#onError} (4403 not allowed, 4404 invalid).
     *
     * @param alias the new alias, {@code ""} to clear it, null to leave it unchanged
     * @param tags the new tags (replacing the old ones), null to leave them unchanged
     * @param token a JWT signed by the app server when the app does not allow client binding, else null
     * @return true if the frame was queued; false if the client is not {@link ConnectionState#CONNECTED}
     */
    public boolean bind(String alias, Collection<String> tags, String token) {
        return session.send(Frames.bind(alias, tags, token));
    }

    @Override
    public String toString() {
        return "HeraldClient[" + session + "]";
    }

    /** Configures a {@link HeraldClient}. Not thread-safe; build once. */
    public static final class Builder {
        String url;
        String appKey;
        String platform = "java";
        Storage storage;
        HeraldListener listener;
        Backoff backoff;
        int ackBatch = 100;
        long ackDelayMillis = 100;
        long broadcastAckDelayMillis = 10_000;
        Random random = new Random();
        int dedupeCapacity = 1000;
        long welcomeTimeoutMillis = 10_000;
        OkHttpClient okHttpClient;

        private Builder() {
        }

        /** The server's WebSocket URL, e.g. {@code ws://127.0.0.1:8080/ws}. Required. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The app's key. Required. */
        public Builder appKey(String appKey) {
            this.appKey = appKey;
            return this;
        }

        /** The platform sent in {@code hello}: {@code "java"} (default), {@code "android"}, ... */
        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        /** Where the registration and de-duplication state is kept. Default: a new {@link MemoryStorage}. */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /** Who hears about pushes, state changes and errors. Default: nobody. */
        public Builder listener(HeraldListener listener) {
            this.listener = listener;
            return this;
        }

        /** Reconnect delays. Default: {@link Backoff#defaults()}. Give each client its own instance. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Ack batching: send when {@code maxIds} (1–1000, default 100) are pending or {@code delayMillis} (default 100) after the first. */
        public Builder ackBatch(int maxIds, long delayMillis) {
            this.ackBatch = maxIds;
            this.ackDelayMillis = delayMillis;
            return this;
        }

        /**
         * How long the ack of a broadcast (a push to everyone or to tags) may wait: it is sent between half this delay
         * and all of it after the first one pending (default 10 s), or earlier with any other ack. The server keeps one
         * cursor per device for broadcasts, so a late ack costs nothing but a later received count in reports; acks
         * spread over seconds keep ten thousand devices from answering one broadcast within the same 100 ms. Acks a
         * lost connection did not send go into the next {@code hello}, so nothing is sent twice because of the wait.
         * 0 acknowledges broadcasts like every other push.
         */
        public Builder broadcastAckDelayMillis(long millis) {
            this.broadcastAckDelayMillis = millis;
            return this;
        }

        /** How many message ids the de-duplication remembers (default 1000). */
        public Builder dedupeCapacity(int ids) {
            this.dedupeCapacity = ids;
            return this;
        }

        /** How long to wait for {@code welcome} after starting to connect before giving up on that attempt (default 10 s). */
        public Builder welcomeTimeoutMillis(long millis) {
            this.welcomeTimeoutMillis = millis;
            return this;
        }

        /**
         * The OkHttp client to connect with (for TLS settings, proxies, interceptors, shared pools). The client does not
         * shut it down on {@link HeraldClient#close()}. Default: a private one, shut down on close.
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = client;
            return this;
        }

        /**
         * Builds the client, not yet connected.
         *
         * @throws IllegalArgumentException if a setting is missing or invalid; the message names it
         */
        public HeraldClient build() {
            require(url != null, "url is required");
            try {
                new Request.Builder().url(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url is not a ws://, wss://, http:// or https:// URL: " + url, e);
            }
            require(appKey != null && !appKey.isEmpty(), "appKey is required");
            require(platform != null && !platform.isEmpty(), "platform must not be empty");
            require(ackBatch >= 1 && ackBatch <= 1000, "ackBatch maxIds must be 1..1000, got " + ackBatch);
            require(ackDelayMillis >= 0, "ackBatch delayMillis must be >= 0, got " + ackDelayMillis);
            require(broadcastAckDelayMillis >= 0,
                    "broadcastAckDelayMillis must be >= 0, got " + broadcastAckDelayMillis);
            require(dedupeCapacity >= 1, "dedupeCapacity must be >= 1, got " + dedupeCapacity);
            require(welcomeTimeoutMillis > 0, "welcomeTimeoutMillis must be > 0, got " + welcomeTimeoutMillis);
            if (storage == null) {
                storage = new MemoryStorage();
            }
            if (listener == null) {
                listener = new HeraldListener() { };
            }
            if (backoff == null) {
                backoff = Backoff.defaults();
            }
            return new HeraldClient(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
