package dev.herald.server.api;

import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.app.RateLimiter;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.push.PushParser;
import dev.herald.server.push.PushRequest;
import dev.herald.server.push.PushService;
import io.netty.handler.codec.http.HttpMethod;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * JPush v3 {@code /v3/push}, {@code /v3/push/validate} and {@code /v3/push/cid}, with JPush's per-app rate limit
 * and its {@code X-Rate-Limit-*} headers.
 */
public final class JpushPushApi {
    static final int MAX_CIDS = 1000;

    private final Apps apps;
    private final PushService pushes;
    private final RateLimiter limiter;

    public JpushPushApi(Apps apps, PushService pushes, RateLimiter limiter) {
        this.apps = apps;
        this.pushes = pushes;
        this.limiter = limiter;
    }

    public void register(Router router) {
        router.addAsync(HttpMethod.POST, "/v3/push", ErrorStyle.JPUSH_PUSH, r -> push(r, false));
        router.addAsync(HttpMethod.POST, "/v3/push/validate", ErrorStyle.JPUSH_PUSH, r -> push(r, true));
        router.add(HttpMethod.GET, "/v3/push/cid", ErrorStyle.JPUSH_PUSH, this::cids);
    }

    /** Answers once the push is durable; the worker is free meanwhile. */
    private CompletableFuture<ApiResponse> push(ApiRequest req, boolean validateOnly) {
        App app = apps.authenticate(req.header("Authorization"));
        RateLimiter.Decision d = limiter.acquire("push:" + app.id(), app.pushRatePerMinute());
        if (!d.allowed()) {
            return CompletableFuture.completedFuture(withLimit(ErrorStyle.JPUSH_PUSH.render(HeraldError.RATE_LIMITED,
                    "push rate limit of " + d.limit() + " calls a minute exceeded; retry in " + d.resetSeconds()
                            + " s"), d));
        }
        try {
            PushRequest body = PushParser.parse(req.body());
            // Two numbers as strings, as JPush answers; written by hand: this runs on an event loop for every push.
            return pushes.push(app, body, validateOnly).thenApplyAsync(result -> withLimit(ApiResponse.okJson(
                    "{\"sendno\":\"" + result.sendno() + "\",\"msg_id\":\"" + result.messageId() + "\"}"), d),
                    req.replies());
        } catch (HeraldException e) {
            return CompletableFuture.completedFuture(withLimit(ErrorStyle.JPUSH_PUSH.render(e.error(), e.getMessage()),
                    d));
        }
    }

    /** JPush's rate-limit headers, on every answer of the push API. */
    private static ApiResponse withLimit(ApiResponse response, RateLimiter.Decision d) {
        return response
                .header("X-Rate-Limit-Limit", Integer.toString(d.limit()))
                .header("X-Rate-Limit-Quota", Integer.toString(d.limit()))
                .header("X-Rate-Limit-Remaining", Integer.toString(d.remaining()))
                .header("X-Rate-Limit-Reset", Long.toString(d.resetSeconds()));
    }

    private ApiResponse cids(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        String countParam = req.queryParam("count");
        int count = 1;
        if (countParam != null) {
            try {
                count = Integer.parseInt(countParam);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > MAX_CIDS) {
                throw HeraldError.INVALID_PARAMETER.exception("count must be 1.." + MAX_CIDS);
            }
        }
        var body = Json.object();
        var list = body.putArray("cidlist");
        for (int i = 0; i < count; i++) {
            list.add(app.appKey() + "-" + UUID.randomUUID());
        }
        return ApiResponse.ok(body);
    }
}
