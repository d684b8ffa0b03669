package dev.herald.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** /v3/push over HTTP with the JDK client: every JPush error that applies, rate limits, validate, cid, override. */
class PushApiTest {
    @TempDir
    Path dir;
    TestServer t;
    WsClient device;

    @BeforeEach
    void start() {
        t = TestServer.start(dir, b -> b.maxHttpBodyBytes(16 * 1024));
        device = t.connect(t.app, "android");
    }

    @AfterEach
    void stop() {
        device.close();
        t.close();
    }

    private String body(String extra) {
        return "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + device.registrationId() + "\"]},"
                + "\"notification\":{\"alert\":\"hi\"}" + extra + "}";
    }

    private static void assertError(HttpResponse<String> r, int status, int code, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode err = TestServer.json(r.body()).get("error");
        assertThat(err.get("code").asInt()).isEqualTo(code);
        assertThat(err.get("message").asText()).containsIgnoringCase(messagePart);
    }

    @Test
    void jpushErrorCodes() {
        assertError(t.post("/v3/push", t.app, "{\"platform\":\"all\",\"notification\":{\"alert\":\"x\"}}"),
                400, 1002, "audience");
        assertError(t.post("/v3/push", t.app, body(",\"options\":{\"time_to_live\":-1}")), 400, 1003, "time_to_live");
        assertError(t.post("/v3/push", t.app, "{\"platform\":\"all\",\n\"audience\":\"all\",}"), 400, 1003,
                "line 2");
        App wrongSecret = new App(0, t.app.appKey(), "nope", "x", false, 1, java.util.List.of(), true, 0);
        assertError(t.post("/v3/push", wrongSecret, body("")), 401, 1004, "masterSecret");
        assertError(t.send(HttpRequest.newBuilder(t.uri("/v3/push"))
                .POST(HttpRequest.BodyPublishers.ofString(body(""))).build()), 401, 1004, "authorization");
        assertError(t.post("/v3/push", t.app, body(",\"message\":{\"msg_content\":\"" + "x".repeat(4000) + "\"}")),
                400, 1005, "4000");
        assertError(t.post("/v3/push", t.app, body(",\"message\":{\"msg_content\":\"" + "x".repeat(20_000)
                + "\"}")), 400, 1005, "larger than");
        App unknown = new App(0, "0123456789abcdef01234567", "x", "x", false, 1, java.util.List.of(), true, 0);
        assertError(t.post("/v3/push", unknown, body("")), 400, 1008, "does not exist");
        assertError(t.post("/v3/push", t.app, body(",\"shiny\":1")), 400, 1009, "shiny");
        assertError(t.send(HttpRequest.newBuilder(t.uri("/v3/push")).header("Authorization", TestServer.basic(t.app))
                .GET().build()), 405, 1001, "GET");
        // the server still works after all that, and the device got nothing but what was accepted
        String id = t.push(t.app, body(""));
        assertThat(device.next("push").get("id").asText()).isEqualTo(id);
    }

    @Test
    void officialSdkBodyIsAccepted() {
        String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":{\"ai_opportunity\":false,"
                + "\"alert\":\"hi\"},\"options\":{\"sendno\":3000000000,\"apns_production\":false,\"classification\":0}}");
        JsonNode push = device.next("push");
        assertThat(push.get("id").asText()).isEqualTo(id);
    }

    @Test
    void rateLimitIs2002WithHeadersAndRecoversNextMinute() {
        App limited = t.createApp("limited", false, 2);
        try (WsClient d = t.connect(limited, "web")) {
            String b = "{\"platform\":\"all\",\"audience\":\"all\",\"message\":{\"msg_content\":\"m\"}}";
            HttpResponse<String> first = t.post("/v3/push", limited, b);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-Rate-Limit-Limit")).contains("2");
            assertThat(first.headers().firstValue("X-Rate-Limit-Remaining")).contains("1");
            assertThat(t.post("/v3/push", limited, b).statusCode()).isEqualTo(200);
            HttpResponse<String> third = t.post("/v3/push", limited, b);
            assertError(third, 429, 2002, "rate limit");
            assertThat(third.headers().firstValue("X-Rate-Limit-Remaining")).contains("0");
            assertThat(third.headers().firstValue("X-Rate-Limit-Reset")).isPresent();
            assertThat(d.next("push")).isNotNull();
            assertThat(d.next("push")).isNotNull();
            t.clock.advance(Duration.ofSeconds(61));
            assertThat(t.post("/v3/push", limited, b).statusCode()).isEqualTo(200);
            // other apps are not limited by this one
            assertThat(t.post("/v3/push", t.app, body("")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void validateChecksWithoutSending() {
        HttpResponse<String> ok = t.post("/v3/push/validate", t.app, body(",\"options\":{\"sendno\":7}"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(ok.body()).get("sendno").asText()).isEqualTo("7");
        assertError(t.post("/v3/push/validate", t.app,
                "{\"platform\":\"all\",\"audience\":{\"alias\":[\"ghost\"]},\"notification\":{\"alert\":\"x\"}}"),
                400, 1011, "audience");
        String id = t.push(t.app, body(""));
        assertThat(device.next("push").get("id").asText()).as("validate sent nothing").isEqualTo(id);

        HttpResponse<String> pushed = t.post("/v3/push", t.app, body(",\"options\":{\"sendno\":8}"));
        JsonNode answer = TestServer.json(pushed.body());
        assertThat(answer.size()).as("JPush's answer: %s", pushed.body()).isEqualTo(2);
        assertThat(answer.get("sendno").isTextual()).isTrue();
        assertThat(answer.get("sendno").asText()).isEqualTo("8");
        assertThat(answer.get("msg_id").isTextual()).isTrue();
        assertThat(device.next("push").get("id").asText()).isEqualTo(answer.get("msg_id").asText());
    }

    @Test
    void cidMakesRetriesIdempotent() {
        JsonNode cids = TestServer.json(t.get("/v3/push/cid?count=2", t.app).body()).get("cidlist");
        assertThat(cids).hasSize(2);
        String cid = cids.get(0).asText();
        assertThat(cid).startsWith(t.app.appKey() + "-");
        String first = t.push(t.app, body(",\"cid\":\"" + cid + "\""));
        String again = t.push(t.app, body(",\"cid\":\"" + cid + "\""));
        assertThat(again).isEqualTo(first);
        assertThat(device.next("push").get("id").asText()).isEqualTo(first);
        device.send("{\"op\":\"ping\"}");
        assertThat(device.next().get("op").asText()).as("no second push").isEqualTo("pong");
    }

    @Test
    void overrideReplacesAnUndeliveredMessage() {
        String rid = device.registrationId();
        String secret = device.deviceSecret();
        device.close();
        String old = t.push(t.app, body(""));
        assertError(t.post("/v3/push", t.app, body(",\"options\":{\"override_msg_id\":999999}")), 400, 1003,
                "override_msg_id");
        String replacement = t.push(t.app, body(",\"options\":{\"override_msg_id\":" + old + "}"));
        device = WsClient.open(t.wsUri());
        device.hello(t.app.appKey(), "android", rid, secret);
        JsonNode push = device.next("push");
        assertThat(push.get("id").asText()).isEqualTo(replacement);
        assertThat(push.get("override").asText()).isEqualTo(old);
    }
}
