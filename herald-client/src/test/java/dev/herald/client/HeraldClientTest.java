package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client's lifecycle without a server: nothing listens on the port, so every attempt is refused. */
class HeraldClientTest {
    private final BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    private final BlockingQueue<HeraldException> errors = new LinkedBlockingQueue<>();
    private final HeraldListener recorder = new HeraldListener() {
        @Override
        public void onStateChanged(ConnectionState state) {
            states.add(state);
        }

        @Override
        public void onError(HeraldException error) {
            errors.add(error);
        }
    };

    private static String refusingUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "ws://127.0.0.1:" + s.getLocalPort() + "/ws";
        }
    }

    private HeraldClient.Builder builder() throws Exception {
        return HeraldClient.builder().url(refusingUrl()).appKey("key").listener(recorder);
    }

    @Test
    void aRefusedConnectionIsReportedAndRetriedAfterABackoff() throws Exception {
        HeraldClient client = builder().backoff(new Backoff(60_000, 60_000, FixedRandom.top())).build();
        assertThat(client.state()).isEqualTo(ConnectionState.IDLE);
        client.connect();
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CONNECTING);
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.RECONNECTING);
        HeraldException e = errors.poll(10, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(HeraldException.TRANSPORT);
        assertThat(e.getCause()).isNotNull();
        assertThat(client.bind("alias", null, null)).isFalse();

        long start = System.nanoTime();
        client.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CLOSED);
        client.close(); // idempotent
        assertThat(states).isEmpty();
        assertThatThrownBy(client::connect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retriesUntilClosed() throws Exception {
        HeraldClient client = builder().backoff(new Backoff(1, 1, new FixedRandom(0.0))).build();
        client.connect();
        for (int i = 0; i < 3; i++) {
            assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CONNECTING);
            assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.RECONNECTING);
        }
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void closeBeforeConnect() throws Exception {
        HeraldClient client = builder().build();
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(states).containsExactly(ConnectionState.CLOSED);
        assertThatThrownBy(client::connect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectOnlyOnce() throws Exception {
        try (HeraldClient client = builder().backoff(new Backoff(60_000, 60_000)).build()) {
            client.connect();
            assertThatThrownBy(client::connect).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void leavesNoNonDaemonThreads() throws Exception {
        HeraldClient client = builder().build();
        client.connect();
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CONNECTING);
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.RECONNECTING);
        client.close();
        List<String> nonDaemon = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .filter(t -> t.getName().startsWith("herald") || t.getName().startsWith("OkHttp"))
                .map(Thread::getName)
                .collect(Collectors.toList());
        assertThat(nonDaemon).isEmpty();
    }

    @Test
    void startsFromTheStoredDevice() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        storage.put(Storage.REGISTRATION_ID, "1a2b3c");
        try (HeraldClient client = builder().storage(storage).build()) {
            assertThat(client.registrationId()).isEqualTo("1a2b3c");
            assertThat(client.alias()).isNull();
            assertThat(client.tags()).isEmpty();
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        assertThatThrownBy(() -> HeraldClient.builder().appKey("k").build()).hasMessageContaining("url");
        assertThatThrownBy(() -> HeraldClient.builder().url("ftp://x").appKey("k").build()).hasMessageContaining("url");
        assertThatThrownBy(() -> HeraldClient.builder().url("ws://x/ws").build()).hasMessageContaining("appKey");
        assertThatThrownBy(() -> HeraldClient.builder().url("ws://x/ws").appKey("k").ackBatch(1001, 100).build())
                .hasMessageContaining("ackBatch");
        assertThatThrownBy(() -> HeraldClient.builder().url("ws://x/ws").appKey("k").dedupeCapacity(0).build())
                .hasMessageContaining("dedupeCapacity");
        assertThatThrownBy(() -> HeraldClient.builder().url("ws://x/ws").appKey("k").welcomeTimeoutMillis(0).build())
                .hasMessageContaining("welcomeTimeoutMillis");
        assertThatThrownBy(() -> HeraldClient.builder().url("ws://x/ws").appKey("k").platform("").build())
                .hasMessageContaining("platform");
    }
}
