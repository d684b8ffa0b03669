package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.herald.server.group.GroupHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The native group and robot admin API over HTTP: answers, history paging, and errors in the native shape. */
class GroupApiTest {
    @TempDir
    Path dir;
    TestServer t;
    GroupHarness h;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        h = new GroupHarness(t);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = TestServer.json(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(messagePart);
        assertThat(error.get("docs").asText()).isEqualTo("docs/api.md#" + code.replace('_', '-'));
    }

    @Test
    void groupsAreCreatedListedAndDeletedWithinTheirApp() {
        HttpResponse<String> created = t.post("/api/v1/groups", t.app, "{\"name\":\"Ops\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode group = TestServer.json(created.body());
        String id = group.get("id").asText();
        assertThat(group.get("name").asText()).isEqualTo("Ops");
        assertThat(TestServer.json(t.get("/api/v1/groups", t.app).body()).get("groups"))
                .extracting(g -> g.get("id").asText()).containsExactly(id);
        assertThat(TestServer.json(t.get("/api/v1/groups/" + id, t.app).body()).get("name").asText())
                .isEqualTo("Ops");

        App other = t.createApp("other", false, 600);
        assertError(t.get("/api/v1/groups/" + id, other), 404, "not_found", "group " + id);
        assertThat(TestServer.json(t.get("/api/v1/groups", other).body()).get("groups")).isEmpty();
        assertError(t.delete("/api/v1/groups/" + id, other), 404, "not_found", "not found");

        assertThat(t.delete("/api/v1/groups/" + id, t.app).statusCode()).isEqualTo(200);
        assertError(t.get("/api/v1/groups/" + id, t.app), 404, "not_found", "not found");
        assertError(t.get("/api/v1/groups/abc/members", t.app), 404, "not_found", "group abc");
    }

    @Test
    void badRequestsGetNativeErrors() {
        assertError(t.post("/api/v1/groups", t.app, "{}"), 400, "missing_parameter", "name");
        assertError(t.post("/api/v1/groups", t.app, "{\"name\":\"\"}"), 400, "invalid_parameter", "name");
        assertError(t.post("/api/v1/groups", t.app, "{\"name\":"), 400, "invalid_parameter", "malformed JSON");
        App wrong = new App(0, t.app.appKey(), "not-the-secret", "x", false, 1, java.util.List.of(), true, 0);
        assertError(t.get("/api/v1/groups", wrong), 401, "auth_failed", "wrong masterSecret");
        String id = h.createGroup("Ops");
        assertError(t.post("/api/v1/groups/" + id + "/members", t.app, "{\"add\":[{\"alias\":\"a\","
                + "\"registrationId\":\"r\"}]}"), 400, "invalid_parameter", "add[0] needs exactly one");
        assertError(t.post("/api/v1/groups/" + id + "/members", t.app, "{\"add\":[{\"alias\":\"a\","
                + "\"mobile\":\"phone\"}]}"), 400, "invalid_parameter", "add[0].mobile");
        assertError(t.post("/api/v1/groups/" + id + "/members", t.app, "{}"), 400, "missing_parameter",
                "nothing to change");
        assertError(t.get("/api/v1/groups/" + id + "/messages?limit=0", t.app), 400, "invalid_parameter",
                "limit");
        assertError(t.post("/api/v1/groups/" + id + "/robots", t.app, "{\"name\":\"ci\",\"ipAllowlist\":"
                + "[\"example.com\"]}"), 400, "invalid_parameter", "ipAllowlist");
        assertError(t.post("/api/v1/groups/" + id + "/robots", t.app, "{\"name\":\"ci\",\"keywords\":"
                + "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}"), 400, "invalid_parameter",
                "keywords");
        assertError(t.post("/api/v1/groups/" + id + "/robots", t.app, "{\"name\":\"ci\",\"sign\":\"yes\"}"),
                400, "invalid_parameter", "sign");
    }

    @Test
    void membersAreAddedUpdatedListedAndRemoved() {
        String id = h.createGroup("Ops");
        HttpResponse<String> r = t.post("/api/v1/groups/" + id + "/members", t.app, "{\"add\":["
                + "{\"alias\":\"u1\",\"mobile\":\"13800000000\",\"userId\":\"u1\"},{\"registrationId\":\"r9\"}]}");
        assertThat(TestServer.json(r.body()).get("members").asInt()).isEqualTo(2);
        t.post("/api/v1/groups/" + id + "/members", t.app,
                "{\"add\":[{\"alias\":\"u1\",\"userId\":\"user-1\"}],\"remove\":[{\"registrationId\":\"r9\"}]}");
        JsonNode members = TestServer.json(t.get("/api/v1/groups/" + id + "/members", t.app).body())
                .get("members");
        assertThat(members.toString()).isEqualTo("[{\"alias\":\"u1\",\"userId\":\"user-1\"}]");
    }

    @Test
    void historyPagesThroughTheGroupsMessages() {
        String id = h.createGroup("Ops");
        JsonNode robot = h.createRobot(id, "{\"name\":\"ci\"}");
        for (int i = 1; i <= 3; i++) {
            h.sendOk(robot.get("webhook").asText(), text("build " + i));
        }
        JsonNode page = TestServer.json(t.get("/api/v1/groups/" + id + "/messages?limit=2", t.app).body());
        assertThat(page.get("more").asBoolean()).isTrue();
        JsonNode first = page.get("messages").get(0);
        assertThat(first.get("id").asText()).startsWith("g");
        assertThat(first.get("group").asText()).isEqualTo(id);
        assertThat(first.get("robot").asText()).isEqualTo("ci");
        assertThat(first.get("msgtype").asText()).isEqualTo("text");
        assertThat(first.get("content").toString()).isEqualTo("{\"content\":\"build 1\"}");
        assertThat(first.get("at").toString()).isEqualTo("{\"atMobiles\":[],\"atUserIds\":[],\"isAtAll\":false}");
        assertThat(first.get("html").asText()).isEqualTo("<p>build 1</p>\n");
        assertThat(first.get("ts").asLong()).isEqualTo(t.clock.millis());
        String since = page.get("messages").get(1).get("id").asText();
        JsonNode rest = TestServer.json(t.get("/api/v1/groups/" + id + "/messages?since=" + since, t.app).body());
        assertThat(rest.get("messages")).extracting(m -> m.get("content").get("content").asText())
                .containsExactly("build 3");
        assertThat(rest.get("more").asBoolean()).isFalse();
    }

    @Test
    void robotsAreCreatedListedRotatedAndDeleted() {
        String id = h.createGroup("Ops");
        JsonNode robot = h.createRobot(id, "{\"name\":\"ci\",\"keywords\":[\"build\"],\"sign\":true,"
                + "\"ipAllowlist\":[\"127.0.0.1/32\"]}");
        String webhook = robot.get("webhook").asText();
        assertThat(webhook).matches("http://127\\.0\\.0\\.1:" + t.port() + "/robot/send\\?access_token=[0-9a-f]{64}");
        assertThat(robot.get("secret").asText()).matches("SEC[0-9a-f]{64}");
        assertThat(robot.get("sign").asBoolean()).isTrue();
        assertThat(robot.get("keywords").toString()).isEqualTo("[\"build\"]");
        assertThat(robot.get("ipAllowlist").toString()).isEqualTo("[\"127.0.0.1/32\"]");
        JsonNode listed = TestServer.json(t.get("/api/v1/groups/" + id + "/robots", t.app).body()).get("robots");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("webhook").asText()).isEqualTo(webhook);

        String robotId = robot.get("id").asText();
        JsonNode rotated = TestServer.json(t.post("/api/v1/groups/" + id + "/robots/" + robotId + "/rotate",
                t.app, "").body());
        assertThat(rotated.get("webhook").asText()).isNotEqualTo(webhook);
        assertThat(rotated.get("secret").asText()).isNotEqualTo(robot.get("secret").asText());
        assertThat(h.sendJson(webhook, text("build")).get("errcode").asInt()).as("the old token is gone")
                .isEqualTo(300001);
        String fresh = GroupHarness.signed(rotated.get("webhook").asText(), rotated.get("secret").asText(),
                t.clock.millis());
        h.sendOk(fresh, text("build ok"));

        assertThat(t.delete("/api/v1/groups/" + id + "/robots/" + robotId, t.app).statusCode()).isEqualTo(200);
        assertThat(h.sendJson(fresh, text("build")).get("errcode").asInt()).isEqualTo(300001);
        assertError(t.delete("/api/v1/groups/" + id + "/robots/" + robotId, t.app), 404, "not_found", "robot");
    }
}
