package dev.herald.server.session;

import dev.herald.server.app.Apps;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.device.Devices;
import dev.herald.server.hub.Hub;
import dev.herald.server.push.Receipts;
import dev.herald.server.store.Store;

import java.time.Clock;
import java.util.concurrent.Executor;

/** What a session needs from the rest of the server; shared by every connection. */
public record SessionServices(HeraldConfig config, Clock clock, Apps apps, Devices devices, Store store, Hub hub,
                              Receipts receipts, Executor workers) {
}
