package dev.herald.server.robot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.group.GroupHarness;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static dev.herald.server.group.GroupHarness.signed;
import static dev.herald.server.group.GroupHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of {@code /robot/send}, each from a request built by hand with the JDK's HttpClient: always HTTP 200
 * with DingTalk's errcode and errmsg. The one-hour window and the rate limit run on the test's clock.
 */
class RobotWebhookTest {
    @TempDir
    Path dir;
    TestServer t;
    GroupHarness h;
    String group;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        h = new GroupHarness(t);
        group = h.createGroup("Ops");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private String robot(String settings) {
        return h.createRobot(group, "{\"name\":\"ci\"" + settings + "}").get("webhook").asText();
    }

    private void answers(String url, String body, int errcode, String errmsg) {
        HttpResponse<String> r = h.send(url, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        JsonNode answer = TestServer.json(r.body());
        assertThat(answer.get("errcode").asInt()).as(r.body()).isEqualTo(errcode);
        assertThat(answer.get("errmsg").asText()).as(r.body()).startsWith(errmsg);
    }

    @Test
    void anAcceptedPostAnswersOk() {
        HttpResponse<String> r = h.send(robot(""), text("hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Test
    void unknownOrMissingTokens() {
        answers(t.uri("/robot/send?access_token=" + "0".repeat(64)).toString(), text("x"), 300001,
                "token is not exist");
        answers(t.uri("/robot/send").toString(), text("x"), 40035, "missing parameter access_token");
    }

    @Test
    void keywordsMustOccurInTheContent() {
        String url = robot(",\"keywords\":[\"alert\",\"build\"]");
        answers(url, text("all quiet"), 310000, "keywords not in content");
        answers(url, "{\"msgtype\":\"link\",\"link\":{\"title\":\"x\",\"text\":\"y\","
                + "\"messageUrl\":\"https://alert.example\"}}", 310000, "keywords not in content");
        answers(url, text("build 17 failed"), 0, "ok");
        answers(url, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"Alert\",\"text\":\"## alert: disk\"}}",
                0, "ok");
    }

    @Test
    void signedRobotsCheckTheSignatureAndTheOneHourWindow() {
        JsonNode robot = h.createRobot(group, "{\"name\":\"ci\",\"sign\":true}");
        String url = robot.get("webhook").asText();
        String secret = robot.get("secret").asText();
        long now = t.clock.millis();
        answers(url, text("x"), 310000, "invalid timestamp");
        answers(url + "&timestamp=" + now, text("x"), 310000, "sign not match");
        answers(signed(url, "SECwrong", now), text("x"), 310000, "sign not match");
        answers(signed(url, secret, now - Duration.ofHours(1).toMillis() - 1), text("x"), 310000,
                "invalid timestamp");
        answers(signed(url, secret, now + Duration.ofHours(1).toMillis() + 1), text("x"), 310000,
                "invalid timestamp");
        answers(url + "&timestamp=yesterday&sign=x", text("x"), 310000, "invalid timestamp");
        answers(signed(url, secret, now - Duration.ofHours(1).toMillis()), text("x"), 0, "ok");
        answers(signed(url, secret, now), text("x"), 0, "ok");
        String early = signed(url, secret, now);
        t.clock.advance(Duration.ofHours(1).plusMillis(1));
        answers(early, text("x"), 310000, "invalid timestamp");
    }

    @Test
    void theIpAllowlistIsChecked() {
        answers(robot(",\"ipAllowlist\":[\"10.0.0.0/8\",\"2001:db8::/32\"]"), text("x"), 310000,
                "ip 127.0.0.1 not in whitelist");
        answers(robot(",\"ipAllowlist\":[\"10.0.0.0/8\",\"127.0.0.0/8\"]"), text("x"), 0, "ok");
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        String url = robot("");
        answers(url, "", 40035, "missing parameter json");
        answers(url, "{\"msgtype\":\"text\",", 40035, "invalid parameter json: malformed JSON");
        answers(url, "{\"msgtype\":\"voice\",\"voice\":{}}", 400105, "unsupported msgtype voice");
        answers(url, "{\"msgtype\":\"text\",\"text\":{}}", 40035, "missing parameter text.content");
        answers(url, "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\"}}", 40035,
                "missing parameter link.messageUrl");
        answers(url, "{\"text\":{\"content\":\"x\"}}", 40035, "missing parameter msgtype");
    }

    @Test
    void theTwentyFirstMessageWithinAMinuteIsRefusedAndTheRobotRecoversTenMinutesLater() {
        String url = robot(",\"keywords\":[\"build\"]");
        for (int i = 1; i <= 20; i++) {
            answers(url, text("build " + i), 0, "ok");
            if (i % 5 == 0) {
                answers(url, text("refused, so not counted"), 310000, "keywords not in content");
                t.clock.advance(Duration.ofSeconds(5));
            }
        }
        answers(url, text("build 21"), 130101, "send too fast, exceed 20 times per minute");
        t.clock.advance(Duration.ofMinutes(1));
        answers(url, text("build 22"), 130101, "send too fast");
        String other = h.createRobot(group, "{\"name\":\"other\"}").get("webhook").asText();
        answers(other, text("another robot is not throttled"), 0, "ok");
        t.clock.advance(Duration.ofMinutes(9).minusMillis(1));
        answers(url, text("build 23"), 130101, "send too fast");
        t.clock.advance(Duration.ofMillis(1));
        answers(url, text("build 24"), 0, "ok");
        JsonNode history = TestServer.json(t.get("/api/v1/groups/" + group + "/messages?limit=1000", t.app).body());
        assertThat(history.get("messages")).hasSize(22);
    }

    @Test
    void otherMethodsAreNotTheWebhook() {
        HttpResponse<String> r = t.send(HttpRequest.newBuilder(URI.create(robot(""))).GET().build());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}
