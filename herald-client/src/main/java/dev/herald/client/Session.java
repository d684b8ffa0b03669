package dev.herald.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.WebSocket;

/**
 * The engine behind {@link HeraldClient}: one connection at a time, its timers, and the reconnect policy of
 * {@link HeraldClient}'s javadoc. Fields that are not volatile are touched on the {@link Loop} thread only; OkHttp's
 * callbacks ({@link SocketEvents}) are posted there, tagged with the generation of their socket so that late events
 * from an abandoned socket are ignored.
 */
final class Session {
    private static final long DEFAULT_HEARTBEAT_SECONDS = 25;
    private static final long CLOSE_WAIT_MILLIS = 1_000;

    private final String appKey;
    private final String platform;
    private final Device device;
    private final SafeListener listener;
    private final Backoff backoff;
    private final long welcomeTimeoutMillis;
    private final Transport transport;
    private final Loop loop;
    private final Delivery delivery;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile ConnectionState state = ConnectionState.IDLE;
    private volatile String alias;
    private volatile List<String> tags = Collections.emptyList();
    private volatile WebSocket connected; // the socket while CONNECTED, else null

    private int generation;
    private WebSocket socket;
    private List<String> helloAcks = Collections.emptyList(); // the acks the last hello carried, until its welcome
    private long heartbeatMillis;
    private long lastReceivedNanos;
    private ScheduledFuture<?> welcomeTimer;
    private ScheduledFuture<?> heartbeatTimer;
    private ScheduledFuture<?> reconnectTimer;

    Session(HeraldClient.Builder b) {
        appKey = b.appKey;
        platform = b.platform;
        listener = new SafeListener(b.listener);
        device = new Device(b.storage, listener);
        backoff = b.backoff;
        welcomeTimeoutMillis = b.welcomeTimeoutMillis;
        loop = new Loop(listener);
        transport = new Transport(b.url, b.okHttpClient);
        delivery = new Delivery(b.storage, b.dedupeCapacity, b.ackBatch, b.ackDelayMillis, b.broadcastAckDelayMillis,
                b.random, loop.executor(), listener, this::send);
    }

