package dev.herald.server.jpush;

import cn.jpush.api.push.CIDResult;
import cn.jpush.api.push.PushResult;
import cn.jpush.api.push.model.InappMessage;
import cn.jpush.api.push.model.Message;
import cn.jpush.api.push.model.Notification3rd;
import cn.jpush.api.push.model.Options;
import cn.jpush.api.push.model.Platform;
import cn.jpush.api.push.model.PushPayload;
import cn.jpush.api.push.model.SMS;
import cn.jpush.api.push.model.audience.Audience;
import cn.jpush.api.push.model.audience.AudienceTarget;
import cn.jpush.api.push.model.notification.AndroidNotification;
import cn.jpush.api.push.model.notification.HmosNotification;
import cn.jpush.api.push.model.notification.IosAlert;
import cn.jpush.api.push.model.notification.IosNotification;
import cn.jpush.api.push.model.notification.Notification;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.server.jpush.SdkHarness.assertNextPushIsMarker;
import static dev.herald.server.jpush.SdkHarness.nextPush;
import static org.assertj.core.api.Assertions.assertThat;

/** Pushes sent with the official JPush Java SDK reach Herald's WebSocket clients, with the SDK's own payloads. */
class JpushSdkPushTest extends JpushSdkTestBase {
    @Test
    void alertAllReachesEveryConnectedDevice() throws Exception {
        try (WsClient android = t.connect(t.app, "android"); WsClient web = t.connect(t.app, "web")) {
            PushPayload payload = PushPayload.alertAll("hello everyone");
            PushResult r = jpush.sendPush(payload);

            assertThat(r.isResultOK()).isTrue();
            assertThat(r.getResponseCode()).isEqualTo(200);
            assertThat(r.msg_id).isPositive();
            assertThat(r.sendno).isEqualTo(payload.getSendno());
            for (WsClient c : List.of(android, web)) {
                JsonNode push = nextPush(c, r.msg_id);
                assertThat(push.get("kind").asText()).isEqualTo("notification");
                assertThat(push.get("alert").asText()).isEqualTo("hello everyone");
                assertThat(push.get("extras").size()).isZero();
            }
        }
    }

