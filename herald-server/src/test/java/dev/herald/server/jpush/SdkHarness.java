package dev.herald.server.jpush;

import cn.jiguang.common.ClientConfig;
import cn.jiguang.common.resp.APIRequestException;
import cn.jpush.api.JPushClient;
import cn.jpush.api.push.PushResult;
import cn.jpush.api.push.model.Platform;
import cn.jpush.api.push.model.PushPayload;
import cn.jpush.api.push.model.audience.Audience;
import cn.jpush.api.push.model.notification.Notification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The official JPush Java SDK ({@code cn.jpush.api:jpush-client:3.7.7}) pointed at a {@link TestServer}, and the
 * waits the SDK tests need.
 */
final class SdkHarness {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SdkHarness() {
    }

    /** A JPushClient for this app whose push, device, report and schedule hosts are the test server. */
    static JPushClient client(TestServer t, App app) {
        return client(t, app.appKey(), app.masterSecret());
    }

    /**
     * A JPushClient with these credentials. {@link ClientConfig} is a process-wide singleton that each client reads
     * when it is built, so it is pointed at this server right before.
     */
    static JPushClient client(TestServer t, String appKey, String masterSecret) {
        String base = "http://127.0.0.1:" + t.port();
        ClientConfig config = ClientConfig.getInstance();
        config.setPushHostName(base);
        config.setDeviceHostName(base);
        config.setReportHostName(base);
        config.setScheduleHostName(base);
        return new JPushClient(masterSecret, appKey);
    }

    /** A call to the SDK, which throws checked exceptions. */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Repeats {@code probe} until {@code done} holds, for state the server updates after answering (acks are stored
     * on a worker after the frame is read, and nothing tells the client when). Fails after {@link #TIMEOUT}.
     */
    static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not reached within " + TIMEOUT + "; last value " + last);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            last = probe.get();
        }
        return last;
    }

    /**
     * Proves a client got nothing before now: pushes a marker to it through the SDK and checks that the marker is
     * the next push it receives (deliveries to one connection keep their order), then acknowledges it.
     */
    static void assertNextPushIsMarker(JPushClient jpush, WsClient c) throws Exception {
        PushResult marker = jpush.sendPush(PushPayload.newBuilder()
                .setPlatform(Platform.all())
                .setAudience(Audience.registrationId(c.registrationId()))
                .setNotification(Notification.alert("marker"))
                .build());
        JsonNode next = c.next("push");
        assertThat(next.get("id").asText())
                .as("next push to %s should be the marker, got %s", c.registrationId(), next)
                .isEqualTo(Long.toString(marker.msg_id));
        c.ack(Long.toString(marker.msg_id));
    }

    /** The {@link APIRequestException} the call throws; fails if it returns or throws anything else. */
    static APIRequestException apiError(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        if (!(thrown instanceof APIRequestException e)) {
            throw new AssertionError("expected an APIRequestException, got "
                    + (thrown == null ? "a normal return" : thrown.getClass().getName() + ": " + thrown.getMessage()),
                    thrown);
        }
        return e;
    }

    /** The next push frame, checked to carry this message id. */
    static JsonNode nextPush(WsClient c, long msgId) {
        JsonNode push = c.next("push");
        assertThat(push.get("id").asText()).as("push frame %s", push).isEqualTo(Long.toString(msgId));
        return push;
    }
}
