package dev.herald.server.api;

import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.app.RateLimiter;
import dev.herald.server.error.Failures;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.push.PushParser;
import dev.herald.server.push.PushRequest;
import dev.herald.server.push.PushService;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * JPush v3 {@code /v3/push}, {@code /v3/push/validate} and {@code /v3/push/cid}, with JPush's per-app rate limit
 * and its {@code X-Rate-Limit-*} headers.
 */
public final class JpushPushApi {
    static final int MAX_CIDS = 1000;
    /** A larger body (many registration ids) is parsed on a worker, so that no loop is held long by one request. */
    static final int MAX_BODY_ON_LOOP = 16 * 1024;

    private final Apps apps;
    private final PushService pushes;
    private final RateLimiter limiter;

    public JpushPushApi(Apps apps, PushService pushes, RateLimiter limiter) {
        this.apps = apps;
        this.pushes = pushes;
        this.limiter = limiter;
    }

    public void register(Router router) {
        router.addOnLoop(HttpMethod.POST, "/v3/push", ErrorStyle.JPUSH_PUSH, r -> push(r, false));
        router.addOnLoop(HttpMethod.POST, "/v3/push/validate", ErrorStyle.JPUSH_PUSH, r -> push(r, true));
        router.add(HttpMethod.GET, "/v3/push/cid", ErrorStyle.JPUSH_PUSH, this::cids);
    }

    /**
     * Runs on the event loop that read the request ({@code docs/delivery.md}): a push from an app in the cache, of a
     * body no larger than {@link #MAX_BODY_ON_LOOP}, is checked and queued here when it needs nothing from the store
     * but its write ({@link PushService#pushFromLoop}); everything else goes to a worker. Answers once the push is
     * durable.
     */
    private CompletableFuture<ApiResponse> push(ApiRequest req, boolean validateOnly) {
        String authorization = req.header("Authorization");
        Optional<App> cached = req.body().length <= MAX_BODY_ON_LOOP ? apps.authenticateCached(authorization)
                : Optional.empty();
        if (cached.isEmpty()) { // knowing the app takes a store read, or parsing the body would hold the loop
            return CompletableFuture.supplyAsync(() -> push(req, apps.authenticate(authorization), validateOnly, true),
                    req.worker()).thenCompose(answer -> answer);
        }
        return push(req, cached.get(), validateOnly, false);
    }

    /** The push of an authenticated app; {@code mayWait} says whether this thread may wait for the store. */
    private CompletableFuture<ApiResponse> push(ApiRequest req, App app, boolean validateOnly, boolean mayWait) {
        RateLimiter.Decision d = limiter.acquire("push:" + app.id(), app.pushRatePerMinute());
        if (!d.allowed()) {
            return CompletableFuture.completedFuture(withLimit(ErrorStyle.JPUSH_PUSH.render(HeraldError.RATE_LIMITED,
                    "push rate limit of " + d.limit() + " calls a minute exceeded; retry in " + d.resetSeconds()
                            + " s"), d));
        }
        CompletableFuture<PushService.Result> result;
        try {
            PushRequest body = PushParser.parse(req.body());
            result = mayWait ? pushes.push(app, body, validateOnly)
                    : pushes.pushFromLoop(app, body, validateOnly, req.worker());
        } catch (HeraldException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // Two numbers as strings, as JPush answers; written by hand: this runs on an event loop for every push. A
        // refusal, now or from the worker the push went to, carries the rate-limit headers too.
        return result.handleAsync((r, failure) -> {
            if (failure == null) {
                return withLimit(ApiResponse.okJson(
                        "{\"sendno\":\"" + r.sendno() + "\",\"msg_id\":\"" + r.messageId() + "\"}"), d);
            }
            Throwable cause = Failures.cause(failure);
            if (cause instanceof HeraldException e) {
                return withLimit(ErrorStyle.JPUSH_PUSH.render(e.error(), e.getMessage()), d);
            }
            throw new CompletionException(cause); // the gateway answers it
        }, req.replies());
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
