package dev.herald.server.api;

/** Handles one route. Runs on a worker thread, may block on the store; throws HeraldException to refuse. */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
