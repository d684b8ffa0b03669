package dev.herald.server.group;

import dev.herald.client.Backoff;
import dev.herald.client.ConnectionState;
import dev.herald.client.FileStorage;
import dev.herald.client.GroupMessage;
import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldListener;
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

import static dev.herald.server.group.GroupHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** A member on Herald's Java SDK that was offline gets what it missed, once each, even when it is sent twice. */
class GroupSdkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    TestServer t;
    HeraldClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (t != null) {
            t.close();
        }
    }

    private HeraldClient member(List<GroupMessage> received) {
        // acks wait a minute: a restart comes before them, so the server sends everything again
        return HeraldClient.builder().url(t.wsUri().toString()).appKey(t.app.appKey())
                .storage(new FileStorage(dir.resolve("device.properties").toFile()))
                .backoff(new Backoff(20, 200)).ackBatch(100, 60_000).listener(new HeraldListener() {
                    @Override
                    public void onGroupMessage(GroupMessage message) {
                        received.add(message);
                    }
                }).build();
    }

    private static List<String> contents(List<GroupMessage> messages) {
        return messages.stream().map(m -> String.valueOf(m.content().get("content"))).toList();
    }

    @Test
    void anOfflineMemberRecoversWhatItMissedOnceEach() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        t = TestServer.start(data, b -> b.port(port));
        GroupHarness h = new GroupHarness(t);
        String group = h.createGroup("Ops");
        String webhook = h.createRobot(group, "{\"name\":\"ci\"}").get("webhook").asText();

        List<GroupMessage> before = new CopyOnWriteArrayList<>();
        client = member(before);
        client.connect();
        Await.until("connected", WAIT, () -> client.state() == ConnectionState.CONNECTED);
        h.addMembers(group, "[{\"registrationId\":\"" + client.registrationId() + "\"}]");
        client.close();

        for (int i = 1; i <= 3; i++) {
            h.sendOk(webhook, text("missed " + i));
        }
        List<GroupMessage> received = new CopyOnWriteArrayList<>();
        client = member(received);
        client.connect();
        Await.until("the missed messages", WAIT, () -> received.size() == 3);

        t.close(); // before the acks go out: the restarted server sends all three again
        Await.until("disconnected", WAIT, () -> client.state() != ConnectionState.CONNECTED);
        t = TestServer.start(data, b -> b.port(port));
        Await.until("reconnected", WAIT, () -> client.state() == ConnectionState.CONNECTED);
        new GroupHarness(t).sendOk(webhook, text("live")); // arrives after the catch-up, so after any repeat
        Await.until("the live message", WAIT, () -> received.size() >= 4);

        assertThat(before).isEmpty();
        assertThat(contents(received)).containsExactly("missed 1", "missed 2", "missed 3", "live");
        assertThat(received).extracting(GroupMessage::group).containsOnly(group);
    }
}
