package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.device.Device;
import dev.herald.server.error.HeraldError;
import dev.herald.server.push.Message;
import dev.herald.server.push.Receipts;
import dev.herald.server.store.Store;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JPush v3 delivery reports, counted from the acknowledgements Herald's clients send: {@code /v3/received},
 * {@code /v3/received/detail} and {@code /v3/status/message}. Fields about channels Herald does not use (APNs,
 * MPNS) are {@code null}.
 */
public final class JpushReportApi {
    static final int MAX_MSG_IDS = 100;
    static final int MAX_STATUS_IDS = 1000;

    private final Apps apps;
    private final Store store;
    private final Receipts receipts;

    public JpushReportApi(Apps apps, Store store, Receipts receipts) {
        this.apps = apps;
        this.store = store;
        this.receipts = receipts;
    }

    public void register(Router r) {
        r.add(HttpMethod.GET, "/v3/received", ErrorStyle.JPUSH_PUSH, req -> received(req, false));
        r.add(HttpMethod.GET, "/v3/received/detail", ErrorStyle.JPUSH_PUSH, req -> received(req, true));
        r.add(HttpMethod.POST, "/v3/status/message", ErrorStyle.JPUSH_PUSH, this::status);
    }

    private ApiResponse received(ApiRequest req, boolean detail) {
        App app = apps.authenticate(req.header("Authorization"));
        String param = req.queryParam("msg_ids");
        if (param == null || param.isBlank()) {
            throw HeraldError.MISSING_PARAMETER.exception("msg_ids: comma-separated message ids");
        }
        // The JPush SDK checks msg_ids allowing blanks and empty entries ("1, 2", "1,,2,") and sends them as given.
        List<String> ids = new ArrayList<>();
        for (String raw : param.split(",")) {
            if (!raw.isBlank()) {
                ids.add(raw.trim());
            }
        }
        if (ids.isEmpty()) {
            throw HeraldError.MISSING_PARAMETER.exception("msg_ids: comma-separated message ids");
        }
        if (ids.size() > MAX_MSG_IDS) {
            throw HeraldError.INVALID_PARAMETER.exception("at most " + MAX_MSG_IDS + " msg_ids");
        }
        receipts.sync();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String raw : ids) {
            long id = parseId(raw, "msg_ids");
            ObjectNode row = out.addObject().put("msg_id", id);
            Optional<Message> m = store.findMessage(app.id(), id);
            Map<String, Long> counts = m.isPresent() ? store.receivedByPlatform(id) : Map.of();
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            putCount(row, "android_received", m, counts.getOrDefault("android", 0L));
            row.putNull("ios_apns_sent");
            row.putNull("ios_apns_received");
            putCount(row, "ios_msg_received", m, counts.getOrDefault("ios", 0L));
            row.putNull("wp_mpns_sent");
            putCount(row, "herald_received", m, total);
            if (detail) {
                putCount(row, "jpush_received", m, total);
            }
        }
        return ApiResponse.ok(out);
    }

    private static void putCount(ObjectNode row, String field, Optional<Message> m, long value) {
        if (m.isPresent()) {
            row.put(field, value);
        } else {
            row.putNull(field);
        }
    }

    private ApiResponse status(ApiRequest req) {
        App app = apps.authenticate(req.header("Authorization"));
        JsonNode body = Bodies.object(req.body());
        JsonNode idNode = body.get("msg_id");
        if (idNode == null || idNode.isNull()) {
            throw HeraldError.MISSING_PARAMETER.exception("msg_id");
        }
        long msgId = parseId(idNode.asText(), "msg_id");
        Set<String> rids = Bodies.strings(body, "registration_ids", MAX_STATUS_IDS);
        if (rids == null || rids.isEmpty()) {
            throw HeraldError.MISSING_PARAMETER.exception("registration_ids: a non-empty array");
        }
        Message m = store.findMessage(app.id(), msgId)
                .orElseThrow(() -> HeraldError.INVALID_PARAMETER.exception("msg_id " + msgId + " not found"));
        Map<String, Device> devices = store.findDevices(app.id(), rids);
        receipts.sync();
        ObjectNode out = Json.object();
        for (String rid : rids) {
            Device d = devices.get(rid);
            int status;
            if (d == null) {
                status = 2;
            } else if (!isTarget(m, d)) { // first: a broadcast's ack covers every earlier broadcast, meant or not
                status = 3;
            } else if (!store.acknowledged(d.id(), List.of(msgId)).isEmpty()) {
                status = 0;
            } else {
                status = 1;
            }
            out.putObject(rid).put("status", status);
        }
        return ApiResponse.ok(out);
    }

    private boolean isTarget(Message m, Device d) {
        if (m.broadcast()) {
            return d.registeredAt() <= m.createdAt()
                    && m.audience().matchesTagsAndPlatform(d.platform(), d.tags());
        }
        return store.inInbox(d.id(), m.id()) || (!m.storedForOffline() && m.audience().matches(d));
    }

    private static long parseId(String raw, String field) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HeraldError.INVALID_PARAMETER.exception(field + ": '" + raw + "' is not a message id");
        }
    }
}
