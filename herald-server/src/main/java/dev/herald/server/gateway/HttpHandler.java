package dev.herald.server.gateway;

import dev.herald.server.api.ApiRequest;
import dev.herald.server.api.ApiResponse;
import dev.herald.server.api.ErrorStyle;
import dev.herald.server.api.Router;
import dev.herald.server.error.Failures;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves everything on the HTTP port that is not a WebSocket: the APIs (run where their route says: on the event loop
 * for handlers that never wait, on the small pool for routes that never wait for a commit, on the large one for the
 * others), static pages, and
 * hands {@code /ws} upgrades to {@link WebSocketUpgrade}, after which this handler steps aside. Requests on one
 * connection are answered in order: a request that arrives while an earlier one is still being handled (HTTP
 * pipelining) waits, and reading pauses until the answers have caught up. A client that waits for each answer, as
 * backends do, never makes reading pause, which would cost two {@code epoll_ctl} calls a request.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final Router router;
    private final Executor workers;
    private final Executor asyncWorkers;
    private final WebSocketUpgrade upgrade;
    private final StaticFiles staticFiles;
    /** Requests that arrived while an earlier one was being handled, oldest first; loop only. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** Whether a request is with a worker and its answer not yet written; loop only. */
    private boolean busy;

    HttpHandler(Router router, Executor workers, Executor asyncWorkers, WebSocketUpgrade upgrade,
                StaticFiles staticFiles) {
        this.router = router;
        this.workers = workers;
        this.asyncWorkers = asyncWorkers;
        this.upgrade = upgrade;
        this.staticFiles = staticFiles;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (busy) {
            waiting.add(req.retain());
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, req);
    }

    /** On the loop, when the answer to the request with a worker is written: handles the requests that waited. */
    private void answered(ChannelHandlerContext ctx) {
        busy = false;
        while (!busy && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!busy && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        FullHttpRequest req;
        while ((req = waiting.poll()) != null) {
            req.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, ApiResponse.text(400, "malformed HTTP request\n", "text/plain; charset=utf-8"), false);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path = qs.path();
        if (path.equals("/ws")) {
            upgrade.upgrade(ctx, req, this);
            return;
        }
        ApiResponse file = req.method().equals(HttpMethod.GET) ? staticFiles.find(path) : null;
        if (file != null) {
            send(ctx, req, file, HttpUtil.isKeepAlive(req));
            return;
        }
        Router.Match match = router.match(req.method(), path);
        if (match.route() == null) {
            ErrorStyle style = router.styleFor(path);
            ApiResponse r = match.pathExists()
                    ? style.render(HeraldError.METHOD_NOT_ALLOWED, req.method() + " is not allowed on " + path)
                    : style.render(HeraldError.NOT_FOUND, "no such endpoint: " + path);
            send(ctx, req, r, HttpUtil.isKeepAlive(req));
            return;
        }
        // The body is copied: the request's buffer is released when this returns. Its headers are plain objects the
        // decoder made for this request alone, which nothing touches after it, so the worker may read them as they are.
        ApiRequest apiRequest = new ApiRequest(req.method(), path, match.params(), qs.parameters(),
                req.headers(), ByteBufUtil.getBytes(req.content()), remote(ctx), ctx.executor(), asyncWorkers);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpVersion version = req.protocolVersion();
        busy = true;
        Router.Route route = match.route();
        String what = req.method() + " " + path;
        Executor runner = switch (route.runs()) {
            case WORKERS -> workers;
            case API_THREADS -> asyncWorkers;
            case EVENT_LOOP -> Runnable::run; // here, now: the handler waits for nothing
        };
        try {
            runner.execute(() -> {
                CompletableFuture<ApiResponse> answer;
                try {
                    answer = route.handler().handle(apiRequest).toCompletableFuture();
                } catch (Exception e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                // Answered now on this worker, or later on the connection's loop (ApiRequest.replies) or elsewhere:
                // either way the response is written from the loop.
                answer.whenComplete((r, e) -> onLoop(ctx, () -> written(ctx,
                        write(ctx, version, answer(route, what, r, e), keepAlive), keepAlive)));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, version, route.style().render(HeraldError.UNAVAILABLE, "server is overloaded"), false);
        }
    }

    /** Runs {@code task} on the connection's loop: at once if this is the loop, else as a task queued there. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    /** Once the answer is written, the next request may be handled (the listener runs on the loop). */
    private void written(ChannelHandlerContext ctx, ChannelFuture write, boolean keepAlive) {
        if (keepAlive) {
            write.addListener(f -> answered(ctx));
        }
    }

    /** The handler's answer, or the error response for what it threw. */
    private static ApiResponse answer(Router.Route route, String what, ApiResponse response, Throwable failure) {
        if (failure == null) {
            return response;
        }
        Throwable cause = Failures.cause(failure);
        if (cause instanceof HeraldException e) {
            return route.style().render(e.error(), e.getMessage());
        }
        if (cause instanceof RejectedExecutionException) { // a handler on the loop found the worker pool full
            return route.style().render(HeraldError.UNAVAILABLE, "server is overloaded");
        }
        log.error("{} failed", what, cause);
        return route.style().render(HeraldError.INTERNAL, "internal error");
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, ApiResponse r, boolean keepAlive) {
        write(ctx, req.protocolVersion(), r, keepAlive);
    }

    static ChannelFuture write(ChannelHandlerContext ctx, HttpVersion version, ApiResponse r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        HttpUtil.setContentLength(res, r.body().length);
        if (keepAlive) {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture future = ctx.writeAndFlush(res);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        return future;
    }

    private static String remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) { // the peer went away: routine
            log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection {} closed after an error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