    void start() {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("connect() was already called");
        }
        loop.execute(this::open);
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (loop.inLoop()) {
            loop.execute(this::shutdown); // after the current callback, e.g. once onPush returns and its ack is queued
        } else {
            loop.runAndWait(this::shutdown, CLOSE_WAIT_MILLIS);
        }
    }

    ConnectionState state() {
        return state;
    }

    String registrationId() {
        return device.registrationId();
    }

    String alias() {
        return alias;
    }

    List<String> tags() {
        return tags;
    }

    /** Sends a frame on the welcomed connection; any thread. */
    boolean send(String frame) {
        WebSocket ws = connected;
        return ws != null && ws.send(frame);
    }

    @Override
    public String toString() {
        return transport + ", " + state + ", registrationId=" + device.registrationId();
    }

    // ---- the rest runs on the loop thread ----

    private void open() {
        reconnectTimer = null;
        if (closed.get()) {
            return;
        }
        int gen = ++generation;
        setState(ConnectionState.CONNECTING);
        socket = transport.open(new SocketEvents(loop, gen, this));
        welcomeTimer = loop.schedule(() -> timedOut(gen, "no welcome within " + welcomeTimeoutMillis + " ms"),
                welcomeTimeoutMillis);
    }

    void opened(int gen) {
        if (gen != generation) {
            return;
        }
        lastReceivedNanos = System.nanoTime();
        helloAcks = delivery.acksForHello(AckBatcher.MAX_IDS);
        socket.send(device.hello(appKey, platform, helloAcks));
    }

    void received(int gen, String text) {
        if (gen != generation) {
            return;
        }
        lastReceivedNanos = System.nanoTime();
        Map<String, Object> frame;
        try {
            frame = Frames.parse(text);
        } catch (IOException e) {
            listener.onError(new HeraldException(HeraldException.CLIENT, "unreadable frame from server", e));
            return;
        }
        String op = Frames.string(frame, "op");
        if ("welcome".equals(op)) {
            welcomed(frame);
        } else if ("push".equals(op)) {
            delivery.receive(frame);
        } else if ("group".equals(op)) {
            delivery.receiveGroup(frame);
        } else if ("bound".equals(op)) {
            alias = Frames.string(frame, "alias");
            tags = Frames.strings(frame, "tags");
            listener.onBound(alias, tags);
        } else if ("error".equals(op)) {
            int code = (int) Frames.number(frame, "code", HeraldException.CLIENT);
            listener.onError(new HeraldException(code, String.valueOf(frame.get("message"))));
        } // pong, and ops a newer server may add: nothing to do
    }

    private void welcomed(Map<String, Object> frame) {
        if (state == ConnectionState.CONNECTED) {
            return;
        }
        Loop.cancel(welcomeTimer);
        device.welcomed(Frames.string(frame, "registrationId"), Frames.string(frame, "deviceSecret"));
        if (device.resumed()) {
            delivery.acknowledgedInHello(helloAcks); // recorded by the server before it sent anything
        } else {
            delivery.dropAcks(); // anything still pending was the forgotten device's, not this new one's
        }
        helloAcks = Collections.emptyList();
        heartbeatMillis = Math.max(1, Frames.number(frame, "heartbeat", DEFAULT_HEARTBEAT_SECONDS)) * 1000;
        alias = Frames.string(frame, "alias");
        tags = Frames.strings(frame, "tags");
        backoff.reset();
        connected = socket;
        setState(ConnectionState.CONNECTED);
        int gen = generation;
        heartbeatTimer = loop.every(() -> heartbeat(gen), heartbeatMillis);
        delivery.flush(); // ids left over from a lost connection that did not fit into the hello
    }

    private void heartbeat(int gen) {
        if (gen != generation) {
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceivedNanos);
        if (silentMillis >= 2 * heartbeatMillis) {
            timedOut(gen, "nothing from the server for " + silentMillis + " ms");
        } else {
            socket.send(Frames.ping());
        }
    }

    private void timedOut(int gen, String why) {
        if (gen == generation) {
            socket.cancel();
            lost(gen, HeraldException.TRANSPORT, why, new SocketTimeoutException(why));
        }
    }

    void lost(int gen, int code, String reason, Throwable cause) {
        if (gen != generation || closed.get()) {
            return;
        }
        generation++;
        Loop.cancel(welcomeTimer);
        Loop.cancel(heartbeatTimer);
        connected = null;
        socket = null;
        String why = reason == null ? "" : reason;
        listener.onDisconnected(code, why);
        if (closed.get()) {
            return; // the listener closed the client
        }
        ClosePolicy policy = ClosePolicy.forCode(code);
        if (policy == ClosePolicy.REGISTER_AGAIN && device.resumed()) {
            device.forget();
            open();
        } else if (policy == ClosePolicy.RECONNECT) {
            if (cause != null) {
                listener.onError(new HeraldException(HeraldException.TRANSPORT, why, cause));
            }
            if (!closed.get()) {
                setState(ConnectionState.RECONNECTING);
                reconnectTimer = loop.schedule(this::open, backoff.nextDelayMillis());
            }
        } else { // STOP, or 4102 for a device that was new already: the server would refuse again
            listener.onError(new HeraldException(code, why));
            if (closed.compareAndSet(false, true)) {
                shutdown();
            }
        }
    }

    /** Runs on the loop once {@code closed} is set: flush, say goodbye, stop threads. */
    private void shutdown() {
        generation++;
        Loop.cancel(welcomeTimer);
        Loop.cancel(heartbeatTimer);
        Loop.cancel(reconnectTimer);
        delivery.flush();
        delivery.save();
        WebSocket ws = socket;
        socket = null;
        connected = null;
        if (ws != null && state == ConnectionState.CONNECTED) {
            ws.close(1000, "client closed");
        } else if (ws != null) {
            ws.cancel();
        }
        setState(ConnectionState.CLOSED);
        loop.shutdown();
        transport.shutdown();
    }

    private void setState(ConnectionState next) {
        if (state != next && state != ConnectionState.CLOSED) { // CLOSED is final
            state = next;
            listener.onStateChanged(next);
        }
    }
}
