package dev.herald.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.device.BindException;
import dev.herald.server.device.Device;
import dev.herald.server.device.Devices;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code herald.v1} protocol on one WebSocket connection (docs/protocol.md): hello, acks, pings, binds, heartbeat
 * and idle handling. Store work runs on the worker pool; the results come back to this channel's event loop, where
 * all of this handler's state lives.
 */
public final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
    static final int MAX_ACK_IDS = 1000;
    static final int MAX_BIND_TAGS = 100;

    private enum State { AWAITING_HELLO, AUTHENTICATING, OPEN }

    /** Catch-up sends stored pushes first, then the device's groups' messages. */

    private final SessionServices services;
    private final String origin;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_HELLO;
    private ScheduledFuture<?> helloTimeout;
    private Session session;
    private CatchUp catchUp;

    public SessionHandler(SessionServices services, String origin) {
        super(true);
        this.services = services;
        this.origin = origin;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        helloTimeout = ctx.executor().schedule(() -> {
            if (state != State.OPEN) {
                closeWith(CloseCode.HELLO_TIMEOUT);
            }
        }, services.config().helloTimeoutSeconds(), TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session != null) {
            session.touched(System.nanoTime());
        }
        if (frame instanceof TextWebSocketFrame text) {
            onText(text.content());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof BinaryWebSocketFrame) {
            sendError(CloseCode.BAD_FRAME, "binary frames are not part of herald.v1; send JSON text frames");
        }
        // Pongs need no answer: receiving anything counts as a sign of life (see Heartbeat).
    }

    private void onText(ByteBuf content) {
        if (state == State.OPEN) {
            AckFrame ack = AckFrame.parse(content, MAX_ACK_IDS);
            if (ack != null) {
                onAck(ack);
                return;
            }
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(content));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            sendError(CloseCode.BAD_FRAME, "frame is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            sendError(CloseCode.BAD_FRAME, "frame is not readable: " + e.getMessage());
            return;
        }
        if (node == null || !node.isObject() || !node.path("op").isTextual()) {
            sendError(CloseCode.BAD_FRAME, "a frame must be a JSON object with a string \"op\"");
            return;
        }
        String op = node.get("op").asText();
        if (state != State.OPEN) {
            if (state == State.AWAITING_HELLO && op.equals("hello")) {
                onHello(node);
            } else {
                sendError(CloseCode.HELLO_FIRST, "send hello first and wait for welcome; got \"" + op + "\"");
                closeWith(CloseCode.BAD_HELLO);
            }
            return;
        }
        switch (op) {
            case "ack" -> onAck(node);
            case "ping" -> session.reply("{\"op\":\"pong\"}");
            case "bind" -> onBind(node);
            case "hello" -> fatal(CloseCode.BAD_HELLO, "hello was already accepted on this connection");
            default -> sendError(CloseCode.UNKNOWN_OP, "unknown op \"" + op + "\"");
        }
    }

    // ---- hello ----

    private void onHello(JsonNode hello) {
        String appKey = text(hello, "appKey");
        String platform = Optional.ofNullable(text(hello, "platform")).orElse("web");
        String rid = text(hello, "registrationId");
        String secret = text(hello, "deviceSecret");
        if (appKey == null || appKey.isEmpty() || appKey.length() > 64) {
            fatal(CloseCode.BAD_HELLO, "hello needs a string appKey");
            return;
        }
        if (!platform.matches("[a-z0-9_]{1,16}")) {
            fatal(CloseCode.BAD_HELLO, "platform must be 1..16 of a-z, 0-9, _");
            return;
        }
        if (rid != null && (secret == null || rid.length() > 64 || secret.length() > 128)) {
            fatal(CloseCode.BAD_HELLO, "registrationId needs its deviceSecret");
            return;
        }
        final AckFrame acks;
        try {
            acks = hello.has("ack") ? AckFrame.of(hello.get("ack"), MAX_ACK_IDS) : null;
        } catch (IllegalArgumentException e) {
            fatal(CloseCode.BAD_HELLO, "hello's \"ack\" is invalid: " + e.getMessage());
            return;
        }
        state = State.AUTHENTICATING;
        Optional<App> known = rid == null ? services.apps().cached(appKey) : Optional.empty();
        if (known.isPresent()) {
            register(known.get(), platform); // a new device of an app in the cache: no store read, no worker
        } else {
            offload(() -> authenticate(appKey, platform, rid, secret, acks));
        }
    }

    /**
     * Finds or registers the device. {@code acks}: what a returning device acknowledges in its {@code hello} (acks it
     * could not send on its last connection); recorded before its catch-up reads the store, so none of it is sent
     * again. A device registered by this hello has nothing to acknowledge, so they are ignored for it.
     */
    private void authenticate(String appKey, String platform, String rid, String secret, AckFrame acks) {
        Optional<App> found = services.apps().find(appKey);
        if (found.isEmpty()) {
            onLoop(() -> fatal(CloseCode.UNKNOWN_APP, "unknown appKey " + appKey));
            return;
        }
        App app = found.get();
        if (rid == null) {
            register(app, platform);
            return;
        }
        if (refused(app)) {
            return;
        }
        Optional<Device> d = services.devices().authenticate(app, rid, secret);
        if (d.isEmpty()) {
            onLoop(() -> fatal(CloseCode.DEVICE_AUTH_FAILED,
                    "unknown registrationId or wrong deviceSecret; register again without them"));
            return;
        }
        Device device = d.get();
        if (acks != null) {
            record(device, acks, Runnable::run); // on this worker, before the session's catch-up reads the store
        }
        // No store write here: the time a device was last online is recorded when it disconnects (while it is
        // connected, the hub answers for it), so a connect costs one commit less.
        onLoop(() -> open(app, device, null, 0));
    }

    /**
     * Registers a new device of the app and opens its session once the device is stored, without a thread waiting
     * for the commit: the store's writer hands the result to this channel's loop. Runs on the loop or a worker.
     */
    private void register(App app, String platform) {
        if (refused(app)) {
            return;
        }
        long broadcastsBefore = services.hub().broadcastsPublished();
        CompletableFuture<Devices.Registration> registered;
        try {
            registered = services.devices().register(app, platform);
        } catch (RuntimeException e) { // the store is closing
            registered = CompletableFuture.failedFuture(e);
        }
        registered.whenComplete((reg, failure) -> {
            if (failure != null) {
                log.warn("registering a device failed for {}", ctx.channel().remoteAddress(), failure);
                onLoop(() -> closeWith(CloseCode.OVERLOADED));
            } else {
                onLoop(() -> open(app, reg.device(), reg.secret(), broadcastsBefore));
            }
        });
    }

    /** Refuses a disabled app, or a browser whose Origin the app does not allow (closing the connection); any thread. */
    private boolean refused(App app) {
        if (!app.enabled()) {
            onLoop(() -> fatal(CloseCode.APP_DISABLED, "app is disabled"));
            return true;
        }
        if (!app.allowedOrigins().isEmpty() && origin != null && !app.allowedOrigins().contains(origin)) {
            onLoop(() -> fatal(CloseCode.ORIGIN_NOT_ALLOWED, "Origin " + origin + " is not allowed for this app"));
            return true;
        }
        return false;
    }

    /**
     * Opens the session. {@code broadcastsBefore}: the hub's broadcast count read before a new device was registered;
     * if it is the same once the session is in the hub, no broadcast was published in between, and a new device
     * (which has nothing else pending, see {@link CatchUp}) goes live without a catch-up read, unless a broadcast
     * published before was created in the millisecond it registered ({@link Hub#newestBroadcastAt}).
     */
    private void open(App app, Device device, String newSecret, long broadcastsBefore) {
        if (!ctx.channel().isActive()) {
            return;
        }
        helloTimeout.cancel(false);
        helloTimeout = null;
        state = State.OPEN;
        session = new Session(ctx.channel(), app, device);
        services.hub().add(session);
        ObjectNode welcome = Json.object().put("op", "welcome")
                .put("registrationId", device.registrationId())
                .put("deviceSecret", newSecret)
                .put("heartbeat", services.config().heartbeatSeconds())
                .put("alias", device.alias());
        device.tags().stream().sorted().forEach(welcome.putArray("tags")::add);
        if (!welcome.has("tags")) {
            welcome.putArray("tags");
        }
        ctx.writeAndFlush(new TextWebSocketFrame(Json.string(welcome)));
        if (newSecret != null && services.hub().broadcastsPublished() == broadcastsBefore
                && services.hub().newestBroadcastAt() < device.registeredAt()) {
            session.finishCatchUp(Set.of());
            return;
        }
        catchUp = new CatchUp(session, services, this::offload, this::onLoop, () -> catchUp = null,
                newSecret != null);
        catchUp.start();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (catchUp != null) {
            catchUp.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ---- acks and binds ----

    private void onAck(JsonNode node) {
        AckFrame ack;
        try {
            ack = AckFrame.of(node.get("ids"), MAX_ACK_IDS);
        } catch (IllegalArgumentException e) {
            sendError(CloseCode.BAD_ACK, "ack needs \"ids\": an array of at most " + MAX_ACK_IDS
                    + " message ids; " + e.getMessage());
            return;
        }
        onAck(ack);
    }

    private void onAck(AckFrame ack) {
        record(session.device(), ack, this::offload);
    }

    /**
     * Records a device's acks: push acks go to the coalescer (a catch-up syncs it before reading), group acks to the
     * store through {@code groupWrite} (a worker from the loop; at once on a worker, before a catch-up reads).
     */
    private void record(Device d, AckFrame ack, Consumer<Runnable> groupWrite) {
        if (ack.pushCount > 0) {
            services.receipts().record(d.id(), d.platform(), ack.pushIds, ack.pushCount, services.clock().millis());
        }
        if (ack.groupCount > 0) {
            List<Long> groups = ack.groupIdList();
            groupWrite.accept(() -> services.store().recordGroupAcks(d.id(), groups));
        }
    }

    private void onBind(JsonNode node) {
        JsonNode aliasNode = node.get("alias");
        JsonNode tagsNode = node.get("tags");
        JsonNode tokenNode = node.get("token");
        if ((aliasNode != null && !aliasNode.isTextual()) || (tagsNode != null && !tagsNode.isArray())
                || (tokenNode != null && !tokenNode.isTextual()) || (aliasNode == null && tagsNode == null)) {
            sendError(CloseCode.BIND_INVALID, "bind needs \"alias\" (string) and/or \"tags\" (array of strings)");
            return;
        }
        Set<String> tags = null;
        if (tagsNode != null) {
            if (tagsNode.size() > MAX_BIND_TAGS) {
                sendError(CloseCode.BIND_INVALID, "bind may set at most " + MAX_BIND_TAGS + " tags");
                return;
            }
            tags = new LinkedHashSet<>();
            for (JsonNode t : tagsNode) {
                if (!t.isTextual()) {
                    sendError(CloseCode.BIND_INVALID, "tags must be strings");
                    return;
                }
                tags.add(t.asText());
            }
        }
        String alias = aliasNode == null ? null : aliasNode.asText();
        String token = tokenNode == null ? null : tokenNode.asText();
        Set<String> wanted = tags;
        Session s = session;
        offload(() -> {
            try {
                Device d = services.devices().bind(s.app(), s.device(), alias, wanted, token);
                ObjectNode bound = Json.object().put("op", "bound").put("alias", d.alias());
                d.tags().stream().sorted().forEach(bound.putArray("tags")::add);
                if (!bound.has("tags")) {
                    bound.putArray("tags");
                }
                onLoop(() -> ctx.writeAndFlush(new TextWebSocketFrame(Json.string(bound))));
            } catch (BindException e) {
                onLoop(() -> sendError(e.invalid() ? CloseCode.BIND_INVALID : CloseCode.BIND_REFUSED,
                        e.getMessage()));
            }
        });
    }

    // ---- heartbeat, close, errors ----

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (helloTimeout != null) {
            helloTimeout.cancel(false);
        }
        if (session != null) {
            session.markClosed();
            services.hub().remove(session);
            long deviceId = session.device().id();
            offload(() -> services.store().markOnline(deviceId, services.clock().millis()));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing WebSocket {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void sendError(CloseCode code, String message) {
        ObjectNode err = Json.object().put("op", "error").put("code", code.code()).put("message", message);
        ctx.writeAndFlush(new TextWebSocketFrame(Json.string(err)));
    }

    private void fatal(CloseCode code, String message) {
        sendError(code, message);
        closeWith(code);
    }

    private void closeWith(CloseCode code) {
        if (session != null) {
            session.close(code);
        } else if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void offload(Runnable task) {
        try {
            services.workers().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("session task failed for {}", ctx.channel().remoteAddress(), e);
                    onLoop(() -> closeWith(CloseCode.OVERLOADED));
                }
            });
        } catch (RejectedExecutionException e) {
            closeWith(CloseCode.OVERLOADED);
        }
    }

    private void onLoop(Runnable task) {
        ctx.executor().execute(task);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
