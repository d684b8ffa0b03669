package dev.herald.server.jpush;

import cn.jiguang.common.resp.APIRequestException;
import cn.jiguang.common.resp.DefaultResult;
import cn.jpush.api.JPushClient;
import cn.jpush.api.device.OnlineStatus;
import cn.jpush.api.device.TagAliasResult;
import cn.jpush.api.push.PushResult;
import cn.jpush.api.push.model.Platform;
import cn.jpush.api.push.model.PushPayload;
import cn.jpush.api.push.model.audience.Audience;
import cn.jpush.api.push.model.notification.Notification;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static dev.herald.server.jpush.SdkHarness.apiError;
import static dev.herald.server.jpush.SdkHarness.assertNextPushIsMarker;
import static dev.herald.server.jpush.SdkHarness.nextPush;
import static org.assertj.core.api.Assertions.assertThat;

/** The JPush SDK's device, tag and alias API against Herald, and the effect of each change on pushes. */
class JpushSdkDeviceTest extends JpushSdkTestBase {
    private PushResult pushTo(Audience audience, String alert) throws Exception {
        return jpush.sendPush(PushPayload.newBuilder()
                .setPlatform(Platform.all())
                .setAudience(audience)
                .setNotification(Notification.alert(alert))
                .build());
    }

    @Test
    void updateAndReadTagsAndAlias() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            String rid = c.registrationId();
            TagAliasResult fresh = jpush.getDeviceTagAlias(rid);
            assertThat(fresh.isResultOK()).isTrue();
            assertThat(fresh.alias).isNull();
            assertThat(fresh.tags).isEmpty();

            DefaultResult set = jpush.updateDeviceTagAlias(rid, "alice", Set.of("vip", "beta"), null);
            assertThat(set.isResultOK()).isTrue();
            TagAliasResult got = jpush.getDeviceTagAlias(rid);
            assertThat(got.alias).isEqualTo("alice");
            assertThat(got.tags).containsExactlyInAnyOrder("vip", "beta");

            jpush.updateDeviceTagAlias(rid, null, Set.of("中文标签"), Set.of("beta"));
            got = jpush.getDeviceTagAlias(rid);
            assertThat(got.alias).isEqualTo("alice");
            assertThat(got.tags).containsExactlyInAnyOrder("vip", "中文标签");

            assertThat(jpush.getTagList().tags).contains("vip", "中文标签").doesNotContain("beta");
            assertThat(jpush.isDeviceInTag("vip", rid).result).isTrue();
            assertThat(jpush.isDeviceInTag("beta", rid).result).isFalse();
            assertThat(jpush.getAliasDeviceList("alice", null).registration_ids).containsExactly(rid);
            assertThat(jpush.getAliasDeviceList("alice", "android").registration_ids).containsExactly(rid);
            assertThat(jpush.getAliasDeviceList("alice", "ios").registration_ids).isEmpty();

            PushResult toTag = pushTo(Audience.tag("中文标签"), "to the new tag");
            assertThat(nextPush(c, toTag.msg_id).get("alert").asText()).isEqualTo("to the new tag");
            PushResult toAlias = pushTo(Audience.alias("alice"), "to the alias");
            assertThat(nextPush(c, toAlias.msg_id).get("alert").asText()).isEqualTo("to the alias");

