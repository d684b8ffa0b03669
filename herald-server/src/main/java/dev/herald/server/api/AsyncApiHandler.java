package dev.herald.server.api;

import java.util.concurrent.CompletionStage;

/**
 * Handles one route without holding its worker thread while the store commits: it runs on a worker thread like an
 * {@link ApiHandler}, and returns a stage that completes with the answer later. A store's future completes on the
 * store's writer thread, so the handler builds its answer on {@link ApiRequest#replies()} (the connection's event
 * loop), not in a continuation that would run on the writer. Throws HeraldException, or completes the stage with one,
 * to refuse.
 */
@FunctionalInterface
public interface AsyncApiHandler {
    CompletionStage<ApiResponse> handle(ApiRequest request) throws Exception;
}
