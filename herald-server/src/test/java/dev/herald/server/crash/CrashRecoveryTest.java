package dev.herald.server.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Durable before 200", tested the hard way: a server in its own JVM takes pushes from several threads and is killed
 * with SIGKILL in the middle of them. After a restart on the same data directory, the device must receive every push
 * that was answered 200 before the kill. Pushes whose request failed because of the kill were never promised and may
 * or may not arrive.
 */
class CrashRecoveryTest {
    static final int PUSHES_BEFORE_KILL = 300;
    static final int PUSH_THREADS = 8;
    /** A bound on the push loop in case the kill never happens. */
    static final int MAX_PUSHES = 20_000;
    static final Duration PUSH_PHASE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void killServers() {
        for (ServerProcess s : servers) {
            s.close();
        }
    }

    @Test
    void everyPushAnswered200SurvivesSigkill() throws Exception {
        killMidPushAndRecover(false);
    }

    /**
     * Pushes to a device online at the time keep its inbox entries in memory until it acknowledges them (see
     * {@code DeferredInbox}); this one never does, so after the kill only the message rows know them.
     */
    @Test
    void everyPushAnswered200ToADeviceOnlineThatHasNotAcknowledgedSurvivesSigkill() throws Exception {
        killMidPushAndRecover(true);
    }

    private void killMidPushAndRecover(boolean deviceOnline) throws Exception {
        Path log = dir.resolve("server.log");
        try {
            killMidPushAndRecover(Files.createDirectory(dir.resolve("data")), log, deviceOnline);
        } catch (Throwable e) {
            System.out.println("---- tail of " + log + " ----\n" + ServerProcess.tail(log, 60));
            throw e;
        }
    }

    private void killMidPushAndRecover(Path data, Path log, boolean deviceOnline) throws Exception {
        ServerProcess first = started(ServerProcess.start(data, log));
        assertThat(first.appKey).as("appKey printed on first start").isNotNull();
        assertThat(first.masterSecret).as("masterSecret printed on first start").isNotNull();
        String appKey = first.appKey;
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (appKey + ":" + first.masterSecret).getBytes(StandardCharsets.UTF_8));

        String rid;
        String secret;
        try (WsClient c = WsClient.open(wsUri(first.port))) {
            c.hello(appKey, "android", null, null);
            rid = c.registrationId();
            secret = c.deviceSecret();
        }

        Set<Long> answered200;
        if (deviceOnline) {
            try (WsClient online = WsClient.open(wsUri(first.port))) {
                online.hello(appKey, "android", rid, secret);
                answered200 = pushUntilKilled(first, auth, rid);
                assertThat(online.next().path("op").asText()).as("pushes reached the device").isEqualTo("push");
            }
        } else {
            answered200 = pushUntilKilled(first, auth, rid);
        }
        assertThat(answered200).hasSizeGreaterThanOrEqualTo(PUSHES_BEFORE_KILL);

        ServerProcess second = started(ServerProcess.start(data, log));
        assertThat(second.appKey).as("a restart must find the default app, not create another").isNull();

        List<Long> received = new ArrayList<>();
        Set<Long> missing = new HashSet<>(answered200);
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        try (WsClient c = WsClient.open(wsUri(second.port))) {
            JsonNode welcome = c.hello(appKey, "android", rid, secret);
            assertThat(welcome.get("registrationId").asText()).isEqualTo(rid);
            while (!missing.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(missingMessage(missing, answered200, received,
                            "within " + DELIVERY_TIMEOUT));
                }
                JsonNode frame;
                try {
                    frame = c.next();
                } catch (AssertionError silent) {
                    throw new AssertionError(missingMessage(missing, answered200, received,
                            "before the server fell silent"), silent);
                }
                if (frame.path("op").asText().equals("push")) {
                    String id = frame.get("id").asText();
                    received.add(Long.parseLong(id));
                    missing.remove(Long.parseLong(id));
                    c.ack(id);
                }
            }
        }
        Set<Long> extra = new HashSet<>(received);
        extra.removeAll(answered200);
        System.out.printf("%d pushes answered 200 before SIGKILL, all received after restart; %d more were"
                + " committed but unanswered; %d frames in all%n", answered200.size(), extra.size(), received.size());
        assertThat(received).as("stored messages come oldest first").isSorted();
    }

    /**
     * Pushes to the device from {@link #PUSH_THREADS} threads as fast as the server answers; the push that makes
     * {@link #PUSHES_BEFORE_KILL} successes kills the server. Returns the msg_id of every push answered 200.
     */
    private Set<Long> pushUntilKilled(ServerProcess server, String auth, String rid) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest push = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/v3/push"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"platform\":\"all\",\"audience\":{\"registration_id\":"
                        + "[\"" + rid + "\"]},\"notification\":{\"alert\":\"crash test\"}}"))
                .build();
        Set<Long> answered200 = ConcurrentHashMap.newKeySet();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger failedByKill = new AtomicInteger();
        AtomicBoolean killing = new AtomicBoolean();
        List<CompletableFuture<Void>> pushers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < PUSH_THREADS; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            pushers.add(done);
            Thread t = new Thread(() -> {
                try {
                    while (successes.get() < MAX_PUSHES) {
                        HttpResponse<String> r;
                        try {
                            r = http.send(push, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            if (!killing.get()) {
                                throw new AssertionError("push failed before the kill", e);
                            }
                            failedByKill.incrementAndGet();
                            break; // the server is gone; what was in flight was never promised
                        }
                        assertThat(r.statusCode()).as("push answered %s", r.body()).isEqualTo(200);
                        answered200.add(TestServer.json(r.body()).get("msg_id").asLong());
                        if (successes.incrementAndGet() == PUSHES_BEFORE_KILL) {
                            killing.set(true); // set first: every failure from here on may be the kill's doing
                            server.kill();
                        }
                    }
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "pusher-" + i);
            t.setDaemon(true);
            t.start();
        }
        CompletableFuture.allOf(pushers.toArray(CompletableFuture<?>[]::new))
                .get(PUSH_PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(killing).as("the server was killed").isTrue();
        assertThat(server.process.isAlive()).isFalse();
        System.out.printf("SIGKILL after %d pushes answered 200 in %d ms; %d requests failed because of it%n",
                answered200.size(), (System.nanoTime() - started) / 1_000_000, failedByKill.get());
        return answered200;
    }

    private ServerProcess started(ServerProcess s) {
        servers.add(s);
        return s;
    }

    private static URI wsUri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    private static String missingMessage(Set<Long> missing, Set<Long> answered200, List<Long> received,
                                         String when) {
        return missing.size() + " of " + answered200.size() + " pushes answered 200 before SIGKILL were not delivered "
                + "after restart " + when + " (e.g. " + missing.stream().sorted().limit(10).toList() + "); received "
                + received.size() + " frames";
    }
}