            DefaultResult cleared = jpush.updateDeviceTagAlias(rid, true, true);
            assertThat(cleared.isResultOK()).isTrue();
            got = jpush.getDeviceTagAlias(rid);
            assertThat(got.alias).isNull();
            assertThat(got.tags).isEmpty();
            APIRequestException e = apiError(() -> pushTo(Audience.tag("vip"), "nobody left"));
            assertThat(e.getErrorCode()).isEqualTo(1011);
        }
    }

    @Test
    void tagMembershipThroughTheTagApi() throws Exception {
        try (WsClient one = t.connect(t.app, "android"); WsClient two = t.connect(t.app, "web")) {
            DefaultResult added = jpush.addRemoveDevicesFromTag("news",
                    Set.of(one.registrationId(), two.registrationId()), null);
            assertThat(added.isResultOK()).isTrue();
            assertThat(jpush.isDeviceInTag("news", two.registrationId()).result).isTrue();

            jpush.addRemoveDevicesFromTag("news", null, Set.of(two.registrationId()));
            assertThat(jpush.isDeviceInTag("news", one.registrationId()).result).isTrue();
            assertThat(jpush.isDeviceInTag("news", two.registrationId()).result).isFalse();
            assertThat(jpush.getDeviceTagAlias(two.registrationId()).tags).isEmpty();

            PushResult r = pushTo(Audience.tag("news"), "headline");
            assertThat(nextPush(one, r.msg_id).get("alert").asText()).isEqualTo("headline");
            assertNextPushIsMarker(jpush, two);
        }
    }

    @Test
    void deleteTagRemovesItFromEveryDevice() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            String rid = c.registrationId();
            jpush.updateDeviceTagAlias(rid, null, Set.of("gone", "kept"), null);

            DefaultResult deleted = jpush.deleteTag("gone", null);
            assertThat(deleted.isResultOK()).isTrue();
            assertThat(jpush.getTagList().tags).contains("kept").doesNotContain("gone");
            assertThat(jpush.isDeviceInTag("gone", rid).result).isFalse();
            assertThat(jpush.getDeviceTagAlias(rid).tags).containsExactly("kept");

            APIRequestException e = apiError(() -> pushTo(Audience.tag("gone"), "x"));
            assertThat(e.getErrorCode()).isEqualTo(1011);
            PushResult r = pushTo(Audience.tag("kept"), "still here");
            nextPush(c, r.msg_id);
        }
    }

    @Test
    void deleteAliasUnbindsEveryDevice() throws Exception {
        try (WsClient a = t.connect(t.app, "android"); WsClient b = t.connect(t.app, "ios")) {
            jpush.updateDeviceTagAlias(a.registrationId(), "shared", null, null);
            jpush.updateDeviceTagAlias(b.registrationId(), "shared", null, null);
            assertThat(jpush.getAliasDeviceList("shared", null).registration_ids)
                    .containsExactlyInAnyOrder(a.registrationId(), b.registrationId());
            PushResult before = pushTo(Audience.alias("shared"), "both");
            nextPush(a, before.msg_id);
            nextPush(b, before.msg_id);

            DefaultResult deleted = jpush.deleteAlias("shared", null);
            assertThat(deleted.isResultOK()).isTrue();
            assertThat(jpush.getAliasDeviceList("shared", null).registration_ids).isEmpty();
            assertThat(jpush.getDeviceTagAlias(a.registrationId()).alias).isNull();
            APIRequestException e = apiError(() -> pushTo(Audience.alias("shared"), "x"));
            assertThat(e.getErrorCode()).isEqualTo(1011);
        }
    }

    @Test
    void removeDevicesFromAliasAndDeleteAliasForOnePlatform() throws Exception {
        try (WsClient a = t.connect(t.app, "android"); WsClient b = t.connect(t.app, "ios");
             WsClient w = t.connect(t.app, "web")) {
            for (WsClient c : new WsClient[] {a, b, w}) {
                jpush.updateDeviceTagAlias(c.registrationId(), "family", null, null);
            }
            assertThat(jpush.getAliasDeviceList("family", "android,ios").registration_ids)
                    .containsExactlyInAnyOrder(a.registrationId(), b.registrationId());

            DefaultResult removed = jpush.removeDevicesFromAlias("family", Set.of(a.registrationId()));
            assertThat(removed.isResultOK()).isTrue();
            assertThat(jpush.getDeviceTagAlias(a.registrationId()).alias).isNull();
            assertThat(jpush.getAliasDeviceList("family", null).registration_ids)
                    .containsExactlyInAnyOrder(b.registrationId(), w.registrationId());

            DefaultResult iosOnly = jpush.deleteAlias("family", "ios");
            assertThat(iosOnly.isResultOK()).isTrue();
            assertThat(jpush.getDeviceTagAlias(b.registrationId()).alias).isNull();
            assertThat(jpush.getAliasDeviceList("family", null).registration_ids)
                    .containsExactly(w.registrationId());

            PushResult r = pushTo(Audience.alias("family"), "web only");
            nextPush(w, r.msg_id);
            assertNextPushIsMarker(jpush, a);
            assertNextPushIsMarker(jpush, b);

            assertThat(apiError(() -> jpush.deleteAlias("family", "andriod")).getErrorCode()).isEqualTo(7002);
            assertThat(jpush.getAliasDeviceList("family", null).registration_ids).containsExactly(w.registrationId());
        }
    }

    @Test
    void deleteTagForSomePlatformsIsRefusedNotWidened() throws Exception {
        try (WsClient a = t.connect(t.app, "android"); WsClient b = t.connect(t.app, "ios")) {
            jpush.addRemoveDevicesFromTag("promo", Set.of(a.registrationId(), b.registrationId()), null);

            APIRequestException e = apiError(() -> jpush.deleteTag("promo", "android"));
            assertThat(e.getStatus()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(7002);
            assertThat(jpush.isDeviceInTag("promo", a.registrationId()).result).isTrue();
            assertThat(jpush.isDeviceInTag("promo", b.registrationId()).result).isTrue();

            DefaultResult all = jpush.deleteTag("promo", "android,ios,hmos,quickapp,web,java,winphone");
            assertThat(all.isResultOK()).isTrue();
            assertThat(jpush.isDeviceInTag("promo", a.registrationId()).result).isFalse();
            assertThat(jpush.isDeviceInTag("promo", b.registrationId()).result).isFalse();
        }
    }

    @Test
    void aDeviceHoldsAtMostAThousandTagsWhicheverApiAddsThem() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            String rid = c.registrationId();
            for (int batch = 0; batch < 10; batch++) {
                Set<String> tags = new java.util.HashSet<>();
                for (int i = 0; i < 100; i++) {
                    tags.add("t" + (batch * 100 + i));
                }
                jpush.updateDeviceTagAlias(rid, null, tags, null);
            }
            assertThat(jpush.getDeviceTagAlias(rid).tags).hasSize(1000);

            APIRequestException viaDevice = apiError(
                    () -> jpush.updateDeviceTagAlias(rid, null, Set.of("one_more"), null));
            assertThat(viaDevice.getErrorCode()).isEqualTo(7002);
            APIRequestException viaTag = apiError(() -> jpush.addRemoveDevicesFromTag("one_more", Set.of(rid), null));
            assertThat(viaTag.getErrorCode()).isEqualTo(7002);
            assertThat(jpush.isDeviceInTag("one_more", rid).result).isFalse();

            // re-adding a tag it holds is not growth
            assertThat(jpush.addRemoveDevicesFromTag("t1", Set.of(rid), null).isResultOK()).isTrue();
        }
    }

    @Test
    void bindMobileIsStored() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            DefaultResult r = jpush.bindMobile(c.registrationId(), "13800138000");
            assertThat(r.isResultOK()).isTrue();
            var device = TestServer.json(t.get("/v3/devices/" + c.registrationId(), t.app).body());
            assertThat(device.get("mobile").asText()).isEqualTo("13800138000");
        }
    }

    @Test
    void onlineStatusFollowsTheConnection() throws Exception {
        String rid;
        try (WsClient c = t.connect(t.app, "android")) {
            rid = c.registrationId();
            Map<String, OnlineStatus> status = jpush.getUserOnlineStatus(rid, "no-such-device");
            assertThat(status).containsOnlyKeys(rid);
            assertThat(status.get(rid).getOnline()).isTrue();
        }
        String id = rid;
        OnlineStatus offline = SdkHarness.await("device counted offline after closing",
                () -> jpush.getUserOnlineStatus(id).get(id), s -> Boolean.FALSE.equals(s.getOnline()));
        assertThat(offline.getLast_online_time()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    }

    @Test
    void unknownRegistrationIdIsA7008() {
        APIRequestException get = apiError(() -> jpush.getDeviceTagAlias("0123456789abcdef0123"));
        assertThat(get.getStatus()).isEqualTo(400);
        assertThat(get.getErrorCode()).isEqualTo(7008);
        assertThat(get.getErrorMessage()).isNotBlank();

        APIRequestException update = apiError(
                () -> jpush.updateDeviceTagAlias("0123456789abcdef0123", "x", null, null));
        assertThat(update.getErrorCode()).isEqualTo(7008);
    }

    @Test
    void invalidTagIsA7002() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            APIRequestException e = apiError(
                    () -> jpush.updateDeviceTagAlias(c.registrationId(), null, Set.of("no spaces"), null));
            assertThat(e.getStatus()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(7002);
            assertThat(jpush.getDeviceTagAlias(c.registrationId()).tags).isEmpty();
        }
    }

    @Test
    void wrongSecretOnTheDeviceApiIsA7001() throws Exception {
        JPushClient wrong = SdkHarness.client(t, t.app.appKey(), "0".repeat(24));
        try (WsClient c = t.connect(t.app, "android")) {
            APIRequestException e = apiError(() -> wrong.getDeviceTagAlias(c.registrationId()));
            assertThat(e.getStatus()).isEqualTo(401);
            assertThat(e.getErrorCode()).isEqualTo(7001);
            APIRequestException tags = apiError(wrong::getTagList);
            assertThat(tags.getErrorCode()).isEqualTo(7001);
        }
    }
}
