package dev.herald.server.jpush;

import cn.jpush.api.push.PushResult;
import cn.jpush.api.push.model.Platform;
import cn.jpush.api.push.model.PushPayload;
import cn.jpush.api.push.model.audience.Audience;
import cn.jpush.api.push.model.notification.Notification;
import cn.jpush.api.report.MessageStatus;
import cn.jpush.api.report.ReceivedsResult;
import cn.jpush.api.report.ReportClient;
import cn.jpush.api.report.model.CheckMessagePayload;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.herald.server.jpush.SdkHarness.apiError;
import static dev.herald.server.jpush.SdkHarness.nextPush;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery reports read with the JPush SDK, counted from the acknowledgements of Herald's clients. */
class JpushSdkReportTest extends JpushSdkTestBase {
    private PushResult pushTo(String alert, String... rids) throws Exception {
        return jpush.sendPush(PushPayload.newBuilder()
                .setPlatform(Platform.all())
                .setAudience(Audience.registrationId(rids))
                .setNotification(Notification.alert(alert))
                .build());
    }

    @Test
    void receivedCountsAcknowledgementsPerPlatform() throws Exception {
        try (WsClient android = t.connect(t.app, "android"); WsClient ios = t.connect(t.app, "ios");
             WsClient web = t.connect(t.app, "web")) {
            PushResult r = pushTo("count me", android.registrationId(), ios.registrationId(), web.registrationId());
            String id = Long.toString(r.msg_id);
            nextPush(android, r.msg_id);
            nextPush(ios, r.msg_id);
            nextPush(web, r.msg_id);

            ReceivedsResult before = jpush.getReportReceiveds(id);
            assertThat(before.isResultOK()).isTrue();
            assertThat(before.received_list).hasSize(1);
            assertThat(before.received_list.get(0).msg_id).isEqualTo(r.msg_id);
            assertThat(before.received_list.get(0).android_received).isZero();

            android.ack(id);
            ios.ack(id);
            // web does not acknowledge
            ReceivedsResult after = SdkHarness.await("android and ios acks counted",
                    () -> jpush.getReportReceiveds(id),
                    res -> res.received_list.get(0).android_received == 1
                            && res.received_list.get(0).ios_msg_received == 1);
            ReceivedsResult.Received row = after.received_list.get(0);
            assertThat(row.msg_id).isEqualTo(r.msg_id);
            assertThat(row.android_received).isEqualTo(1);
            assertThat(row.ios_msg_received).isEqualTo(1);
            assertThat(row.ios_apns_sent).isZero();

            ReceivedsResult detail = jpush.getReceivedsDetail(id);
            assertThat(detail.received_list).hasSize(1);
            assertThat(detail.received_list.get(0).jpush_received).isEqualTo(2);
            assertThat(detail.received_list.get(0).android_received).isEqualTo(1);
        }
    }

    @Test
    void receivedForSeveralMessagesAtOnce() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            PushResult first = pushTo("one", c.registrationId());
            PushResult second = pushTo("two", c.registrationId());
            nextPush(c, first.msg_id);
            nextPush(c, second.msg_id);
            c.ack(Long.toString(first.msg_id));

            String ids = first.msg_id + "," + second.msg_id;
            ReceivedsResult res = SdkHarness.await("first ack counted", () -> jpush.getReportReceiveds(ids),
                    rr -> rr.received_list.get(0).android_received == 1);
            assertThat(res.received_list).extracting(row -> row.msg_id)
                    .containsExactly(first.msg_id, second.msg_id);
            assertThat(res.received_list.get(1).android_received).isZero();

            ReportClient reports = new ReportClient(t.app.masterSecret(), t.app.appKey());
            ReceivedsResult viaArray = reports.getReceiveds(
                    new String[] {Long.toString(first.msg_id), Long.toString(second.msg_id)});
            assertThat(viaArray.received_list).hasSize(2);

            // the SDK's own check lets empty entries through and sends the string as given
            ReceivedsResult sloppy = jpush.getReportReceiveds(first.msg_id + ",," + second.msg_id + ",");
            assertThat(sloppy.received_list).extracting(row -> row.msg_id)
                    .containsExactly(first.msg_id, second.msg_id);
        }
    }

    @Test
    void messageStatusTellsDeliveredPendingUnknownAndNotTargeted() throws Exception {
        try (WsClient acked = t.connect(t.app, "android"); WsClient pending = t.connect(t.app, "web");
             WsClient outsider = t.connect(t.app, "web")) {
            PushResult r = pushTo("status", acked.registrationId(), pending.registrationId());
            nextPush(acked, r.msg_id);
            nextPush(pending, r.msg_id);
            acked.ack(Long.toString(r.msg_id));

            CheckMessagePayload query = CheckMessagePayload.newBuilder()
                    .setMsgId(r.msg_id)
                    .addRegistrationIds(acked.registrationId(), pending.registrationId(),
                            outsider.registrationId(), "ffffffffffffffffffff")
                    .build();
            Map<String, MessageStatus> status = SdkHarness.await("ack recorded",
                    () -> jpush.getMessageStatus(query), s -> s.get(acked.registrationId()).getStatus() == 0);
            assertThat(status).hasSize(4);
            assertThat(status.get(acked.registrationId()).getStatus()).isZero();
            assertThat(status.get(pending.registrationId()).getStatus()).isEqualTo(1);
            assertThat(status.get(outsider.registrationId()).getStatus()).isEqualTo(3);
            assertThat(status.get("ffffffffffffffffffff").getStatus()).isEqualTo(2);
        }
    }

    @Test
    void messageStatusOfAnUnknownMessageIsAnError() throws Exception {
        try (WsClient c = t.connect(t.app, "android")) {
            CheckMessagePayload query = CheckMessagePayload.newBuilder()
                    .setMsgId(987654321L).addRegistrationIds(c.registrationId()).build();
            var e = apiError(() -> jpush.getMessageStatus(query));
            assertThat(e.getStatus()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(1003);
        }
    }
}
