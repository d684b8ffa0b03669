package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.robot.RobotSignature;
import dev.herald.server.testing.TestServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Test helpers for groups and robots on a {@link TestServer}: the native API with the app's master secret, and the
 * robot webhook as any sender calls it (the JDK's HttpClient, no authentication).
 */
public final class GroupHarness {
    private final TestServer t;

    public GroupHarness(TestServer t) {
        this.t = t;
    }

    /** Creates a group of the test app and returns its id. */
    public String createGroup(String name) {
        return ok(t.post("/api/v1/groups", t.app, "{\"name\":\"" + name + "\"}")).get("id").asText();
    }

    /** Adds members, given as the JSON array of the {@code add} field. */
    public void addMembers(String groupId, String membersJson) {
        ok(t.post("/api/v1/groups/" + groupId + "/members", t.app, "{\"add\":" + membersJson + "}"));
    }

    /** Creates a robot from a request body and returns the answer ({@code id}, {@code webhook}, {@code secret}). */
    public JsonNode createRobot(String groupId, String body) {
        return ok(t.post("/api/v1/groups/" + groupId + "/robots", t.app, body));
    }

    /** Posts a body to a webhook URL, as curl or a monitoring system would. */
    public HttpResponse<String> send(String url, String body) {
        return t.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** Posts to a robot's webhook and returns the parsed DingTalk answer, failing unless the status is 200. */
    public JsonNode sendJson(String url, String body) {
        HttpResponse<String> r = send(url, body);
        if (r.statusCode() != 200) {
            throw new AssertionError("webhook answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return TestServer.json(r.body());
    }

    /** Posts and fails unless DingTalk's answer is {@code {"errcode":0,"errmsg":"ok"}}. */
    public void sendOk(String url, String body) {
        JsonNode answer = sendJson(url, body);
        if (answer.path("errcode").asInt(-1) != 0) {
            throw new AssertionError("webhook refused: " + answer);
        }
    }

    /** The webhook URL with {@code timestamp} and {@code sign} as DingTalk's signing code builds them. */
    public static String signed(String webhook, String secret, long timestamp) {
        String ts = Long.toString(timestamp);
        return webhook + "&timestamp=" + ts + "&sign="
                + URLEncoder.encode(RobotSignature.sign(ts, secret), StandardCharsets.UTF_8);
    }

    public static String text(String content) {
        return "{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    private static JsonNode ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("API answered " + r.statusCode() + ": " + r.body());
        }
        return TestServer.json(r.body());
    }
}
