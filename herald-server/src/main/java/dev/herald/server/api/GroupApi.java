package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.device.Names;
import dev.herald.server.error.HeraldError;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupFrames;
import dev.herald.server.group.GroupMember;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.group.GroupService;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * Herald's native group API ({@code /api/v1/groups}, docs/api.md): groups, their members and their history.
 * Authenticated with the app's master secret like the push API; errors in the native shape.
 */
public final class GroupApi {
    static final int MAX_MEMBER_CHANGES = 1000;
    static final int DEFAULT_HISTORY_LIMIT = 100;
    static final int MAX_HISTORY_LIMIT = 1000;
    static final int MAX_ID_CHARS = 64;

    private final Apps apps;
    private final GroupService groups;

    public GroupApi(Apps apps, GroupService groups) {
        this.apps = apps;
        this.groups = groups;
    }

    public void register(Router r) {
        ErrorStyle s = ErrorStyle.NATIVE;
        r.add(HttpMethod.POST, "/api/v1/groups", s, this::create);
        r.add(HttpMethod.GET, "/api/v1/groups", s, this::list);
        r.add(HttpMethod.GET, "/api/v1/groups/{id}", s, this::get);
        r.add(HttpMethod.DELETE, "/api/v1/groups/{id}", s, this::delete);
        r.add(HttpMethod.GET, "/api/v1/groups/{id}/members", s, this::members);
        r.add(HttpMethod.POST, "/api/v1/groups/{id}/members", s, this::updateMembers);
        r.add(HttpMethod.GET, "/api/v1/groups/{id}/messages", s, this::history);
    }

    /** The group named by the {@code {id}} path segment, which must be one of the caller's app. */
    static Group group(Apps apps, GroupService groups, ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        return groups.get(app, groupId(req.pathParam("id")));
    }

    static long groupId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below, like any id that names no group
        }
        throw HeraldError.NOT_FOUND.exception("group " + text + " not found");
    }

    static ObjectNode json(Group g) {
        return Json.object().put("id", Long.toString(g.id())).put("name", g.name()).put("createdAt", g.createdAt());
    }

    private ApiResponse create(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        JsonNode body = Bodies.object(req.body());
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            throw HeraldError.MISSING_PARAMETER.exception("name: the group's name");
        }
        if (!name.isTextual()) {
            throw HeraldError.INVALID_PARAMETER.exception("name must be a string");
        }
        return ApiResponse.ok(json(groups.create(app, name.textValue())));
    }

    private ApiResponse list(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("groups");
        groups.list(app).forEach(g -> list.add(json(g)));
        return ApiResponse.ok(body);
    }

    private ApiResponse get(ApiRequest req) {
        return ApiResponse.ok(json(group(apps, groups, req)));
    }

    private ApiResponse delete(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        groups.delete(app, groupId(req.pathParam("id")));
        return ApiResponse.ok(Json.object());
    }

    private ApiResponse members(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("members");
        for (GroupMember m : groups.members(app, groupId(req.pathParam("id")))) {
            ObjectNode node = list.addObject().put(m.kind().field(), m.name());
            if (m.mobile() != null) {
                node.put("mobile", m.mobile());
            }
            if (m.userId() != null) {
                node.put("userId", m.userId());
            }
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse updateMembers(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        long id = groupId(req.pathParam("id"));
        JsonNode body = Bodies.object(req.body());
        List<GroupMember> add = members(body, "add");
        List<GroupMember> remove = members(body, "remove");
        if (add.isEmpty() && remove.isEmpty()) {
            throw HeraldError.MISSING_PARAMETER.exception("nothing to change: give add and/or remove");
        }
        groups.updateMembers(app, id, add, remove);
        return ApiResponse.ok(Json.object().put("members", groups.members(app, id).size()));
    }

    private ApiResponse history(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        long since = since(req.queryParam("since"));
        int limit = limit(req.queryParam("limit"));
        List<GroupMessage> page = groups.history(app, groupId(req.pathParam("id")), since, limit);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("messages");
        page.forEach(m -> list.add(GroupFrames.history(m)));
        body.put("more", page.size() == limit);
        return ApiResponse.ok(body);
    }

    /** {@code since}: a message id as clients see it ({@code g42}) or bare ({@code 42}); absent = from the start. */
    private static long since(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long id = GroupMessage.parseClientId(text.startsWith(GroupMessage.ID_PREFIX) ? text
                : GroupMessage.ID_PREFIX + text);
        if (id < 0) {
            throw HeraldError.INVALID_PARAMETER.exception("since must be a group message id such as g42");
        }
        return id;
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_HISTORY_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_HISTORY_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HeraldError.INVALID_PARAMETER.exception("limit must be 1.." + MAX_HISTORY_LIMIT);
    }

    /** The member objects under {@code field}: each names exactly one of registrationId and alias. */
    private static List<GroupMember> members(JsonNode body, String field) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > MAX_MEMBER_CHANGES) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " must be an array of at most "
                    + MAX_MEMBER_CHANGES + " members");
        }
        List<GroupMember> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(member(list.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static GroupMember member(JsonNode node, String where) {
        if (!node.isObject()) {
            throw HeraldError.INVALID_PARAMETER.exception(where + " must be an object such as {\"alias\":\"u1\"}");
        }
        String rid = text(node, "registrationId", where);
        String alias = text(node, "alias", where);
        if ((rid == null) == (alias == null)) {
            throw HeraldError.INVALID_PARAMETER.exception(where + " needs exactly one of registrationId and alias");
        }
        String mobile = text(node, "mobile", where);
        String userId = text(node, "userId", where);
        if (mobile != null && (mobile.isEmpty() || !Names.validMobile(mobile))) {
            throw HeraldError.INVALID_PARAMETER.exception(where + ".mobile: digits with an optional leading +, at most "
                    + Names.MAX_MOBILE_CHARS + " characters");
        }
        if (userId != null && (userId.isEmpty() || userId.length() > MAX_ID_CHARS)) {
            throw HeraldError.INVALID_PARAMETER.exception(where + ".userId: 1.." + MAX_ID_CHARS + " characters");
        }
        if (rid != null) {
            if (rid.isEmpty() || rid.length() > MAX_ID_CHARS) {
                throw HeraldError.INVALID_PARAMETER.exception(where + ".registrationId: 1.." + MAX_ID_CHARS
                        + " characters");
            }
            return new GroupMember(GroupMember.Kind.REGISTRATION_ID, rid, mobile, userId);
        }
        Names.checkAlias(where + ".alias", alias);
        return new GroupMember(GroupMember.Kind.ALIAS, alias, mobile, userId);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw HeraldError.INVALID_PARAMETER.exception(where + "." + field + " must be a string");
        }
        return v.textValue();
    }
}
