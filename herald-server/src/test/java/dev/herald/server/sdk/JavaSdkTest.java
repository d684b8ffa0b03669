package dev.herald.server.sdk;

import dev.herald.client.Backoff;
import dev.herald.client.ConnectionState;
import dev.herald.client.FileStorage;
import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldListener;
import dev.herald.client.Push;
import dev.herald.server.testing.Await;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Herald's own Java SDK against the real server: register, remember, reconnect, de-duplicate, acknowledge. */
class JavaSdkTest {
    @TempDir
    Path dir;
    TestServer t;
    HeraldClient client;

    /** A listener that records what it got. */
    static final class Recorder implements HeraldListener {
        final List<Push> pushes = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onPush(Push push) {
            pushes.add(push);
        }

        @Override
        public void onStateChanged(ConnectionState state) {
            states.add(state);
        }
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (t != null) {
            t.close();
        }
    }

    private HeraldClient.Builder sdk(Recorder r, long ackDelayMillis) {
        return HeraldClient.builder().url(t.wsUri().toString()).appKey(t.app.appKey()).platform("android")
                .storage(new FileStorage(dir.resolve("device.properties").toFile()))
                .backoff(new Backoff(20, 200)).ackBatch(100, ackDelayMillis).listener(r);
    }

    private int status(String msgId, String rid) {
        var r = t.post("/v3/status/message", t.app,
                "{\"msg_id\":" + msgId + ",\"registration_ids\":[\"" + rid + "\"]}");
        return TestServer.json(r.body()).get(rid).get("status").asInt();
    }

    @Test
    void connectsReceivesAcksAndRemembersItsRegistrationId() {
        t = TestServer.start(dir.resolve("data"));
        Recorder r = new Recorder();
        client = sdk(r, 50).build();
        client.connect();
        Await.until("connected", Duration.ofSeconds(10), () -> client.state() == ConnectionState.CONNECTED);
        String rid = client.registrationId();
        String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + rid + "\"]},"
                + "\"notification\":{\"alert\":\"hi\",\"android\":{\"title\":\"T\",\"extras\":{\"k\":\"v\"}}},"
                + "\"message\":{\"msg_content\":\"payload\"}}");
        Await.until("both parts", Duration.ofSeconds(10), () -> r.pushes.size() == 2);
        assertThat(r.pushes).extracting(Push::id).containsOnly(id);
        Push n = r.pushes.stream().filter(Push::isNotification).findFirst().orElseThrow();
        assertThat(n.title()).isEqualTo("T");
        assertThat(n.alert()).isEqualTo("hi");
        assertThat(n.extras()).containsEntry("k", "v");
        assertThat(r.pushes.stream().filter(Push::isMessage).findFirst().orElseThrow().msgContent())
                .isEqualTo("payload");
        Await.until("ack recorded", Duration.ofSeconds(10), () -> status(id, rid) == 0);
        client.close();

        Recorder again = new Recorder();
        client = sdk(again, 50).build();
        client.connect();
        Await.until("reconnected", Duration.ofSeconds(10), () -> client.state() == ConnectionState.CONNECTED);
        assertThat(client.registrationId()).isEqualTo(rid);
        assertThat(again.pushes).as("acked pushes are not sent again").isEmpty();
    }

    @Test
    void acksPendingAtAServerRestartGoInTheNextHelloAndNothingIsShownTwice() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        t = TestServer.start(data, b -> b.port(port));
        Recorder r = new Recorder();
        // Acks wait a minute, so the restart happens before they are sent; the hello after it carries them. The
        // de-duplication remembers one id only, so a redelivery of the first push would show it again.
        client = sdk(r, 60_000).broadcastAckDelayMillis(60_000).dedupeCapacity(1).build();
        client.connect();
        Await.until("connected", Duration.ofSeconds(10), () -> client.state() == ConnectionState.CONNECTED);
        String rid = client.registrationId();
        String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + rid + "\"]},"
                + "\"notification\":{\"alert\":\"once\"}}");
        String broadcast = t.push(t.app,
                "{\"platform\":\"all\",\"audience\":\"all\",\"message\":{\"msg_content\":\"b\"}}");
        Await.until("first deliveries", Duration.ofSeconds(10), () -> r.pushes.size() == 2);

        t.close();
        Await.until("disconnected", Duration.ofSeconds(10), () -> client.state() != ConnectionState.CONNECTED);
        t = TestServer.start(data, b -> b.port(port));
        Await.until("reconnected", Duration.ofSeconds(10), () -> client.state() == ConnectionState.CONNECTED);
        Await.until("the ack from before the restart", Duration.ofSeconds(10), () -> status(id, rid) == 0);
        Await.until("the broadcast's ack from before the restart", Duration.ofSeconds(10), () -> TestServer.json(
                t.get("/v3/received/detail?msg_ids=" + broadcast, t.app).body()).get(0).get("herald_received")
                .asLong() == 1);
        assertThat(r.pushes).extracting(Push::id).containsExactly(id, broadcast);
        assertThat(client.registrationId()).isEqualTo(rid);
    }
}
