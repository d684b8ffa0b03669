package dev.herald.server.robot;

import com.dingtalk.api.DefaultDingTalkClient;
import com.dingtalk.api.request.OapiRobotSendRequest;
import com.dingtalk.api.response.OapiRobotSendResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.taobao.api.ApiException;
import dev.herald.client.ConnectionState;
import dev.herald.client.GroupMessage;
import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldListener;
import dev.herald.client.MemoryStorage;
import dev.herald.client.Push;
import dev.herald.server.group.GroupHarness;
import dev.herald.server.testing.Await;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official DingTalk Java SDK ({@code alibaba-dingtalk-service-sdk}) posts every message type to a Herald robot,
 * unsigned and signed, and group members on Herald's own Java SDK receive each one, with {@code mentioned} right for
 * {@code atMobiles}, {@code atUserIds} and {@code isAtAll}, plus a notification push when they are mentioned.
 */
class DingTalkSdkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    TestServer t;
    GroupHarness h;
    final List<HeraldClient> clients = new ArrayList<>();

    /** A member device: what its listener heard. */
    static final class Member implements HeraldListener {
        final List<GroupMessage> messages = new CopyOnWriteArrayList<>();
        final List<Push> pushes = new CopyOnWriteArrayList<>();
        HeraldClient client;

        @Override
        public void onGroupMessage(GroupMessage message) {
            messages.add(message);
        }

        @Override
        public void onPush(Push push) {
            pushes.add(push);
        }

        List<Boolean> mentions() {
            return messages.stream().map(GroupMessage::mentioned).toList();
        }
    }

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        h = new GroupHarness(t);
    }

    @AfterEach
    void stop() {
        clients.forEach(HeraldClient::close);
        t.close();
    }

    private Member connect() {
        Member m = new Member();
        m.client = HeraldClient.builder().url(t.wsUri().toString()).appKey(t.app.appKey()).platform("android")
                .storage(new MemoryStorage()).ackBatch(100, 20).listener(m).build();
        clients.add(m.client);
        m.client.connect();
        Await.until("connected", WAIT, () -> m.client.state() == ConnectionState.CONNECTED);
        return m;
    }

    private static OapiRobotSendRequest.At at(List<String> mobiles, List<String> userIds, boolean all) {
        OapiRobotSendRequest.At at = new OapiRobotSendRequest.At();
        at.setAtMobiles(mobiles);
        at.setAtUserIds(userIds);
        at.setIsAtAll(all);
        return at;
    }

    /** The five message types, as the SDK builds them: text @alice's mobile, markdown @bob's user id, card @all. */
    private static List<OapiRobotSendRequest> fiveTypes() {
        OapiRobotSendRequest text = new OapiRobotSendRequest();
        text.setMsgtype("text");
        OapiRobotSendRequest.Text t = new OapiRobotSendRequest.Text();
        t.setContent("deploy done @13800000000");
        text.setText(t);
        text.setAt(at(List.of("13800000000"), null, false));

        OapiRobotSendRequest link = new OapiRobotSendRequest();
        link.setMsgtype("link");
        OapiRobotSendRequest.Link l = new OapiRobotSendRequest.Link();
        l.setTitle("Release 1.2");
        l.setText("notes");
        l.setMessageUrl("https://example.com/r/1.2");
        l.setPicUrl("https://example.com/p.png");
        link.setLink(l);

        OapiRobotSendRequest markdown = new OapiRobotSendRequest();
        markdown.setMsgtype("markdown");
        OapiRobotSendRequest.Markdown md = new OapiRobotSendRequest.Markdown();
        md.setTitle("Build");
        md.setText("#### build **red**\n> see [log](https://ci.example/1)");
        markdown.setMarkdown(md);
        markdown.setAt(at(null, List.of("bob"), false));

        OapiRobotSendRequest card = new OapiRobotSendRequest();
        card.setMsgtype("actionCard");
        OapiRobotSendRequest.Actioncard ac = new OapiRobotSendRequest.Actioncard();
        ac.setTitle("Deploy?");
        ac.setText("### Deploy 1.2 to production?");
        OapiRobotSendRequest.Btns yes = new OapiRobotSendRequest.Btns();
        yes.setTitle("Yes");
        yes.setActionURL("https://ci.example/yes");
        OapiRobotSendRequest.Btns no = new OapiRobotSendRequest.Btns();
        no.setTitle("No");
        no.setActionURL("https://ci.example/no");
        ac.setBtns(List.of(yes, no));
        ac.setBtnOrientation("1");
        card.setActionCard(ac);
        card.setAt(at(null, null, true));

        OapiRobotSendRequest feed = new OapiRobotSendRequest();
        feed.setMsgtype("feedCard");
        OapiRobotSendRequest.Feedcard fc = new OapiRobotSendRequest.Feedcard();
        OapiRobotSendRequest.Links one = new OapiRobotSendRequest.Links();
        one.setTitle("Incident 7");
        one.setMessageURL("https://status.example/7");
        one.setPicURL("https://status.example/7.png");
        fc.setLinks(List.of(one));
        feed.setFeedCard(fc);
        return List.of(text, link, markdown, card, feed);
    }

    private static void sendAll(String url) throws ApiException {
        DefaultDingTalkClient sdk = new DefaultDingTalkClient(url);
        for (OapiRobotSendRequest request : fiveTypes()) {
            OapiRobotSendResponse response = sdk.execute(request);
            assertThat(response.getErrcode()).as(request.getMsgtype() + ": " + response.getBody()).isZero();
            assertThat(response.isSuccess()).isTrue();
        }
    }

    @Test
    void theOfficialSdkPostsEveryTypeSignedAndUnsignedAndMembersReceiveThem() throws ApiException {
        Member alice = connect();
        Member bob = connect();
        Member carol = connect();
        String aliceRid = alice.client.registrationId();
        assertThat(t.post("/v3/devices/" + aliceRid, t.app, "{\"alias\":\"alice\"}").statusCode()).isEqualTo(200);
        String group = h.createGroup("Ops");
        h.addMembers(group, "[{\"alias\":\"alice\",\"mobile\":\"13800000000\"},"
                + "{\"registrationId\":\"" + bob.client.registrationId() + "\",\"userId\":\"bob\"},"
                + "{\"registrationId\":\"" + carol.client.registrationId() + "\",\"mobile\":\"13900000000\"}]");
        String plain = h.createRobot(group, "{\"name\":\"ci\"}").get("webhook").asText();
        JsonNode signedRobot = h.createRobot(group, "{\"name\":\"ci-signed\",\"sign\":true}");

        sendAll(plain);
        sendAll(GroupHarness.signed(signedRobot.get("webhook").asText(), signedRobot.get("secret").asText(),
                t.clock.millis()));

        for (Member m : List.of(alice, bob, carol)) {
            Await.until("ten group messages", WAIT, () -> m.messages.size() == 10);
            assertThat(m.messages).extracting(GroupMessage::msgtype).containsExactly("text", "link", "markdown",
                    "actionCard", "feedCard", "text", "link", "markdown", "actionCard", "feedCard");
            assertThat(m.messages).extracting(GroupMessage::robot).containsExactly("ci", "ci", "ci", "ci", "ci",
                    "ci-signed", "ci-signed", "ci-signed", "ci-signed", "ci-signed");
            assertThat(m.messages).extracting(GroupMessage::group).containsOnly(group);
        }
        //                                       text   link   md     card  feed
        assertThat(alice.mentions()).containsExactly(true, false, false, true, false, true, false, false, true, false);
        assertThat(bob.mentions()).containsExactly(false, false, true, true, false, false, false, true, true, false);
        assertThat(carol.mentions()).containsExactly(false, false, false, true, false, false, false, false, true,
                false);

        GroupMessage text = alice.messages.get(0);
        assertThat(text.content()).containsEntry("content", "deploy done @13800000000");
        assertThat(text.atMobiles()).containsExactly("13800000000");
        assertThat(text.html()).isEqualTo("<p>deploy done @13800000000</p>\n");
        GroupMessage link = alice.messages.get(1);
        assertThat(link.content()).containsEntry("messageUrl", "https://example.com/r/1.2");
        assertThat(link.html()).contains("href=\"https://example.com/r/1.2\"", "<strong>Release 1.2</strong>");
        GroupMessage markdown = bob.messages.get(2);
        assertThat(markdown.atUserIds()).containsExactly("bob");
        assertThat(markdown.html()).contains("<h4>build <strong>red</strong></h4>", "<blockquote>",
                "href=\"https://ci.example/1\"");
        GroupMessage card = carol.messages.get(3);
        assertThat(card.isAtAll()).isTrue();
        assertThat(card.content()).containsEntry("btnOrientation", "1");
        assertThat(card.html()).contains("<h3>Deploy 1.2 to production?</h3>", "href=\"https://ci.example/yes\"",
                ">Yes</a>", ">No</a>");
        GroupMessage feed = carol.messages.get(4);
        assertThat(feed.html()).contains("href=\"https://status.example/7\"", "Incident 7");

        // the mentioned ones also got a notification push each: alice 4, bob 4, carol 2
        Await.until("mention pushes", WAIT, () -> alice.pushes.size() == 4 && bob.pushes.size() == 4
                && carol.pushes.size() == 2);
        Push mention = alice.pushes.get(0);
        assertThat(mention.isNotification()).isTrue();
        assertThat(mention.title()).isEqualTo("Ops");
        assertThat(mention.alert()).isEqualTo("ci: deploy done @13800000000");
        assertThat(mention.extras()).containsEntry("group", group)
                .containsEntry("groupMessageId", alice.messages.get(0).id()).containsEntry("robot", "ci");
    }

    @Test
    void theSdkReadsRefusalsInDingTalksShape() throws ApiException {
        String group = h.createGroup("Ops");
        JsonNode robot = h.createRobot(group, "{\"name\":\"ci\",\"sign\":true}");
        DefaultDingTalkClient sdk = new DefaultDingTalkClient(GroupHarness.signed(robot.get("webhook").asText(),
                "SECnot-the-secret", t.clock.millis()));
        OapiRobotSendResponse response = sdk.execute(fiveTypes().get(1));
        assertThat(response.isSuccess()).isFalse();
        assertThat(response.getErrcode()).isEqualTo(310000L);
        assertThat(response.getErrmsg()).isEqualTo("sign not match");
    }
}
