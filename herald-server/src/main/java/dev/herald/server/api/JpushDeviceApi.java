package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.bus.Bus;
import dev.herald.server.bus.DeviceEvent;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.device.Devices;
import dev.herald.server.device.Names;
import dev.herald.server.error.HeraldError;
import dev.herald.server.hub.Hub;
import dev.herald.server.store.Store;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** JPush v3 device, alias and tag APIs ({@code /v3/devices}, {@code /v3/aliases}, {@code /v3/tags}). */
public final class JpushDeviceApi {
    static final int MAX_TAG_CHANGES = 100;
    static final int MAX_TAG_DEVICE_CHANGES = 1000;
    static final int MAX_STATUS_IDS = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Apps apps;
    private final Devices devices;
    private final Store store;
    private final Bus bus;
    private final Hub hub;
    private final ZoneId zone;

    public JpushDeviceApi(Apps apps, Devices devices, Store store, Bus bus, Hub hub, ZoneId zone) {
        this.apps = apps;
        this.devices = devices;
        this.store = store;
        this.bus = bus;
        this.hub = hub;
        this.zone = zone;
    }

    public void register(Router r) {
        ErrorStyle s = ErrorStyle.JPUSH_DEVICE;
        r.add(HttpMethod.GET, "/v3/devices/{rid}", s, this::getDevice);
        r.add(HttpMethod.POST, "/v3/devices/status", s, this::status);
        r.add(HttpMethod.POST, "/v3/devices/{rid}", s, this::updateDevice);
        r.add(HttpMethod.GET, "/v3/aliases/{alias}", s, this::getAlias);
        r.add(HttpMethod.DELETE, "/v3/aliases/{alias}", s, this::deleteAlias);
        r.add(HttpMethod.GET, "/v3/tags", s, this::listTags);
        r.add(HttpMethod.GET, "/v3/tags/{tag}/registration_ids/{rid}", s, this::hasTag);
        r.add(HttpMethod.POST, "/v3/tags/{tag}", s, this::updateTag);
        r.add(HttpMethod.DELETE, "/v3/tags/{tag}", s, this::deleteTag);
    }

    private App auth(ApiRequest req) {
        return apps.authenticate(req.header("Authorization"));
    }

    private ApiResponse getDevice(ApiRequest req) {
        App app = auth(req);
        Device d = store.findDevice(app.id(), req.pathParam("rid"))
                .orElseThrow(() -> HeraldError.NOT_FOUND.exception("registration id not found"));
        var body = Json.object();
        d.tags().stream().sorted().forEach(body.putArray("tags")::add);
        if (!body.has("tags")) {
            body.putArray("tags");
        }
        body.put("alias", d.alias());
        body.put("mobile", d.mobile());
        return ApiResponse.ok(body);
    }

    private ApiResponse updateDevice(ApiRequest req) {
        App app = auth(req);
        JsonNode body = Bodies.object(req.body());
        String alias = optionalText(body, "alias");
        String mobile = optionalText(body, "mobile");
        boolean clearTags = false;
        Set<String> add = Set.of();
        Set<String> remove = Set.of();
        JsonNode tags = body.get("tags");
        if (tags != null && !tags.isNull()) {
            if (tags.isTextual() && tags.asText().isEmpty()) {
                clearTags = true;
            } else if (tags.isObject()) {
                add = orEmpty(Bodies.strings(tags, "add", MAX_TAG_CHANGES));
                remove = orEmpty(Bodies.strings(tags, "remove", MAX_TAG_CHANGES));
            } else {
                throw HeraldError.INVALID_PARAMETER.exception("tags must be {\"add\":[..],\"remove\":[..]} or \"\"");
            }
        }
        if (alias == null && mobile == null && tags == null) {
            throw HeraldError.MISSING_PARAMETER.exception("nothing to update: give tags, alias or mobile");
        }
        devices.update(app, req.pathParam("rid"), new DeviceChange(alias, mobile, clearTags, add, remove));
        return ApiResponse.emptyOk();
    }

