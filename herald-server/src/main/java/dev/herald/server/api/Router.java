package dev.herald.server.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Maps method and path to a handler. Paths are matched segment by segment; {@code {name}} captures one segment.
 * A trailing slash is ignored ({@code /v3/tags/} and {@code /v3/tags} are the same route).
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** Where a route's handler runs. */
    public enum Runs {
        /** On the large worker pool: the handler may wait for a commit, and many of them share one. */
        WORKERS,
        /** On the small API pool: the handler never waits for a commit; it answers through its future. */
        API_THREADS,
        /**
         * On the event loop that read the request: the handler waits for nothing at all, and hands whatever might
         * wait (a store read, a full queue) to {@link ApiRequest#worker()}. Spares the request two thread hand-offs.
         */
        EVENT_LOOP
    }

    /** A route, and how errors on it are reported: JPush push codes, JPush device codes, or Herald's native shape. */
    public record Route(HttpMethod method, String[] segments, ErrorStyle style, AsyncApiHandler handler, Runs runs) {
    }

    /** The result of matching: the route (or none) and whether the path exists with another method. */
    public record Match(Route route, Map<String, String> params, boolean pathExists) {
    }

    public Router add(HttpMethod method, String pattern, ErrorStyle style, ApiHandler handler) {
        return add(method, pattern, style, request -> CompletableFuture.completedFuture(handler.handle(request)),
                Runs.WORKERS);
    }

    /** A route whose handler answers once the store has committed, without holding a worker meanwhile. */
    public Router addAsync(HttpMethod method, String pattern, ErrorStyle style, AsyncApiHandler handler) {
        return add(method, pattern, style, handler, Runs.API_THREADS);
    }

    /** A route whose handler runs on the event loop and never waits ({@link Runs#EVENT_LOOP}). */
    public Router addOnLoop(HttpMethod method, String pattern, ErrorStyle style, AsyncApiHandler handler) {
        return add(method, pattern, style, handler, Runs.EVENT_LOOP);
    }

    private Router add(HttpMethod method, String pattern, ErrorStyle style, AsyncApiHandler handler, Runs runs) {
        routes.add(new Route(method, split(pattern), style, handler, runs));
        return this;
    }

    public Match match(HttpMethod method, String path) {
        String[] segs = split(path);
        boolean pathExists = false;
        for (Route r : routes) {
            Map<String, String> params = bind(r.segments, segs);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Match(r, params, true);
            }
            pathExists = true;
        }
        return new Match(null, Map.of(), pathExists);
    }

    /** The error style of any route on this path, for answering 404/405 in the right shape. */
    public ErrorStyle styleFor(String path) {
        return path.startsWith("/v3/devices") || path.startsWith("/v3/aliases") || path.startsWith("/v3/tags")
                ? ErrorStyle.JPUSH_DEVICE
                : path.startsWith("/v3/") ? ErrorStyle.JPUSH_PUSH : ErrorStyle.NATIVE;
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }
}
