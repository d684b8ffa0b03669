package dev.herald.server.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * An HTTP request as the API handlers see it: already aggregated and copied off the event loop's buffers.
 *
 * @param pathParams the values of the route's {@code {name}} segments
 * @param replies    the connection's event loop: an {@link AsyncApiHandler} builds its answer there when the store has
 *                   committed, not on the store's writer thread, which completes the commit's future
 * @param worker     where a handler that runs on the event loop ({@link Router.Runs#EVENT_LOOP}) sends what might
 *                   wait; it may refuse a task ({@code RejectedExecutionException}) when overloaded
 */
public record ApiRequest(HttpMethod method, String path, Map<String, String> pathParams,
                         Map<String, List<String>> query, HttpHeaders headers, byte[] body, String remoteAddress,
                         Executor replies, Executor worker) {

    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
