package dev.herald.server.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server's settings, immutable and validated once at start. Every setting can come from a command-line flag, a
 * {@code HERALD_*} environment variable or the config file (see {@code herald.example.yml}); the names match:
 * {@code --heartbeat-seconds}, {@code HERALD_HEARTBEAT_SECONDS}, {@code heartbeat-seconds:}.
 */
public record HeraldConfig(
        String host,
        int port,
        Path dataDir,
        int heartbeatSeconds,
        int helloTimeoutSeconds,
        int maxFrameBytes,
        int maxHttpBodyBytes,
        int maxPendingOutboundBytes,
        int catchUpPageSize,
        int defaultTimeToLive,
        int workerThreads,
        int apiThreads,
        int ioThreads,
        int defaultPushRatePerMinute,
        int maxConnections,
        int groupHistoryDays,
        int groupHistoryMessages,
        Path tlsCert,
        Path tlsKey,
        Path tlsKeystore,
        String tlsKeystorePassword,
        Clock clock) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_HEARTBEAT_SECONDS = 25;
    public static final int DEFAULT_HELLO_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_HTTP_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_PENDING_OUTBOUND_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_CATCH_UP_PAGE_SIZE = 200;
    public static final int DEFAULT_TIME_TO_LIVE = 86_400;
    public static final int MAX_TIME_TO_LIVE = 864_000;
    public static final int DEFAULT_WORKER_THREADS = 64;
    public static final int DEFAULT_API_THREADS = 0;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_PUSH_RATE_PER_MINUTE = 600_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 19_000;
    /** Group messages are kept while younger than this many days or among the newest of their group. */
    public static final int DEFAULT_GROUP_HISTORY_DAYS = 7;
    public static final int DEFAULT_GROUP_HISTORY_MESSAGES = 1_000;

    public HeraldConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "data");
        Objects.requireNonNull(clock, "clock");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).dataDir(dataDir).heartbeatSeconds(heartbeatSeconds)
                .helloTimeoutSeconds(helloTimeoutSeconds).maxFrameBytes(maxFrameBytes)
                .maxHttpBodyBytes(maxHttpBodyBytes).maxPendingOutboundBytes(maxPendingOutboundBytes)
                .catchUpPageSize(catchUpPageSize).defaultTimeToLive(defaultTimeToLive)
                .workerThreads(workerThreads).apiThreads(apiThreads).ioThreads(ioThreads)
                .defaultPushRatePerMinute(defaultPushRatePerMinute).maxConnections(maxConnections)
                .groupHistoryDays(groupHistoryDays).groupHistoryMessages(groupHistoryMessages)
                .tlsCert(tlsCert).tlsKey(tlsKey).tlsKeystore(tlsKeystore).tlsKeystorePassword(tlsKeystorePassword)
                .clock(clock);
    }

    /** Threads of the pool for API requests that never wait for a commit: the setting, or 2 × cores for 0. */
    public int apiThreadsOrDefault() {
        return apiThreads > 0 ? apiThreads : 2 * Runtime.getRuntime().availableProcessors();
    }

    /** Whether the HTTP port speaks TLS (https and wss). */
    public boolean tls() {
        return tlsCert != null || tlsKeystore != null;
    }

    /** The SQLite database file inside the data directory. */
    public Path databaseFile() {
        return dataDir.resolve("herald.db");
    }

    /**
     * Checks every setting and throws {@link IllegalArgumentException} naming each bad one, so a bad setting stops the
     * server before it binds a port.
     */
    public HeraldConfig validate() {
        List<String> problems = new ArrayList<>();
        range(problems, "port", port, 0, 65_535);
        range(problems, "heartbeat-seconds", heartbeatSeconds, 1, 3_600);
        range(problems, "hello-timeout-seconds", helloTimeoutSeconds, 1, 600);
        range(problems, "max-frame-bytes", maxFrameBytes, 1_024, 16 * 1024 * 1024);
        range(problems, "max-http-body-bytes", maxHttpBodyBytes, 4_096, 64 * 1024 * 1024);
        range(problems, "max-pending-outbound-bytes", maxPendingOutboundBytes, 64 * 1024, 1 << 30);
        range(problems, "catch-up-page-size", catchUpPageSize, 1, 10_000);
        range(problems, "default-time-to-live", defaultTimeToLive, 0, MAX_TIME_TO_LIVE);
        range(problems, "worker-threads", workerThreads, 1, 4_096);
        range(problems, "api-threads", apiThreads, 0, 1_024);
        range(problems, "io-threads", ioThreads, 0, 1_024);
        range(problems, "default-push-rate-per-minute", defaultPushRatePerMinute, 1, Integer.MAX_VALUE);
        range(problems, "max-connections", maxConnections, 1, 10_000_000);
        range(problems, "group-history-days", groupHistoryDays, 1, 3_650);
        range(problems, "group-history-messages", groupHistoryMessages, 1, 1_000_000);
        if (host.isBlank()) {
            problems.add("host: must not be empty");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            problems.add("tls-cert and tls-key: give both (PEM certificate chain and PKCS#8 key) or neither");
        }
        if (tlsCert != null && tlsKeystore != null) {
            problems.add("tls-keystore: give either tls-keystore or tls-cert/tls-key, not both");
        }
        for (var f : new Object[][]{{"tls-cert", tlsCert}, {"tls-key", tlsKey}, {"tls-keystore", tlsKeystore}}) {
            if (f[1] != null && !java.nio.file.Files.isReadable((Path) f[1])) {
                problems.add(f[0] + ": " + f[1] + " is not a readable file");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
        return this;
    }

    private static void range(List<String> problems, String name, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(name + ": " + value + " is outside " + min + ".." + max);
        }
    }

    /** Builder with every default set. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private int heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
        private int helloTimeoutSeconds = DEFAULT_HELLO_TIMEOUT_SECONDS;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxHttpBodyBytes = DEFAULT_MAX_HTTP_BODY_BYTES;
        private int maxPendingOutboundBytes = DEFAULT_MAX_PENDING_OUTBOUND_BYTES;
        private int catchUpPageSize = DEFAULT_CATCH_UP_PAGE_SIZE;
        private int defaultTimeToLive = DEFAULT_TIME_TO_LIVE;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int apiThreads = DEFAULT_API_THREADS;
        private int ioThreads = DEFAULT_IO_THREADS;
        private int defaultPushRatePerMinute = DEFAULT_PUSH_RATE_PER_MINUTE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int groupHistoryDays = DEFAULT_GROUP_HISTORY_DAYS;
        private int groupHistoryMessages = DEFAULT_GROUP_HISTORY_MESSAGES;
        private Path tlsCert;
        private Path tlsKey;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private Clock clock = Clock.systemUTC();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder heartbeatSeconds(int v) { heartbeatSeconds = v; return this; }
        public Builder helloTimeoutSeconds(int v) { helloTimeoutSeconds = v; return this; }
        public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
        public Builder maxHttpBodyBytes(int v) { maxHttpBodyBytes = v; return this; }
        public Builder maxPendingOutboundBytes(int v) { maxPendingOutboundBytes = v; return this; }
        public Builder catchUpPageSize(int v) { catchUpPageSize = v; return this; }
        public Builder defaultTimeToLive(int v) { defaultTimeToLive = v; return this; }
        public Builder workerThreads(int v) { workerThreads = v; return this; }
        public Builder apiThreads(int v) { apiThreads = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder defaultPushRatePerMinute(int v) { defaultPushRatePerMinute = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder groupHistoryDays(int v) { groupHistoryDays = v; return this; }
        public Builder groupHistoryMessages(int v) { groupHistoryMessages = v; return this; }
        public Builder tlsCert(Path v) { tlsCert = v; return this; }
        public Builder tlsKey(Path v) { tlsKey = v; return this; }
        public Builder tlsKeystore(Path v) { tlsKeystore = v; return this; }
        public Builder tlsKeystorePassword(String v) { tlsKeystorePassword = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public HeraldConfig build() {
            return new HeraldConfig(host, port, dataDir, heartbeatSeconds, helloTimeoutSeconds, maxFrameBytes,
                    maxHttpBodyBytes, maxPendingOutboundBytes, catchUpPageSize, defaultTimeToLive, workerThreads,
                    apiThreads, ioThreads, defaultPushRatePerMinute, maxConnections, groupHistoryDays,
                    groupHistoryMessages, tlsCert, tlsKey, tlsKeystore, tlsKeystorePassword, clock).validate();
        }
    }
}
