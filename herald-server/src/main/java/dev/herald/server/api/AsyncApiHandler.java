package dev.herald.server.api;

import java.util.concurrent.CompletionStage;

/**
 * Handles one route without holding its worker thread while the store commits: it runs on a worker thread like an
 * {@link ApiHandler}, and returns a stage that completes with the answer, possibly later on another thread (the
 * store's writer). Throws HeraldException, or completes the stage with one, to refuse.
 */
@FunctionalInterface
public interface AsyncApiHandler {
    CompletionStage<ApiResponse> handle(ApiRequest request) throws Exception;
}
