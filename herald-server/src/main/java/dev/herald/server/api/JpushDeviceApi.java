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
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** JPush v3 device, alias and tag APIs ({@code /v3/devices}, {@code /v3/aliases}, {@code /v3/tags}). */
public final class JpushDeviceApi {
    static final int MAX_TAG_CHANGES = 100;
    static final int MAX_TAG_DEVICE_CHANGES = 1000;
    static final int MAX_STATUS_IDS = 1000;
    static final int MAX_ALIAS_REMOVALS = 1000;
    /** The platforms a device may register as; a {@code platform} filter naming all of them filters nothing. */
    static final Set<String> PLATFORMS = Set.of("android", "ios", "web", "java", "quickapp", "hmos", "winphone");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Apps apps;
    private final Devices devices;
    private final Store store;
    private final Bus bus;
    private final Hub hub;
    private final Clock clock;

    public JpushDeviceApi(Apps apps, Devices devices, Store store, Bus bus, Hub hub, Clock clock) {
        this.apps = apps;
        this.devices = devices;
        this.store = store;
        this.bus = bus;
        this.hub = hub;
        this.clock = clock;
    }

    public void register(Router r) {
        ErrorStyle s = ErrorStyle.JPUSH_DEVICE;
        r.add(HttpMethod.GET, "/v3/devices/{rid}", s, this::getDevice);
        r.add(HttpMethod.POST, "/v3/devices/status", s, this::status);
        r.add(HttpMethod.POST, "/v3/devices/{rid}", s, this::updateDevice);
        r.add(HttpMethod.GET, "/v3/aliases/{alias}", s, this::getAlias);
        r.add(HttpMethod.POST, "/v3/aliases/{alias}", s, this::removeFromAlias);
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

    /**
     * {@code DELETE /v3/aliases/{alias}[?platform=android,ios]}: unbinds the alias from every device, or only from the
     * devices of the given platforms (the SDK's {@code deleteAlias(alias, platform)}).
     */
    private ApiResponse deleteAlias(ApiRequest req) {
        App app = auth(req);
        String alias = req.pathParam("alias");
        Set<String> only = platformFilter(req.queryParam("platform"));
        if (only.isEmpty()) {
            store.deleteAlias(app.id(), alias);
            bus.publish(new DeviceEvent(app.id(), List.of(), null, alias));
        } else {
            for (Device d : store.findDevicesByAlias(app.id(), List.of(alias))) {
                if (only.contains(d.platform())) {
                    devices.update(app, d.registrationId(), new DeviceChange("", null, false, null, null));
                }
            }
        }
        return ApiResponse.emptyOk();
    }

    /**
     * {@code POST /v3/aliases/{alias}} {@code {"registration_ids":{"remove":[..]}}}: unbinds the alias from these
     * devices only (the SDK's {@code removeDevicesFromAlias}). Devices that do not hold the alias are left alone.
     */
    private ApiResponse removeFromAlias(ApiRequest req) {
        App app = auth(req);
        String alias = req.pathParam("alias");
        JsonNode body = Bodies.object(req.body());
        JsonNode ids = body.get("registration_ids");
        if (ids == null || !ids.isObject()) {
            throw HeraldError.MISSING_PARAMETER.exception("registration_ids: {\"remove\":[..]}");
        }
        if (ids.has("add")) {
            throw HeraldError.INVALID_PARAMETER.exception(
                    "registration_ids.add: set an alias with POST /v3/devices/{registration_id}");
        }
        Set<String> remove = orEmpty(Bodies.strings(ids, "remove", MAX_ALIAS_REMOVALS));
        for (Device d : store.findDevices(app.id(), remove).values()) {
            if (alias.equals(d.alias())) {
                devices.update(app, d.registrationId(), new DeviceChange("", null, false, null, null));
            }
        }
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
        if (!add.isEmpty()) {
            // the per-device tag limit holds here as on POST /v3/devices/{rid}
            for (Device d : store.findDevices(app.id(), add).values()) {
                if (!d.tags().contains(tag) && !remove.contains(d.registrationId())
                        && d.tags().size() >= Devices.MAX_TAGS_PER_DEVICE) {
                    throw HeraldError.INVALID_PARAMETER.exception("device " + d.registrationId()
                            + " already holds " + Devices.MAX_TAGS_PER_DEVICE + " tags, the most a device may hold");
                }
            }
        }
        store.updateTag(app.id(), tag, add, remove);
        Set<String> changed = new HashSet<>(add);
        changed.addAll(remove);
        bus.publish(DeviceEvent.updated(app.id(), new ArrayList<>(store.findDevices(app.id(), changed).values())));
        return ApiResponse.emptyOk();
    }

    /**
     * {@code DELETE /v3/tags/{tag}[?platform=..]}. The store can only drop a tag from every device, so a platform
     * filter that leaves some platform out is refused rather than widened into deleting more than was asked.
     */
    private ApiResponse deleteTag(ApiRequest req) {
        App app = auth(req);
        String tag = req.pathParam("tag");
        if (!platformFilter(req.queryParam("platform")).isEmpty()) {
            throw HeraldError.INVALID_PARAMETER.exception("deleting a tag for some platforms only is not supported; "
                    + "omit platform to delete it from every device, or remove it from chosen devices with "
                    + "POST /v3/tags/" + tag);
        }
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
            boolean online = hub.isOnline(rid);
            var entry = out.putObject(rid).put("online", online);
            // The store records when a device went offline (a moment after the hub forgets it); a device online now was
            // last online now; every device was online when it registered, since clients register by connecting.
            long last = online ? clock.millis() : Math.max(d.lastOnlineAt(), d.registeredAt());
            entry.put("last_online_time", TIME.format(Instant.ofEpochMilli(last).atZone(clock.getZone())));
        }
        return ApiResponse.ok(out);
    }

    /**
     * A {@code platform} filter of a delete: empty when absent or when it names every platform (nothing filtered).
     * Unknown platform names are refused, since a typo would otherwise filter out every device.
     */
    private static Set<String> platformFilter(String param) {
        Set<String> named = platforms(param);
        for (String p : named) {
            if (!PLATFORMS.contains(p)) {
                throw HeraldError.INVALID_PARAMETER.exception("platform: unknown platform '" + p + "' (known: "
                        + String.join(", ", new TreeSet<>(PLATFORMS)) + ")");
            }
        }
        return named.containsAll(PLATFORMS) ? Set.of() : named;
    }

    /** A comma-separated platform list; blanks and repeats are dropped (Set.of would throw on a repeat). */
    private static Set<String> platforms(String param) {
        Set<String> out = new LinkedHashSet<>();
        if (param != null) {
            for (String p : param.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
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
