package dev.herald.server.cli;

import dev.herald.server.HeraldServer;
import dev.herald.server.app.App;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code herald server}: runs a node until it is stopped (SIGTERM / Ctrl-C close it cleanly). */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the Herald server.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config file (also HERALD_CONFIG)")
    Path config;

    @Option(names = "--host", defaultValue = HeraldConfig.DEFAULT_HOST, description = "address to bind (${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "" + HeraldConfig.DEFAULT_PORT, description = "HTTP/WebSocket port (${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", defaultValue = HeraldConfig.DEFAULT_DATA_DIR, description = "data directory (${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--heartbeat-seconds", defaultValue = "" + HeraldConfig.DEFAULT_HEARTBEAT_SECONDS,
            description = "WebSocket ping interval; silent for 3 intervals = closed (${DEFAULT-VALUE})")
    int heartbeatSeconds;

    @Option(names = "--hello-timeout-seconds", defaultValue = "" + HeraldConfig.DEFAULT_HELLO_TIMEOUT_SECONDS,
            description = "time a new connection has to say hello (${DEFAULT-VALUE})")
    int helloTimeoutSeconds;

    @Option(names = "--max-frame-bytes", defaultValue = "" + HeraldConfig.DEFAULT_MAX_FRAME_BYTES,
            description = "largest WebSocket message accepted; larger closes with 1009 (${DEFAULT-VALUE})")
    int maxFrameBytes;

    @Option(names = "--max-http-body-bytes", defaultValue = "" + HeraldConfig.DEFAULT_MAX_HTTP_BODY_BYTES,
            description = "largest HTTP request body (${DEFAULT-VALUE})")
    int maxHttpBodyBytes;

    @Option(names = "--max-pending-outbound-bytes", defaultValue = "" + HeraldConfig.DEFAULT_MAX_PENDING_OUTBOUND_BYTES,
            description = "output a slow client may leave unread before it is closed with 4002 (${DEFAULT-VALUE})")
    int maxPendingOutboundBytes;

    @Option(names = "--catch-up-page-size", defaultValue = "" + HeraldConfig.DEFAULT_CATCH_UP_PAGE_SIZE,
            description = "stored messages read per page when a device connects (${DEFAULT-VALUE})")
    int catchUpPageSize;

    @Option(names = "--default-time-to-live", defaultValue = "" + HeraldConfig.DEFAULT_TIME_TO_LIVE,
            description = "seconds a push is kept for offline devices when it names no time_to_live (${DEFAULT-VALUE})")
    int defaultTimeToLive;

    @Option(names = "--worker-threads", defaultValue = "" + HeraldConfig.DEFAULT_WORKER_THREADS,
            description = "threads for API requests that may wait for a commit, and store work (${DEFAULT-VALUE})")
    int workerThreads;

    @Option(names = "--api-threads", defaultValue = "" + HeraldConfig.DEFAULT_API_THREADS,
            description = "threads for API requests that never wait for a commit (the push API); 0 = 2 x cores "
                    + "(${DEFAULT-VALUE})")
    int apiThreads;

    @Option(names = "--io-threads", defaultValue = "" + HeraldConfig.DEFAULT_IO_THREADS,
            description = "Netty event loops; 0 = 2 x cores (${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--default-push-rate-per-minute", defaultValue = "" + HeraldConfig.DEFAULT_PUSH_RATE_PER_MINUTE,
            description = "push API calls a minute for the default app (${DEFAULT-VALUE})")
    int defaultPushRatePerMinute;

    @Option(names = "--max-connections", defaultValue = "" + HeraldConfig.DEFAULT_MAX_CONNECTIONS,
            description = "open connections accepted (${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--group-history-days", defaultValue = "" + HeraldConfig.DEFAULT_GROUP_HISTORY_DAYS,
            description = "days a group message is kept at least (${DEFAULT-VALUE})")
    int groupHistoryDays;

    @Option(names = "--group-history-messages", defaultValue = "" + HeraldConfig.DEFAULT_GROUP_HISTORY_MESSAGES,
            description = "newest messages of a group kept whatever their age (${DEFAULT-VALUE})")
    int groupHistoryMessages;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve https and wss (with --tls-key)")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM PKCS#8 private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--tls-keystore", description = "PKCS#12 keystore: serve https and wss (instead of PEM files)")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", description = "password of --tls-keystore")
    String tlsKeystorePassword;

    @Override
    public Integer call() throws Exception {
        HeraldConfig cfg = HeraldConfig.builder().host(host).port(port).dataDir(data)
                .heartbeatSeconds(heartbeatSeconds).helloTimeoutSeconds(helloTimeoutSeconds)
                .maxFrameBytes(maxFrameBytes).maxHttpBodyBytes(maxHttpBodyBytes)
                .maxPendingOutboundBytes(maxPendingOutboundBytes).catchUpPageSize(catchUpPageSize)
                .defaultTimeToLive(defaultTimeToLive).workerThreads(workerThreads).apiThreads(apiThreads)
                .ioThreads(ioThreads)
                .defaultPushRatePerMinute(defaultPushRatePerMinute).maxConnections(maxConnections)
                .tlsCert(tlsCert).tlsKey(tlsKey).tlsKeystore(tlsKeystore).tlsKeystorePassword(tlsKeystorePassword)
                .groupHistoryDays(groupHistoryDays).groupHistoryMessages(groupHistoryMessages)
                .build();
        HeraldServer server = HeraldServer.start(cfg);
        App created = server.createdDefaultApp();
        if (created != null) {
            System.out.println("Created the default app. Keep the master secret on the server side:");
            System.out.println("  appKey:       " + created.appKey());
            System.out.println("  masterSecret: " + created.masterSecret());
        }
        System.out.println("Herald is listening on port " + server.port() + " (demo: "
                + (cfg.tls() ? "https" : "http") + "://localhost:" + server.port() + "/demo)");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "herald-shutdown"));
        stopped.await();
        return 0;
    }
}
