package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
    private static final long NEVER = TimeUnit.HOURS.toMillis(1);

    @TempDir
    File dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Push> shown = new ArrayList<>();
    private final List<HeraldException> errors = new ArrayList<>();
    private final List<Map<String, Object>> frames = new ArrayList<>();
    private boolean connected = true;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private Delivery delivery(Storage storage) {
        SafeListener listener = new SafeListener(new HeraldListener() {
            @Override
            public void onPush(Push push) {
                shown.add(push);
            }

            @Override
            public void onError(HeraldException error) {
                errors.add(error);
            }
        });
        return new Delivery(storage, 1000, 100, NEVER, NEVER, new Random(), timer, listener, frame -> {
            try {
                return connected && frames.add(Frames.parse(frame));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Map<String, Object> push(String id, String kind) throws Exception {
        return Frames.parse("{\"op\":\"push\",\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"alert\":\"hi\"}");
    }

    private void receive(Delivery d, Map<String, Object> frame) {
        d.receive(frame);
    }

    @Test
    void bothKindsOfOnePushAreShownOnceEachAndAckedOnce() throws Exception {
        Delivery d = delivery(new MemoryStorage());
        receive(d, push("1045", Push.NOTIFICATION));
        receive(d, push("1045", Push.MESSAGE));
        receive(d, push("1045", Push.NOTIFICATION)); // resent
        d.flush();
        assertThat(shown).extracting(Push::kind).containsExactly(Push.NOTIFICATION, Push.MESSAGE);
        assertThat(frames).containsExactly(Map.of("op", "ack", "ids", List.of("1045")));
    }

    @Test
    void aRestartDoesNotShowAMessageAgainButAcksItAgain() throws Exception {
        File f = new File(dir, "herald.properties");
        Delivery before = delivery(new FileStorage(f));
        receive(before, push("7", Push.NOTIFICATION));
        before.flush();
        assertThat(shown).hasSize(1);

        // the process dies; the server never got the ack and sends the message again
        Delivery after = delivery(new FileStorage(f));
        receive(after, push("7", Push.NOTIFICATION));
        receive(after, push("8", Push.NOTIFICATION));
        after.flush();
        assertThat(shown).extracting(Push::id).containsExactly("7", "8");
        assertThat(frames).containsExactly(
                Map.of("op", "ack", "ids", List.of("7")),
                Map.of("op", "ack", "ids", List.of("7", "8")));
    }

    private static Map<String, Object> broadcast(String id) throws Exception {
        return Frames.parse("{\"op\":\"push\",\"id\":\"" + id + "\",\"kind\":\"message\",\"broadcast\":true}");
    }

    @Test
    void aBroadcastsAckWaitsButLeavesWithTheNextOrdinaryBatch() throws Exception {
        CountDownLatch acked = new CountDownLatch(1);
        Delivery d = new Delivery(new MemoryStorage(), 1000, 100, 20, NEVER, new Random(), timer,
                new SafeListener(new HeraldListener() { }), frame -> {
                    frames.add(parse(frame));
                    acked.countDown();
                    return true;
                });
        Map<String, Object> first = broadcast("10");
        Map<String, Object> second = push("11", Push.MESSAGE);
        timer.submit(() -> receive(d, first)).get(); // on the timer's thread, as the client's loop would
        assertThat(d.pendingAcks()).isEqualTo(1);
        timer.submit(() -> receive(d, second)).get();
        assertThat(acked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(frames).containsExactly(Map.of("op", "ack", "ids", List.of("10", "11")));
    }

    @Test
    void aBroadcastIsRememberedSoonEvenThoughItsAckWaits() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        Delivery d = new Delivery(storage, 1000, 100, 20, NEVER, new Random(), timer,
                new SafeListener(new HeraldListener() { }), frame -> frames.add(parse(frame)));
        Map<String, Object> frame = broadcast("10");
        timer.submit(() -> receive(d, frame)).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (storage.get(Storage.DELIVERED) == null && System.nanoTime() < deadline) {
            timer.submit(() -> { }).get(); // let the timer run what is due; no sleep
        }
        assertThat(storage.get(Storage.DELIVERED)).isEqualTo("{\"10\":[\"message\"]}");
        assertThat(frames).as("the ack still waits").isEmpty();
        assertThat(d.pendingAcks()).isEqualTo(1);
    }

    @Test
    void pendingAcksGoIntoTheHelloAfterTheDeliveriesAreSaved() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        Delivery d = delivery(storage);
        connected = false;
        receive(d, broadcast("20"));
        receive(d, push("21", Push.NOTIFICATION));
        d.flush();
        List<String> hello = d.acksForHello(1000);
        assertThat(hello).containsExactly("20", "21");
        assertThat(storage.get(Storage.DELIVERED)).contains("\"20\"", "\"21\"");
        assertThat(d.acksForHello(1)).containsExactly("20");
        d.acknowledgedInHello(hello); // the welcome came
        connected = true;
        d.flush();
        assertThat(frames).as("nothing left to send").isEmpty();
        assertThat(d.pendingAcks()).isZero();
    }

    private static Map<String, Object> parse(String frame) {
        try {
            return Frames.parse(frame);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void remembersDeliveriesBeforeAckingThem() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        List<String> storedWhenAcked = new ArrayList<>();
        Delivery d = new Delivery(storage, 1000, 100, NEVER, NEVER, new Random(), timer,
                new SafeListener(new HeraldListener() { }),
                frame -> storedWhenAcked.add(storage.get(Storage.DELIVERED)));
        receive(d, push("5", Push.MESSAGE));
        d.flush();
        assertThat(storedWhenAcked).containsExactly("{\"5\":[\"message\"]}");
    }

    @Test
    void acksWaitWhileDisconnected() throws Exception {
        Delivery d = delivery(new MemoryStorage());
        connected = false;
        receive(d, push("1", Push.MESSAGE));
        d.flush();
        assertThat(frames).isEmpty();
        assertThat(d.pendingAcks()).isEqualTo(1);
        connected = true;
        d.flush();
        assertThat(frames).containsExactly(Map.of("op", "ack", "ids", List.of("1")));
    }

    @Test
    void aListenerThatThrowsStillGetsTheMessageAcked() throws Exception {
        Delivery d = new Delivery(new MemoryStorage(), 1000, 100, NEVER, NEVER, new Random(), timer,
                new SafeListener(new HeraldListener() {
            @Override
            public void onPush(Push push) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onError(HeraldException error) {
                errors.add(error);
            }
        }), frame -> frames.add(Map.of("sent", frame)));
        receive(d, push("3", Push.MESSAGE));
        d.flush();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(HeraldException.CLIENT));
        assertThat(frames).hasSize(1);
    }

    @Test
    void anUnreadablePushIsReportedAndNotAcked() throws Exception {
        Delivery d = delivery(new MemoryStorage());
        receive(d, Frames.parse("{\"op\":\"push\",\"kind\":\"message\"}"));
        d.flush();
        assertThat(shown).isEmpty();
        assertThat(frames).isEmpty();
        assertThat(errors).hasSize(1);
    }
}
