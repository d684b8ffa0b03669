package dev.herald.bench.ceiling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push ceiling's handler: the least a server must do to serve the push benchmarks in Herald's own dialect. A
 * connection says {@code hello} and gets a registration id in {@code welcome}; {@code POST /v3/push} (a JPush body)
 * is read with a streaming parser for its first registration id and its {@code msg_content}, which goes to that
 * connection as a {@code push} frame with a message id; the client's {@code ack}s are read and {@code ping}s answered.
 * With a {@link CommitLog} the request body is made durable before the push is delivered and answered, and acks are
 * written to the log too; without one, nothing touches the disk. No auth, no audience but one registration id, no
 * store to query, no TTL, no catch-up: what Herald does beyond this is the price of its features.
 */
@ChannelHandler.Sharable
final class PushRelay extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<String> DEVICE = AttributeKey.valueOf("device");
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] OK_PREFIX = "{\"sendno\":\"0\",\"msg_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "{\"op\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf PING_OP = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("\"ping\"".getBytes(StandardCharsets.US_ASCII)));

    private final CommitLog log;
    private final ConcurrentHashMap<String, Channel> devices = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** {@code log} null: deliver and answer at once, nothing durable. */
    PushRelay(CommitLog log) {
        this.log = log;
    }

    /** A push request as read: the device's registration id and the message. */
    record Push(String registrationId, String content) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        try {
            if (msg instanceof TextWebSocketFrame frame) {
                onFrame(ctx, frame.content());
            } else if (msg instanceof FullHttpRequest req) {
                onRequest(ctx, req);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String rid = ctx.channel().attr(DEVICE).get();
        if (rid != null) {
            devices.remove(rid, ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void onFrame(ChannelHandlerContext ctx, ByteBuf text) {
        String rid = ctx.channel().attr(DEVICE).get();
        if (rid == null) { // the first frame is hello
            rid = "c" + ids.incrementAndGet();
            ctx.channel().attr(DEVICE).set(rid);
            devices.put(rid, ctx.channel());
            ctx.writeAndFlush(new TextWebSocketFrame("{\"op\":\"welcome\",\"registrationId\":\"" + rid
                    + "\",\"heartbeat\":25}"));
        } else if (ByteBufUtil.indexOf(PING_OP, text) >= 0) {
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(PONG)));
        } else if (log != null) { // an ack: durable with the next commit
            log.append(ByteBufUtil.getBytes(text), null);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        if (req.method() != HttpMethod.POST || !req.uri().equals("/v3/push")) {
            answer(ctx, HttpResponseStatus.NOT_FOUND, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        Push push = parse(body);
        Channel device = push == null ? null : devices.get(push.registrationId());
        if (device == null) {
            answer(ctx, HttpResponseStatus.BAD_REQUEST,
                    "{\"error\":\"no online registration_id\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long id = ids.incrementAndGet();
        if (log == null) {
            deliver(ctx, device, id, push.content());
        } else {
            log.append(body, () -> deliver(ctx, device, id, push.content()));
        }
    }

    /** Sends the push frame to the device and the answer to the caller; either may be on another thread. */
    private static void deliver(ChannelHandlerContext http, Channel device, long id, String content) {
        StringBuilder frame = new StringBuilder(content.length() + 48).append("{\"op\":\"push\",\"id\":\"")
                .append(id).append("\",\"kind\":\"message\",\"msg_content\":\"");
        JsonStringEncoder.getInstance().quoteAsString(content, frame);
        device.writeAndFlush(new TextWebSocketFrame(frame.append("\"}").toString()), device.voidPromise());
        byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        byte[] ok = new byte[OK_PREFIX.length + digits.length + 2];
        System.arraycopy(OK_PREFIX, 0, ok, 0, OK_PREFIX.length);
        System.arraycopy(digits, 0, ok, OK_PREFIX.length, digits.length);
        ok[ok.length - 2] = '"';
        ok[ok.length - 1] = '}';
        answer(http, HttpResponseStatus.OK, ok);
    }

    private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** The first registration id under {@code audience} and the {@code msg_content}, or null without either. */
    static Push parse(byte[] body) throws IOException {
        String rid = null;
        String content = null;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String field = p.currentName();
                if (rid == null && "registration_id".equals(field) && p.nextToken() == JsonToken.START_ARRAY
                        && p.nextToken() == JsonToken.VALUE_STRING) {
                    rid = p.getText();
                } else if (content == null && "msg_content".equals(field)
                        && p.nextToken() == JsonToken.VALUE_STRING) {
                    content = p.getText();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
        return rid == null || content == null ? null : new Push(rid, content);
    }
}