    private ApiResponse getAlias(ApiRequest req) {
        App app = auth(req);
        String alias = req.pathParam("alias");
        Set<String> platforms = platforms(req.queryParam("platform"));
        var body = Json.object();
        var ids = body.putArray("registration_ids");
        store.findDevicesByAlias(app.id(), List.of(alias)).stream()
                .filter(d -> platforms.isEmpty() || platforms.contains(d.platform()))
                .map(Device::registrationId).sorted().forEach(ids::add);
        return ApiResponse.ok(body);
    }

    private ApiResponse deleteAlias(ApiRequest req) {
        App app = auth(req);
        String alias = req.pathParam("alias");
        store.deleteAlias(app.id(), alias);
        bus.publish(new DeviceEvent(app.id(), List.of(), null, alias));
        return ApiResponse.emptyOk();
    }

    private ApiResponse listTags(ApiRequest req) {
        App app = auth(req);
        var body = Json.object();
        store.listTags(app.id()).forEach(body.putArray("tags")::add);
        if (!body.has("tags")) {
            body.putArray("tags");
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse hasTag(ApiRequest req) {
        App app = auth(req);
        boolean result = store.findDevice(app.id(), req.pathParam("rid"))
                .map(d -> d.tags().contains(req.pathParam("tag"))).orElse(false);
        return ApiResponse.ok(Json.object().put("result", result));
    }

    private ApiResponse updateTag(ApiRequest req) {
        App app = auth(req);
        String tag = req.pathParam("tag");
        Names.checkTag("tag", tag);
        JsonNode body = Bodies.object(req.body());
        JsonNode ids = body.get("registration_ids");
        if (ids == null || !ids.isObject()) {
            throw HeraldError.MISSING_PARAMETER.exception("registration_ids: {\"add\":[..],\"remove\":[..]}");
        }
        Set<String> add = orEmpty(Bodies.strings(ids, "add", MAX_TAG_DEVICE_CHANGES));
        Set<String> remove = orEmpty(Bodies.strings(ids, "remove", MAX_TAG_DEVICE_CHANGES));
        store.updateTag(app.id(), tag, add, remove);
        Set<String> changed = new HashSet<>(add);
        changed.addAll(remove);
        bus.publish(DeviceEvent.updated(app.id(), new ArrayList<>(store.findDevices(app.id(), changed).values())));
        return ApiResponse.emptyOk();
    }

    private ApiResponse deleteTag(ApiRequest req) {
        App app = auth(req);
        String tag = req.pathParam("tag");
        store.deleteTag(app.id(), tag);
        bus.publish(new DeviceEvent(app.id(), List.of(), tag, null));
        return ApiResponse.emptyOk();
    }

    private ApiResponse status(ApiRequest req) {
        App app = auth(req);
        JsonNode body = Bodies.object(req.body());
        Set<String> rids = Bodies.strings(body, "registration_ids", MAX_STATUS_IDS);
        if (rids == null || rids.isEmpty()) {
            throw HeraldError.MISSING_PARAMETER.exception("registration_ids: a non-empty array");
        }
        var found = store.findDevices(app.id(), rids);
        var out = Json.object();
        for (String rid : rids) {
            Device d = found.get(rid);
            if (d == null) {
                continue;
            }
            var entry = out.putObject(rid).put("online", hub.isOnline(rid));
            if (d.lastOnlineAt() > 0) {
                entry.put("last_online_time", TIME.format(Instant.ofEpochMilli(d.lastOnlineAt()).atZone(zone)));
            }
        }
        return ApiResponse.ok(out);
    }

    private static Set<String> platforms(String param) {
        if (param == null || param.isBlank()) {
            return Set.of();
        }
        return Set.of(param.split(","));
    }

    private static Set<String> orEmpty(Set<String> s) {
        return s == null ? Set.of() : s;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " must be a string");
        }
        return n.asText();
    }
}
