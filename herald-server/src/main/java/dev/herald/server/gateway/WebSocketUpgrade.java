package dev.herald.server.gateway;

import dev.herald.server.api.ApiResponse;
import dev.herald.server.session.SessionHandler;
import dev.herald.server.session.SessionServices;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import java.util.Arrays;

/**
 * The RFC 6455 opening handshake on {@code /ws}, with {@code herald.v1} subprotocol negotiation: offered → chosen;
 * nothing offered → accepted without a {@code Sec-WebSocket-Protocol} header; only unknown ones offered → 400.
 * On success the HTTP handler is replaced by the WebSocket handlers.
 */
public final class WebSocketUpgrade {
    public static final String SUBPROTOCOL = "herald.v1";

    private final SessionServices services;
    private final WebSocketDecoderConfig decoderConfig;

    public WebSocketUpgrade(SessionServices services) {
        this.services = services;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(services.config().maxFrameBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, ChannelHandler httpHandler) {
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            HttpHandler.write(ctx, req.protocolVersion(), ApiResponse.text(400,
                    "/ws is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)\n",
                    "text/plain; charset=utf-8"), false);
            return;
        }
        String offered = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (offered != null && !offered.isBlank() && Arrays.stream(offered.split(","))
                .map(String::trim).noneMatch(SUBPROTOCOL::equals)) {
            HttpHandler.write(ctx, req.protocolVersion(), ApiResponse.text(400,
                    "unsupported WebSocket subprotocol(s) '" + offered + "': Herald speaks " + SUBPROTOCOL + "\n",
                    "text/plain; charset=utf-8"), false);
            return;
        }
        String scheme = ctx.pipeline().get("ssl") != null ? "wss" : "ws";
        String url = scheme + "://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + "/ws";
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, SUBPROTOCOL, decoderConfig).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        handshaker.handshake(ctx.channel(), req);
        ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(services.config().maxFrameBytes()));
        ctx.pipeline().addLast("session", new SessionHandler(services, origin));
        ctx.pipeline().remove(httpHandler);
    }
}
