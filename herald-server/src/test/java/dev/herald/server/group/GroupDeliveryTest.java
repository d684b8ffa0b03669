package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.herald.server.group.GroupHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Group frames over the raw protocol (the JDK's WebSocket): live, caught up on reconnect, acknowledged. */
class GroupDeliveryTest {
    @TempDir
    Path dir;
    TestServer t;
    GroupHarness h;
    String group;
    String webhook;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        h = new GroupHarness(t);
        group = h.createGroup("Ops");
        webhook = h.createRobot(group, "{\"name\":\"ci\"}").get("webhook").asText();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void anOnlineMemberGetsTheGroupFrame() {
        try (WsClient c = t.connect(t.app, "web")) {
            h.addMembers(group, "[{\"registrationId\":\"" + c.registrationId() + "\"}]");
            h.sendOk(webhook, text("hello <b>team</b>"));
            JsonNode frame = c.next("group");
            assertThat(frame.get("group").asText()).isEqualTo(group);
            assertThat(frame.get("id").asText()).matches("g\\d+");
            assertThat(frame.get("robot").asText()).isEqualTo("ci");
            assertThat(frame.get("msgtype").asText()).isEqualTo("text");
            assertThat(frame.get("content").toString()).isEqualTo("{\"content\":\"hello <b>team</b>\"}");
            assertThat(frame.get("at").toString()).isEqualTo("{\"atMobiles\":[],\"atUserIds\":[],\"isAtAll\":false}");
            assertThat(frame.get("html").asText()).isEqualTo("<p>hello &lt;b&gt;team&lt;/b&gt;</p>\n");
            assertThat(frame.get("mentioned").asBoolean()).isFalse();
            assertThat(frame.get("ts").asLong()).isEqualTo(t.clock.millis());
        }
    }

    private static List<String> ops(List<JsonNode> frames) {
        return frames.stream().map(f -> f.get("op").asText() + ":" + f.path("id").asText()).toList();
    }

    /** Everything the server sends up to the pong of a ping: with a ping as barrier, absence is provable. */
    private static List<JsonNode> untilPong(WsClient c) {
        c.send("{\"op\":\"ping\"}");
        List<JsonNode> frames = new java.util.ArrayList<>();
        for (JsonNode f = c.next(); !"pong".equals(f.get("op").asText()); f = c.next()) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void anOfflineMemberCatchesUpAfterItsPushesInOrderUntilItAcknowledges() {
        String rid;
        String secret;
        try (WsClient c = t.connect(t.app, "web")) {
            rid = c.registrationId();
            secret = c.deviceSecret();
        }
        h.sendOk(webhook, text("before joining"));
        h.addMembers(group, "[{\"registrationId\":\"" + rid + "\"}]");
        for (int i = 1; i <= 3; i++) {
            h.sendOk(webhook, text("missed " + i));
        }
        String push = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + rid
                + "\"]},\"notification\":{\"alert\":\"stored push\"}}");
        List<JsonNode> first;
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            first = untilPong(c);
            assertThat(ops(first)).as("pushes first, then the group, oldest first; nothing from before joining")
                    .containsExactly("push:" + push, "group:" + first.get(1).get("id").asText(),
                            "group:" + first.get(2).get("id").asText(), "group:" + first.get(3).get("id").asText());
            assertThat(first.subList(1, 4)).extracting(f -> f.get("content").get("content").asText())
                    .containsExactly("missed 1", "missed 2", "missed 3");
            c.ack(push, first.get(2).get("id").asText()); // acknowledges "missed 1" and "missed 2"
            untilPong(c);
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret);
            List<JsonNode> second = untilPong(c);
            assertThat(ops(second)).containsExactly("group:" + first.get(3).get("id").asText());
            // not acknowledged on this connection: the next hello carries the ack
        }
        try (WsClient c = WsClient.open(t.wsUri())) {
            c.hello(t.app.appKey(), "web", rid, secret, List.of(first.get(3).get("id").asText()));
            assertThat(untilPong(c)).as("everything acknowledged").isEmpty();
            h.sendOk(webhook, text("live again"));
            assertThat(c.next("group").get("content").get("content").asText()).isEqualTo("live again");
        }
    }

    @Test
    void aMentionedMemberGetsAMentionedFrameAndANotificationPush() {
        try (WsClient alice = t.connect(t.app, "web"); WsClient bob = t.connect(t.app, "web")) {
            h.addMembers(group, "[{\"registrationId\":\"" + alice.registrationId() + "\",\"userId\":\"alice\"},"
                    + "{\"registrationId\":\"" + bob.registrationId() + "\",\"mobile\":\"13800000000\"}]");
            h.sendOk(webhook, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"Disk full\",\"text\":\"# db1\"},"
                    + "\"at\":{\"atUserIds\":[\"alice\"]}}");
            JsonNode frame = alice.next("group");
            assertThat(frame.get("mentioned").asBoolean()).isTrue();
            assertThat(frame.get("at").get("atUserIds").toString()).isEqualTo("[\"alice\"]");
            JsonNode push = alice.next("push");
            assertThat(push.get("kind").asText()).isEqualTo("notification");
            assertThat(push.get("title").asText()).isEqualTo("Ops");
            assertThat(push.get("alert").asText()).isEqualTo("ci: Disk full");
            assertThat(push.get("extras").get("groupMessageId").asText()).isEqualTo(frame.get("id").asText());
            List<JsonNode> bobs = untilPong(bob);
            assertThat(ops(bobs)).containsExactly("group:" + frame.get("id").asText());
            assertThat(bobs.get(0).get("mentioned").asBoolean()).isFalse();
        }
    }

    @Test
    void aMemberByAliasFollowsTheAlias() {
        try (WsClient c = t.connect(t.app, "web")) {
            h.addMembers(group, "[{\"alias\":\"ops_oncall\",\"mobile\":\"13800000000\"}]");
            h.sendOk(webhook, text("nobody holds the alias yet"));
            assertThat(untilPong(c)).isEmpty();
            t.post("/v3/devices/" + c.registrationId(), t.app, "{\"alias\":\"ops_oncall\"}");
            h.sendOk(webhook, "{\"msgtype\":\"text\",\"text\":{\"content\":\"@13800000000 paged\"},"
                    + "\"at\":{\"atMobiles\":[\"13800000000\"]}}");
            JsonNode frame = c.next("group");
            assertThat(frame.get("content").get("content").asText()).isEqualTo("@13800000000 paged");
            assertThat(frame.get("mentioned").asBoolean()).isTrue();
        }
    }
}
