package dev.herald.server.jpush;

import cn.jiguang.common.resp.APIRequestException;
import cn.jpush.api.JPushClient;
import cn.jpush.api.push.PushResult;
import cn.jpush.api.push.model.Options;
import cn.jpush.api.push.model.Platform;
import cn.jpush.api.push.model.PushPayload;
import cn.jpush.api.push.model.audience.Audience;
import cn.jpush.api.push.model.notification.Notification;
import dev.herald.server.app.App;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.herald.server.jpush.SdkHarness.apiError;
import static dev.herald.server.jpush.SdkHarness.assertNextPushIsMarker;
import static dev.herald.server.jpush.SdkHarness.nextPush;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald's push API errors as the JPush SDK sees them: an {@link APIRequestException} with JPush's HTTP status and
 * code, and the rate-limit headers readable from both results and exceptions. The SDK retries only connect
 * timeouts, never an HTTP error, so each refused call reaches the server exactly once.
 */
class JpushSdkErrorTest extends JpushSdkTestBase {
    private static PushPayload toRid(String rid, Options options) {
        PushPayload.Builder b = PushPayload.newBuilder()
                .setPlatform(Platform.all())
                .setAudience(Audience.registrationId(rid))
                .setNotification(Notification.alert("hi"));
        if (options != null) {
            b.setOptions(options);
        }
        return b.build();
    }

    @Test
    void wrongMasterSecretIs1004() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            JPushClient wrong = SdkHarness.client(t, t.app.appKey(), "0".repeat(24));
            APIRequestException e = apiError(() -> wrong.sendPush(PushPayload.alertAll("x")));
            assertThat(e.getStatus()).isEqualTo(401);
            assertThat(e.getErrorCode()).isEqualTo(1004);
            assertThat(e.getErrorMessage()).isNotBlank();
            assertNextPushIsMarker(jpush, c);

            APIRequestException report = apiError(() -> wrong.getReportReceiveds("1"));
            assertThat(report.getErrorCode()).isEqualTo(1004);
            APIRequestException cid = apiError(() -> wrong.getCidList(1, "push"));
            assertThat(cid.getErrorCode()).isEqualTo(1004);
        }
    }

    @Test
    void unknownAppKeyIs1008() throws Exception {
        JPushClient stranger = SdkHarness.client(t, "0123456789abcdef01234567", "0".repeat(24));
        APIRequestException e = apiError(() -> stranger.sendPush(PushPayload.alertAll("x")));
        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(e.getErrorCode()).isEqualTo(1008);
    }

    @Test
    void noMatchingDeviceIs1011() throws Exception {
        APIRequestException nobodyAtAll = apiError(() -> jpush.sendPush(PushPayload.alertAll("x")));
        assertThat(nobodyAtAll.getStatus()).isEqualTo(400);
        assertThat(nobodyAtAll.getErrorCode()).isEqualTo(1011);

        try (WsClient c = t.connect(t.app, "web")) {
            APIRequestException rid = apiError(() -> jpush.sendPush(toRid("ffffffffffffffffffff", null)));
            assertThat(rid.getErrorCode()).isEqualTo(1011);
            APIRequestException tag = apiError(() -> jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.tag("nobody_has_this"))
                    .setNotification(Notification.alert("x"))
                    .build()));
            assertThat(tag.getErrorCode()).isEqualTo(1011);
            APIRequestException wrongPlatform = apiError(() -> jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.ios())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("x"))
                    .build()));
            assertThat(wrongPlatform.getErrorCode()).isEqualTo(1011);
            assertNextPushIsMarker(jpush, c);
        }
    }

    @Test
    void invalidValuesAre1003() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            APIRequestException ttl = apiError(() -> jpush.sendPush(
                    toRid(c.registrationId(), Options.newBuilder().setTimeToLive(864_001).build())));
            assertThat(ttl.getStatus()).isEqualTo(400);
            assertThat(ttl.getErrorCode()).isEqualTo(1003);
            assertThat(ttl.getErrorMessage()).contains("time_to_live");

            APIRequestException override = apiError(() -> jpush.sendPush(
                    toRid(c.registrationId(), Options.newBuilder().setOverrideMsgId(123_456_789L).build())));
            assertThat(override.getErrorCode()).isEqualTo(1003);
            assertThat(override.getErrorMessage()).contains("override_msg_id");

            APIRequestException badTag = apiError(() -> jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.tag("has space"))
                    .setNotification(Notification.alert("x"))
                    .build()));
            assertThat(badTag.getErrorCode()).isEqualTo(1003);

            APIRequestException validate = apiError(() -> jpush.sendPushValidate(
                    toRid(c.registrationId(), Options.newBuilder().setTimeToLive(864_001).build())));
            assertThat(validate.getErrorCode()).isEqualTo(1003);
            assertNextPushIsMarker(jpush, c);
        }
    }

    @Test
    void missingContentIs1002AndUnknownKeyIs1009() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            APIRequestException missing = apiError(() -> jpush.sendPush(
                    "{\"platform\":\"all\",\"audience\":\"all\"}"));
            assertThat(missing.getStatus()).isEqualTo(400);
            assertThat(missing.getErrorCode()).isEqualTo(1002);

            APIRequestException unknown = apiError(() -> jpush.sendPush(
                    "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":{\"alert\":\"x\"},\"bogus\":1}"));
            assertThat(unknown.getErrorCode()).isEqualTo(1009);
            assertThat(unknown.getErrorMessage()).contains("bogus");
            assertNextPushIsMarker(jpush, c);
        }
    }

    @Test
    void oversizedContentIs1005() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            APIRequestException e = apiError(() -> jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("x".repeat(4100)))
                    .build()));
            assertThat(e.getStatus()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(1005);
        }
    }

    @Test
    void rateLimitIs2002WithHeadersOnResultsAndOnTheException() throws Exception {
        App limited = t.createApp("limited", false, 2);
        JPushClient client = SdkHarness.client(t, limited);
        try (WsClient c = t.connect(limited, "web")) {
            PushResult first = client.sendPush(PushPayload.alertAll("1"));
            assertThat(first.getRateLimitQuota()).isEqualTo(2);
            assertThat(first.getRateLimitRemaining()).isEqualTo(1);
            assertThat(first.getRateLimitReset()).isBetween(1, 60);
            nextPush(c, first.msg_id);

            PushResult second = client.sendPush(PushPayload.alertAll("2"));
            assertThat(second.getRateLimitRemaining()).isZero();
            nextPush(c, second.msg_id);

            APIRequestException e = apiError(() -> client.sendPush(PushPayload.alertAll("3")));
            assertThat(e.getStatus()).isEqualTo(429);
            assertThat(e.getErrorCode()).isEqualTo(2002);
            assertThat(e.getErrorMessage()).isNotBlank();
            assertThat(e.getRateLimitQuota()).isEqualTo(2);
            assertThat(e.getRateLimitRemaining()).isZero();
            assertThat(e.getRateLimitReset()).isBetween(1, 60);

            // the default app has its own budget
            try (WsClient other = t.connect(t.app, "web")) {
                assertNextPushIsMarker(jpush, other);
            }

            t.clock.advance(Duration.ofSeconds(e.getRateLimitReset()));
            PushResult later = client.sendPush(PushPayload.alertAll("4"));
            assertThat(later.getRateLimitRemaining()).isEqualTo(1);
            assertThat(nextPush(c, later.msg_id).get("alert").asText()).isEqualTo("4");
        }
    }
}
