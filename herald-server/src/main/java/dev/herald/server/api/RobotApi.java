package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.app.Apps;
import dev.herald.server.error.HeraldError;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupService;
import dev.herald.server.robot.Robot;
import dev.herald.server.robot.Robots;
import io.netty.handler.codec.http.HttpMethod;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Herald's native robot API ({@code /api/v1/groups/{id}/robots}, docs/robots.md): create, list, rotate and delete a
 * group's robots. A robot is shown with its webhook URL, built from the {@code Host} the caller used, and its secret:
 * the caller holds the app's master secret, which is worth more.
 */
public final class RobotApi {
    private final Apps apps;
    private final GroupService groups;
    private final Robots robots;

    public RobotApi(Apps apps, GroupService groups, Robots robots) {
        this.apps = apps;
        this.groups = groups;
        this.robots = robots;
    }

    public void register(Router r) {
        ErrorStyle s = ErrorStyle.NATIVE;
        r.add(HttpMethod.POST, "/api/v1/groups/{id}/robots", s, this::create);
        r.add(HttpMethod.GET, "/api/v1/groups/{id}/robots", s, this::list);
        r.add(HttpMethod.DELETE, "/api/v1/groups/{id}/robots/{robot}", s, this::delete);
        r.add(HttpMethod.POST, "/api/v1/groups/{id}/robots/{robot}/rotate", s, this::rotate);
    }

    private ApiResponse create(ApiRequest req) {
        Group group = GroupApi.group(apps, groups, req);
        JsonNode body = Bodies.object(req.body());
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            throw HeraldError.MISSING_PARAMETER.exception("name: the robot's name, shown on its messages");
        }
        if (!name.isTextual()) {
            throw HeraldError.INVALID_PARAMETER.exception("name must be a string");
        }
        JsonNode sign = body.get("sign");
        if (sign != null && !sign.isNull() && !sign.isBoolean()) {
            throw HeraldError.INVALID_PARAMETER.exception("sign must be true or false");
        }
        Robot robot = robots.create(group, name.textValue(),
                list(Bodies.strings(body, "keywords", Robots.MAX_KEYWORDS)), sign != null && sign.asBoolean(false),
                list(Bodies.strings(body, "ipAllowlist", Robots.MAX_ALLOWLIST)));
        return ApiResponse.ok(json(req, robot));
    }

    private ApiResponse list(ApiRequest req) {
        Group group = GroupApi.group(apps, groups, req);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("robots");
        robots.list(group).forEach(r -> list.add(json(req, r)));
        return ApiResponse.ok(body);
    }

    private ApiResponse rotate(ApiRequest req) {
        Group group = GroupApi.group(apps, groups, req);
        return ApiResponse.ok(json(req, robots.rotate(group, robotId(req))));
    }

    private ApiResponse delete(ApiRequest req) {
        Group group = GroupApi.group(apps, groups, req);
        robots.delete(group, robotId(req));
        return ApiResponse.ok(Json.object());
    }

    private static long robotId(ApiRequest req) {
        String text = req.pathParam("robot");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw HeraldError.NOT_FOUND.exception("robot " + text + " not found");
        }
    }

    private static ObjectNode json(ApiRequest req, Robot r) {
        ObjectNode node = Json.object()
                .put("id", Long.toString(r.id()))
                .put("group", Long.toString(r.groupId()))
                .put("name", r.name())
                .put("webhook", webhook(req, r))
                .put("secret", r.secret())
                .put("sign", r.sign());
        r.keywords().forEach(node.putArray("keywords")::add);
        r.ipAllowlist().forEach(node.putArray("ipAllowlist")::add);
        node.put("createdAt", r.createdAt());
        return node;
    }

    /** The URL to post to, on the host and port the caller reached this API at. */
    static String webhook(ApiRequest req, Robot r) {
        String host = req.header("Host");
        return "http://" + (host == null || host.isBlank() ? "localhost" : host) + "/robot/send?access_token="
                + URLEncoder.encode(r.accessToken(), StandardCharsets.UTF_8);
    }

    private static List<String> list(Set<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