    @Test
    void messageAllReachesDevicesAsAMessageFrame() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            PushResult r = jpush.sendMessageAll("silent payload");
            JsonNode push = nextPush(c, r.msg_id);
            assertThat(push.get("kind").asText()).isEqualTo("message");
            assertThat(push.get("msg_content").asText()).isEqualTo("silent payload");
        }
    }

    @Test
    void everyFieldTheSdkBuildsIsAcceptedAndTheRenderedPartsArrive() throws Exception {
        try (WsClient android = t.connect(t.app, "android"); WsClient ios = t.connect(t.app, "ios");
             WsClient hmos = t.connect(t.app, "hmos")) {
            JsonObject thirdParty = new JsonObject();
            thirdParty.addProperty("distribution", "ospush");
            JsonObject hmosIntent = new JsonObject();
            hmosIntent.addProperty("url", "scheme://test?key=val");
            PushPayload payload = PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.newBuilder()
                            .addAudienceTarget(AudienceTarget.registrationId(android.registrationId(),
                                    ios.registrationId(), hmos.registrationId()))
                            .build())
                    .setNotification(Notification.newBuilder()
                            .setAlert("top")
                            .setAiOpportunity(true)
                            .addVoip("call", "incoming")
                            .addPlatformNotification(AndroidNotification.newBuilder()
                                    .setAlert("android body")
                                    .setTitle("android title")
                                    .setChannelId("orders")
                                    .setPriority(1)
                                    .setCategory("msg")
                                    .setStyle(1)
                                    .setAlertType(7)
                                    .setBigText("big text")
                                    .setLargeIcon("https://example.com/icon.png")
                                    .setUriActivity("com.example.Main")
                                    .setUriAction("com.example.ACTION")
                                    .setBadgeAddNum(1)
                                    .setBadgeClass("com.example.Main")
                                    .setSound("ring")
                                    .setShowBeginTime("2030-01-01 00:00:00")
                                    .setShowEndTime("2030-01-02 00:00:00")
                                    .setDisplayForeground("1")
                                    .addCustom("vendor_key", "kept")
                                    .build())
                            .addPlatformNotification(IosNotification.newBuilder()
                                    .setAlert(IosAlert.newBuilder().setTitleAndBody("ios title", "sub", "ios body")
                                            .build())
                                    .setBadge(5)
                                    .setContentAvailable(true)
                                    .setMutableContent(true)
                                    .setCategory("cat")
                                    .setThreadId("thread")
                                    .setInterruptionLevel("active")
                                    .addExtra("deep", "link")
                                    .build())
                            .addPlatformNotification(HmosNotification.newBuilder()
                                    .setAlert("hmos body")
                                    .setTitle("hmos title")
                                    .setCategory("IM")
                                    .setIntent(hmosIntent)
                                    .setBadge_add_num(1)
                                    .build())
                            .build())
                    .setInappMessage(InappMessage.newBuilder().setInappMessage(true).build())
                    .setSMS(SMS.newBuilder().setContent("sms text").setDelayTime(60).build())
                    .setNotification3rd(Notification3rd.newBuilder().setTitle("3rd").setContent("3rd body").build())
                    .setOptions(Options.newBuilder()
                            .setSendno(7)
                            .setTimeToLive(600)
                            .setApnsProduction(true)
                            .setApnsCollapseId("collapse")
                            .setBigPushDuration(5)
                            .setClassification(1)
                            .setThirdPartyChannelV2(Map.of("xiaomi", thirdParty))
                            .build())
                    .build();

            PushResult r = jpush.sendPush(payload);
            assertThat(r.sendno).isEqualTo(7);

            JsonNode an = nextPush(android, r.msg_id);
            assertThat(an.get("alert").asText()).isEqualTo("android body");
            assertThat(an.get("title").asText()).isEqualTo("android title");
            JsonNode in = nextPush(ios, r.msg_id);
            assertThat(in.get("alert").asText()).isEqualTo("ios body");
            assertThat(in.get("title").asText()).isEqualTo("ios title");
            assertThat(in.get("extras").get("deep").asText()).isEqualTo("link");
            JsonNode hm = nextPush(hmos, r.msg_id);
            assertThat(hm.get("alert").asText()).isEqualTo("hmos body");
            assertThat(hm.get("title").asText()).isEqualTo("hmos title");
        }
    }

    @Test
    void registrationIdPushCarriesEachPlatformsBlockExtrasAndMessage() throws Exception {
        try (WsClient android = t.connect(t.app, "android"); WsClient ios = t.connect(t.app, "ios");
             WsClient bystander = t.connect(t.app, "android")) {
            JsonObject intent = new JsonObject();
            intent.addProperty("url", "intent:#Intent;component=com.example/.Main;end");
            PushPayload payload = PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.registrationId(android.registrationId(), ios.registrationId()))
                    .setNotification(Notification.newBuilder()
                            .setAlert("fallback alert")
                            .addPlatformNotification(AndroidNotification.newBuilder()
                                    .setAlert("for android")
                                    .setTitle("Android title")
                                    .setBuilderId(1)
                                    .setIntent(intent)
                                    .addExtra("order", "A17")
                                    .addExtra("count", 3)
                                    .addExtra("urgent", true)
                                    .build())
                            .addPlatformNotification(IosNotification.newBuilder()
                                    .setAlert("for ios")
                                    .setSound("default")
                                    .incrBadge(1)
                                    .addExtra("order", "A17")
                                    .build())
                            .build())
                    .setMessage(Message.newBuilder()
                            .setMsgContent("in-app payload")
                            .setTitle("msg title")
                            .setContentType("text")
                            .addExtra("k", "v")
                            .build())
                    .setOptions(Options.newBuilder().setSendno(18).setTimeToLive(3600).setApnsProduction(false)
                            .build())
                    .build();

            PushResult r = jpush.sendPush(payload);
            assertThat(r.sendno).isEqualTo(18);

            JsonNode an = nextPush(android, r.msg_id);
            assertThat(an.get("kind").asText()).isEqualTo("notification");
            assertThat(an.get("alert").asText()).isEqualTo("for android");
            assertThat(an.get("title").asText()).isEqualTo("Android title");
            assertThat(an.get("url").asText()).isEqualTo("intent:#Intent;component=com.example/.Main;end");
            assertThat(an.get("extras").get("order").asText()).isEqualTo("A17");
            assertThat(an.get("extras").get("count").asInt()).isEqualTo(3);
            assertThat(an.get("extras").get("urgent").asBoolean()).isTrue();
            JsonNode am = nextPush(android, r.msg_id);
            assertThat(am.get("kind").asText()).isEqualTo("message");
            assertThat(am.get("msg_content").asText()).isEqualTo("in-app payload");
            assertThat(am.get("title").asText()).isEqualTo("msg title");
            assertThat(am.get("content_type").asText()).isEqualTo("text");
            assertThat(am.get("extras").get("k").asText()).isEqualTo("v");

            JsonNode in = nextPush(ios, r.msg_id);
            assertThat(in.get("kind").asText()).isEqualTo("notification");
            assertThat(in.get("alert").asText()).isEqualTo("for ios");
            assertThat(in.get("title").isNull()).isTrue();
            assertThat(in.get("extras").get("order").asText()).isEqualTo("A17");
            assertThat(nextPush(ios, r.msg_id).get("kind").asText()).isEqualTo("message");

            android.ack(Long.toString(r.msg_id));
            ios.ack(Long.toString(r.msg_id));
            assertNextPushIsMarker(jpush, bystander);
        }
    }

    @Test
    void platformListLimitsWhoReceivesABroadcast() throws Exception {
        try (WsClient android = t.connect(t.app, "android"); WsClient web = t.connect(t.app, "web")) {
            PushResult r = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.android_ios())
                    .setAudience(Audience.all())
                    .setNotification(Notification.android("only phones", "T", null))
                    .build());
            JsonNode push = nextPush(android, r.msg_id);
            assertThat(push.get("alert").asText()).isEqualTo("only phones");
            assertThat(push.get("title").asText()).isEqualTo("T");
            assertNextPushIsMarker(jpush, web);
        }
    }

    @Test
    void aliasSetThroughTheDeviceApiIsAPushTarget() throws Exception {
        try (WsClient c = t.connect(t.app, "android"); WsClient other = t.connect(t.app, "android")) {
            jpush.updateDeviceTagAlias(c.registrationId(), "alice", null, null);

            PushResult r = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.alias("alice"))
                    .setMessage(Message.content("for alice"))
                    .build());
            JsonNode push = nextPush(c, r.msg_id);
            assertThat(push.get("kind").asText()).isEqualTo("message");
            assertThat(push.get("msg_content").asText()).isEqualTo("for alice");
            assertNextPushIsMarker(jpush, other);

            PushResult helper = jpush.sendAndroidNotificationWithAlias("Title", "via helper",
                    Map.of("from", "helper"), "alice");
            JsonNode viaHelper = nextPush(c, helper.msg_id);
            assertThat(viaHelper.get("title").asText()).isEqualTo("Title");
            assertThat(viaHelper.get("alert").asText()).isEqualTo("via helper");
            assertThat(viaHelper.get("extras").get("from").asText()).isEqualTo("helper");
        }
    }

    @Test
    void tagTagAndAndTagNotSelectTheRightDevices() throws Exception {
        try (WsClient both = t.connect(t.app, "android"); WsClient onlyA = t.connect(t.app, "ios");
             WsClient none = t.connect(t.app, "web")) {
            jpush.updateDeviceTagAlias(both.registrationId(), null, Set.of("a", "b"), null);
            jpush.addRemoveDevicesFromTag("a", Set.of(onlyA.registrationId()), null);

            PushResult tagA = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.tag("a"))
                    .setNotification(Notification.alert("tag a"))
                    .build());
            nextPush(both, tagA.msg_id);
            nextPush(onlyA, tagA.msg_id);
            assertNextPushIsMarker(jpush, none);

            PushResult and = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.tag_and("a", "b"))
                    .setNotification(Notification.alert("a and b"))
                    .build());
            assertThat(nextPush(both, and.msg_id).get("alert").asText()).isEqualTo("a and b");
            assertNextPushIsMarker(jpush, onlyA);

            PushResult not = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.newBuilder()
                            .addAudienceTarget(AudienceTarget.tag("a"))
                            .addAudienceTarget(AudienceTarget.tag_not("b"))
                            .build())
                    .setNotification(Notification.alert("a but not b"))
                    .build());
            assertThat(nextPush(onlyA, not.msg_id).get("alert").asText()).isEqualTo("a but not b");
            assertNextPushIsMarker(jpush, both);
        }
    }

    @Test
    void validateChecksButSendsNothing() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            PushResult r = jpush.sendPushValidate(PushPayload.alertAll("dry run"));
            assertThat(r.isResultOK()).isTrue();
            assertNextPushIsMarker(jpush, c);
        }
    }

    @Test
    void rawJsonStringIsPushedAsIs() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            PushResult r = jpush.sendPush("{\"platform\":\"all\",\"audience\":{\"registration_id\":[\""
                    + c.registrationId() + "\"]},\"notification\":{\"alert\":\"raw\"},"
                    + "\"options\":{\"sendno\":2147483647,\"time_to_live\":60}}");
            // PushResult.sendno is an int: the SDK can only read back sendnos that fit in 32 bits
            assertThat(r.sendno).isEqualTo(Integer.MAX_VALUE);
            assertThat(nextPush(c, r.msg_id).get("alert").asText()).isEqualTo("raw");
        }
    }

    @Test
    void cidListAndSameCidTwiceGiveOneMessage() throws Exception {
        try (WsClient c = t.connect(t.app, "web")) {
            CIDResult cids = jpush.getCidList(3, "push");
            assertThat(cids.isResultOK()).isTrue();
            assertThat(cids.cidlist).hasSize(3).allMatch(cid -> cid.startsWith(t.app.appKey() + "-"));
            assertThat(new HashSet<>(cids.cidlist)).hasSize(3);
            assertThat(jpush.getCidList(1, null).cidlist).hasSize(1);

            String cid = cids.cidlist.get(0);
            PushResult first = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("once"))
                    .setCid(cid)
                    .build());
            PushResult again = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("once"))
                    .setCid(cid)
                    .build());
            assertThat(again.msg_id).isEqualTo(first.msg_id);
            assertThat(again.sendno).isEqualTo(first.sendno);

            assertThat(nextPush(c, first.msg_id).get("alert").asText()).isEqualTo("once");
            c.ack(Long.toString(first.msg_id));
            assertNextPushIsMarker(jpush, c);

            PushResult otherCid = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.all())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("twice"))
                    .setCid(cids.cidlist.get(1))
                    .build());
            assertThat(otherCid.msg_id).isNotEqualTo(first.msg_id);
            nextPush(c, otherCid.msg_id);
        }
    }

    @Test
    void overrideMsgIdFromOptionsReachesTheClient() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            PushResult first = jpush.sendAndroidNotificationWithRegistrationID("T", "old", Map.of(),
                    c.registrationId());
            nextPush(c, first.msg_id);
            PushResult second = jpush.sendPush(PushPayload.newBuilder()
                    .setPlatform(Platform.android())
                    .setAudience(Audience.registrationId(c.registrationId()))
                    .setNotification(Notification.alert("new"))
                    .setOptions(Options.newBuilder().setOverrideMsgId(first.msg_id).build())
                    .build());
            JsonNode push = nextPush(c, second.msg_id);
            assertThat(push.get("override").asText()).isEqualTo(Long.toString(first.msg_id));
            assertThat(push.get("alert").asText()).isEqualTo("new");
        }
    }
}
