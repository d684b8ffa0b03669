package dev.herald.server.store;

import dev.herald.server.app.App;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;

import java.util.List;
import java.util.Set;

/** Values the store tests build their data from. */
public final class StoreFixtures {
    /** A moment in ms since epoch; tests count from it. */
    public static final long T0 = 1_700_000_000_000L;
    public static final long HOUR = 3_600_000L;

    private StoreFixtures() {
    }

    public static App app(String appKey) {
        return new App(0, appKey, "secret-" + appKey, "App " + appKey, false, 600,
                List.of("https://a.example", "https://b.example"), true, T0);
    }

    /** A draft pushed at {@code createdAt}, kept for an hour, to this audience. */
    public static Message draft(App app, Audience audience, long createdAt) {
        return new Message(0, app.id(), 7, audience, "{\"alert\":\"hi\"}", null, createdAt, createdAt + HOUR, 0,
                null);
    }

    public static Message draft(App app, Audience audience, long createdAt, long expiresAt, long overrideOf,
                                String cid) {
        return new Message(0, app.id(), 7, audience, null, "{\"msg_content\":\"x\"}", createdAt, expiresAt,
                overrideOf, cid);
    }

    public static Audience toRegistrationIds(String... registrationIds) {
        return new Audience(false, Set.of(registrationIds), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }
}
