package dev.herald.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client WebSocket, parsed in place: the upgrade response, then server frames read straight out of the receive
 * buffer, with no frame objects, so that a client event loop can take millions of frames a second. In the Herald
 * dialect it says hello, acknowledges pushes in batches as the SDK does (100 ids, or 100 ms after the first; a
 * broadcast's ack waits 5 to 10 s or for 1,000 ids, or leaves with an earlier batch), sends
 * {@code ping} every heartbeat and answers WebSocket pings. Fragmented messages are not reassembled: neither Netty nor
 * {@code ws} fragments the small messages measured here.
 */
public final class WsConnection extends ByteToMessageDecoder {
    static final int ACK_BATCH = 100;
    /** The protocol's limit per ack frame: a batch of broadcast acks alone is full at this many, as in the SDK. */
    static final int MAX_ACK_IDS = 1000;
    static final long ACK_DELAY_MILLIS = 100;
    /** As the SDK's default {@code broadcastAckDelayMillis}: a broadcast's ack waits 5 to 10 s, at random. */
    static final long BROADCAST_ACK_DELAY_MILLIS = 10_000;
    private static final int MAX_UPGRADE_RESPONSE = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_FIELD = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BROADCAST_END = ",\"broadcast\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_OP = "\"op\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final WsEndpoint endpoint;
    private final ByteBuf upgradeRequest;
    private final Deliveries sink;
    private final boolean acks;
    private final CompletableFuture<WsConnection> ready = new CompletableFuture<>();
    private volatile ChannelHandlerContext ctx;
    private boolean upgraded;
    private boolean closing;
    private boolean closeSeen;
    private String registrationId;
    private ScheduledFuture<?> heartbeat;
    private StringBuilder pendingAcks;
    private int ackCount;
    private long batch; // counts the ack frames sent, so that a timer knows whether its batch is still pending
    private boolean soon; // a timer runs ACK_DELAY_MILLIS after the batch's first ordinary (not broadcast) id

    WsConnection(WsEndpoint endpoint, ByteBuf upgradeRequest, Deliveries sink, boolean acks) {
        this.endpoint = endpoint;
        this.acks = acks;
        this.upgradeRequest = upgradeRequest;
        this.sink = sink;
    }

    /** Completes when the connection can receive: after the upgrade, and for Herald after {@code welcome}. */
    public CompletableFuture<WsConnection> ready() {
        return ready;
    }

    /** The registration id Herald assigned in {@code welcome}; null for the other dialects. */
    public String registrationId() {
        return registrationId;
    }

    public Channel channel() {
        return ctx.channel();
    }

    /** The channel, or null before it was registered. */
    Channel channelOrNull() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : c.channel();
    }

    /** Sends a text message (the publisher of the comparison servers uses it to broadcast). Any thread. */
    public void sendText(String text) {
        Channel ch = ctx.channel();
        ch.writeAndFlush(WsFrames.text(ch.alloc(), text), ch.voidPromise());
    }

    /** Sends several text messages with one flush. Any thread. */
    public void sendTexts(List<String> texts) {
        Channel ch = ctx.channel();
        for (String t : texts) {
            ch.write(WsFrames.text(ch.alloc(), t), ch.voidPromise());
        }
        ch.flush();
    }

    /** Closes the socket; this is not counted as a drop. Any thread. */
    public io.netty.channel.ChannelFuture close() {
        Channel ch = ctx.channel();
        ch.eventLoop().execute(() -> closing = true);
        return ch.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(upgradeRequest.duplicate(), ctx.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
        if (!upgraded && !readUpgrade(in)) {
            return;
        }
        while (in.readableBytes() >= 2) {
            int r = in.readerIndex();
            int len7 = in.getByte(r + 1) & 0x7F;
            int header = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
            if ((in.getByte(r + 1) & 0x80) != 0) {
                header += 4; // servers must not mask; tolerate it by skipping the key (payload then unreadable)
            }
            if (in.readableBytes() < header) {
                return;
            }
            long len = len7 == 126 ? in.getUnsignedShort(r + 2) : len7 == 127 ? in.getLong(r + 2) : len7;
            if (in.readableBytes() < header + len) {
                return;
            }
            int start = r + header;
            int end = (int) (start + len);
            onFrame(in.getByte(r) & 0x0F, in, start, end);
            in.readerIndex(end);
        }
    }

    private boolean readUpgrade(ByteBuf in) {
        int end = Payload.indexOf(in, in.readerIndex(), in.writerIndex(), HEADER_END);
        if (end < 0) {
            if (in.readableBytes() > MAX_UPGRADE_RESPONSE) {
                fail("upgrade response too long");
            }
            return false;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end + HEADER_END.length);
        if (!head.startsWith("HTTP/1.1 101")) {
            fail("upgrade refused: " + head.lines().findFirst().orElse(""));
            return false;
        }
        upgraded = true;
        if (endpoint.dialect() == Dialect.HERALD) {
            String hello = "{\"op\":\"hello\",\"appKey\":\"" + endpoint.appKey() + "\",\"platform\":\"web\"}";
            ctx.writeAndFlush(WsFrames.text(ctx.alloc(), hello), ctx.voidPromise());
        } else {
            ready.complete(this);
        }
        return true;
    }

    private void onFrame(int opcode, ByteBuf in, int start, int end) throws IOException {
        switch (opcode) {
            case 0x0, WsFrames.TEXT -> onText(in, start, end);
            case WsFrames.PING -> ctx.writeAndFlush(WsFrames.frame(ctx.alloc(), WsFrames.PONG, in, start, end),
                    ctx.voidPromise());
            case WsFrames.CLOSE -> onClose(in, start, end);
            default -> { } // pongs and binary frames: nothing to do
        }
    }

    private void onText(ByteBuf in, int start, int end) throws IOException {
        if (endpoint.dialect() == Dialect.HERALD && registrationId == null) {
            onWelcome(in, start, end);
            return;
        }
        long sent = Payload.sentNanos(in, start, end);
        if (sent >= 0) {
            sink.onPush(sent, end - start);
            if (acks && endpoint.dialect() == Dialect.HERALD) {
                queueAck(in, start, end);
            }
        } else if (Payload.indexOf(in, start, end, ERROR_OP) >= 0) {
            sink.onError(in.toString(start, end - start, StandardCharsets.UTF_8));
        }
    }

    private void onWelcome(ByteBuf in, int start, int end) throws IOException {
        JsonNode frame = JSON.readTree(in.toString(start, end - start, StandardCharsets.UTF_8));
        if (!"welcome".equals(frame.path("op").asText())) {
            sink.onError(frame.toString());
            fail("expected welcome, got " + frame);
            return;
        }
        registrationId = frame.path("registrationId").asText();
        long every = Math.max(1, frame.path("heartbeat").asLong(25)) * 1000;
        long first = ThreadLocalRandom.current().nextLong(every) + 1;
        heartbeat = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(WsFrames.text(ctx.alloc(),
                "{\"op\":\"ping\"}"), ctx.voidPromise()), first, every, TimeUnit.MILLISECONDS);
        ready.complete(this);
    }

    private void queueAck(ByteBuf in, int start, int end) {
        int at = Payload.indexOf(in, start, end, ID_FIELD);
        if (at < 0) {
            return;
        }
        int from = at + ID_FIELD.length;
        int to = in.indexOf(from, end, (byte) '"');
        if (to < 0) {
            return;
        }
        boolean lazy = Payload.endsWith(in, start, end, BROADCAST_END); // Herald writes it last
        if (pendingAcks == null) {
            pendingAcks = new StringBuilder(16 * ACK_BATCH).append("{\"op\":\"ack\",\"ids\":[");
        } else {
            pendingAcks.append(',');
        }
        pendingAcks.append('"').append(in.toString(from, to - from, StandardCharsets.US_ASCII)).append('"');
        if (++ackCount >= (lazy && !soon ? MAX_ACK_IDS : ACK_BATCH)) {
            sendAcks(batch);
        } else if (!lazy && !soon) {
            soon = true;
            schedule(ACK_DELAY_MILLIS);
        } else if (lazy && ackCount == 1) {
            long half = BROADCAST_ACK_DELAY_MILLIS / 2;
            schedule(half + ThreadLocalRandom.current().nextLong(BROADCAST_ACK_DELAY_MILLIS - half + 1));
        }
    }

    private void schedule(long millis) {
        long b = batch;
        ctx.executor().schedule(() -> sendAcks(b), millis, TimeUnit.MILLISECONDS);
    }

    /** Sends the pending acks if they are still batch {@code b} (a timer of an earlier batch finds nothing to do). */
    private void sendAcks(long b) {
        if (pendingAcks == null || b != batch) {
            return;
        }
        String frame = pendingAcks.append("]}").toString();
        pendingAcks = null;
        ackCount = 0;
        soon = false;
        batch++;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(WsFrames.text(ctx.alloc(), frame), ctx.voidPromise());
        }
    }

    private void onClose(ByteBuf in, int start, int end) {
        closeSeen = true;
        if (!closing) {
            int code = end - start >= 2 ? in.getUnsignedShort(start) : 1005;
            String reason = end - start > 2 ? in.toString(start + 2, end - start - 2, StandardCharsets.UTF_8) : "";
            sink.onClosed("closed by server: " + code + " " + reason);
            fail("closed by server: " + code + " " + reason);
        }
        closing = true;
        ctx.writeAndFlush(WsFrames.frame(ctx.alloc(), WsFrames.CLOSE, in, start, Math.min(end, start + 2)))
                .addListener(f -> ctx.close());
    }

    private void fail(String why) {
        if (ready.completeExceptionally(new IOException(why))) {
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (!closing && !closeSeen && ready.isDone() && !ready.isCompletedExceptionally()) {
            sink.onClosed("connection lost");
        }
        ready.completeExceptionally(new IOException("connection closed before it was ready"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }

    /** The upgrade request for an endpoint: every connection to it sends the same bytes. */
    static ByteBuf upgradeRequest(WsEndpoint e) {
        String protocol = e.subprotocol() == null ? "" : "Sec-WebSocket-Protocol: " + e.subprotocol() + "\r\n";
        byte[] request = ("GET " + e.path() + " HTTP/1.1\r\n"
                + "Host: " + e.address().getHostString() + ":" + e.address().getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + protocol + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(request));
    }
}
