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

    /**
     * A route, and how errors on it are reported: JPush push codes, JPush device codes, or Herald's native shape.
     *
     * @param async whether the handler never waits for a commit (it answers through its future): such routes run on
     *              a pool as small as the machine, the others on the large worker pool
     */
    public record Route(HttpMethod method, String[] segments, ErrorStyle style, AsyncApiHandler handler,
                        boolean async) {
    }

    /** The result of matching: the route (or none) and whether the path exists with another method. */
    public record Match(Route route, Map<String, String> params, boolean pathExists) {
    }

    public Router add(HttpMethod method, String pattern, ErrorStyle style, ApiHandler handler) {
        return add(method, pattern, style, request -> CompletableFuture.completedFuture(handler.handle(request)),
                false);
    }

    /** A route whose handler answers once the store has committed, without holding a worker meanwhile. */
    public Router addAsync(HttpMethod method, String pattern, ErrorStyle style, AsyncApiHandler handler) {
        return add(method, pattern, style, handler, true);
    }

    private Router add(HttpMethod method, String pattern, ErrorStyle style, AsyncApiHandler handler, boolean async) {
        routes.add(new Route(method, split(pattern), style, handler, async));
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
