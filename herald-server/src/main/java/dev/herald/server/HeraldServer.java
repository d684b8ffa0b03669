package dev.herald.server;

import dev.herald.server.api.GroupApi;
import dev.herald.server.api.JpushDeviceApi;
import dev.herald.server.api.JpushPushApi;
import dev.herald.server.api.JpushReportApi;
import dev.herald.server.api.RobotApi;
import dev.herald.server.api.RobotWebhookApi;
import dev.herald.server.api.Router;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.app.RateLimiter;
import dev.herald.server.bus.Bus;
import dev.herald.server.bus.LocalBus;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.device.Devices;
import dev.herald.server.gateway.Gateway;
import dev.herald.server.group.GroupService;
import dev.herald.server.group.MentionNotifier;
import dev.herald.server.hub.Hub;
import dev.herald.server.push.PushService;
import dev.herald.server.push.Receipts;
import dev.herald.server.robot.RobotRateLimiter;
import dev.herald.server.robot.RobotWebhook;
import dev.herald.server.robot.Robots;
import dev.herald.server.session.CloseCode;
import dev.herald.server.session.Heartbeat;
import dev.herald.server.session.SessionServices;
import dev.herald.server.store.Store;
import dev.herald.server.store.sqlite.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One Herald node: wires store, bus, hub, services and the gateway together, and takes them down in order. */
public final class HeraldServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeraldServer.class);
    /** Expired messages are kept this long for reports, cid retries and override look-ups, then purged. */
    static final long PURGE_AFTER_MILLIS = 2 * 86_400_000L;
    static final int WORKER_QUEUE = 10_000;

    private final HeraldConfig config;
    private final Store store;
    private final Bus bus;
    private final Hub hub;
    private final Apps apps;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor asyncWorkers;
    private final ScheduledExecutorService housekeeping;
    private final Gateway gateway;
    private final Heartbeat heartbeat;
    private final Receipts receipts;
    private final InetSocketAddress address;
    private final App defaultApp;

    private HeraldServer(HeraldConfig config) throws InterruptedException {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        var clock = config.clock();
        store = SqliteStore.open(config.databaseFile());
        apps = new Apps(store, clock);
        List<App> existing = apps.list();
        defaultApp = existing.isEmpty()
                ? apps.create("default", false, config.defaultPushRatePerMinute(), List.of())
                : null;
        bus = new LocalBus();
        hub = new Hub();
        bus.subscribe(hub);
        Devices devices = new Devices(store, bus, clock);
        PushService pushes = new PushService(store, hub, bus, clock, config.defaultTimeToLive());
        workers = pool(config.workerThreads(), "herald-worker");
        // Requests that never wait for a commit keep a few threads busy instead of waking one of many for each
        // (docs/configuration.md, api-threads).
        asyncWorkers = pool(config.apiThreadsOrDefault(), "herald-api");
        Router router = new Router();
        new JpushPushApi(apps, pushes, new RateLimiter(clock)).register(router);
        new JpushDeviceApi(apps, devices, store, bus, hub, clock).register(router);
        receipts = new Receipts(store);
        new JpushReportApi(apps, store, receipts).register(router);
        GroupService groups = new GroupService(store, bus, new MentionNotifier(pushes), clock);
        RobotRateLimiter robotLimiter = new RobotRateLimiter(clock);
        new GroupApi(apps, groups).register(router);
        new RobotApi(apps, groups, new Robots(store, robotLimiter, clock)).register(router);
        new RobotWebhookApi(new RobotWebhook(store, groups, robotLimiter, clock)).register(router);
        SessionServices sessions = new SessionServices(config, clock, apps, devices, store, hub, receipts,
                workers);
        gateway = new Gateway(config);
        address = gateway.start(router, sessions, workers, asyncWorkers);
        heartbeat = new Heartbeat(gateway.eventLoops(), hub, config.heartbeatSeconds());
        housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("herald-housekeeping"));
        housekeeping.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    /** Opens the store, creates the default app on first start, and binds the port. */
    public static HeraldServer start(HeraldConfig config) throws InterruptedException {
        return new HeraldServer(config.validate());
    }

    /** The app created because the store had none, or {@code null} if apps existed already. */
    public App createdDefaultApp() {
        return defaultApp;
    }

    public int port() {
        return address.getPort();
    }

    public Hub hub() {
        return hub;
    }

    public Store store() {
        return store;
    }

    public Apps apps() {
        return apps;
    }

    public HeraldConfig config() {
        return config;
    }

    private void purge() {
        try {
            long now = config.clock().millis();
            int n = store.purgeExpired(now - PURGE_AFTER_MILLIS);
            if (n > 0) {
                log.info("purged {} expired messages", n);
            }
            int g = store.purgeGroupMessages(now - config.groupHistoryDays() * 86_400_000L,
                    config.groupHistoryMessages());
            if (g > 0) {
                log.info("purged {} old group messages", g);
            }
        } catch (RuntimeException e) {
            log.warn("purge failed", e);
        }
    }

    /** Stops accepting, closes connections (clients reconnect elsewhere), drains the workers, closes the store. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        heartbeat.close();
        gateway.stopAccepting();
        // Tell clients to reconnect (with backoff, elsewhere or later) rather than leave them to find a dead socket.
        hub.closeAll(CloseCode.GOING_AWAY, 2_000);
        gateway.close();
        drain(asyncWorkers);
        drain(workers);
        bus.close();
        receipts.close();
        store.close();
    }

    /**
     * A fixed pool with a bounded queue (a full one answers 503). Two-lock queue: event loops handing work over do not
     * contend with the threads taking it.
     */
    private static ThreadPoolExecutor pool(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(WORKER_QUEUE),
                daemonThreads(name));
    }

    /** Lets a pool finish what it was given (the store is closed after it), for at most 10 s. */
    private static void drain(ThreadPoolExecutor pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
