package dev.herald.server.app;

import java.util.List;

/**
 * A tenant. {@code appKey} is public (shipped in clients); {@code masterSecret} authenticates the backend and signs
 * bind tokens, and never leaves the server side.
 *
 * @param clientBind        whether clients may set their own alias and tags without a signed token
 * @param pushRatePerMinute push API calls allowed per minute
 * @param allowedOrigins    WebSocket {@code Origin} values allowed to connect; empty allows any
 */
public record App(long id, String appKey, String masterSecret, String name, boolean clientBind,
                  int pushRatePerMinute, List<String> allowedOrigins, boolean enabled, long createdAt) {
    public App {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public App withId(long newId) {
        return new App(newId, appKey, masterSecret, name, clientBind, pushRatePerMinute, allowedOrigins, enabled,
                createdAt);
    }
}
