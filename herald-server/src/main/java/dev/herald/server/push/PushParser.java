package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;

import java.util.Map;
import java.util.Set;

/**
 * Validates a JPush v3 push body ({@code POST /v3/push}, {@code /v3/push/validate}, and the {@code push} of a
 * schedule) into a {@link PushRequest}, or throws a {@link HeraldException} whose error maps onto the code JPush
 * would answer and whose message names the field at fault.
 *
 * <p>Backends reach Herald through JPush's own SDKs, which send fields Herald has no use for
 * ({@code ai_opportunity}, {@code classification}, {@code apns_production}, ...). Every key JPush defines is
 * therefore accepted; only a key JPush itself does not know is refused ({@link HeraldError#UNSUPPORTED_KEY}), so a
 * typo is reported instead of silently dropped. JSON {@code null} counts as absent.
 */
public final class PushParser {
    /** Notification + message, as compact UTF-8 JSON. */
    public static final int MAX_CONTENT_BYTES = 4000;
    /** The {@code notification.ios} block, as compact UTF-8 JSON (APNs' own payload limit leaves this much). */
    public static final int MAX_IOS_BYTES = 2000;
    /** Ten days, JPush's maximum {@code time_to_live}. */
    public static final int MAX_TIME_TO_LIVE = 864_000;
    public static final int MAX_CID_CHARS = 64;

    /** Top-level keys JPush defines for features Herald does not have, which do not change who gets what. */
    private static final Set<String> IGNORED_KEYS = Set.of("sms_message", "callback", "notification_3rd",
            "inapp_message", "live_activity", "voip");
    /** Options JPush defines that concern vendor channels, APNs or billing, none of which Herald has. */
    private static final Set<String> IGNORED_OPTIONS = Set.of("apns_production", "apns_collapse_id",
            "big_push_duration", "classification", "third_party_channel", "active_filter",
            "business_operation_code", "target_event", "portrait");

    private PushParser() {
    }

    /** Parses and validates a request body. */
    public static PushRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw HeraldError.INVALID_PARAMETER.exception("the body is empty; a push is a JSON object");
        }
        return parse(PushJson.read(body));
    }

    /** Validates a push body already read as JSON (a schedule's {@code push}). */
    public static PushRequest parse(JsonNode body) {
        if (!(body instanceof ObjectNode root)) {
            throw HeraldError.INVALID_PARAMETER.exception("a push body must be a JSON object, not "
                    + Fields.kind(body));
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            switch (e.getKey()) {
                case "platform", "audience", "notification", "message", "options", "cid" -> {
                }
                // "target" addresses devices another way; ignoring it would push to the wrong devices
                case "target" -> throw Fields.notSupported("target");
                default -> {
                    if (!IGNORED_KEYS.contains(e.getKey())) {
                        throw Fields.unknownKey(e.getKey());
                    }
                }
            }
        }
        JsonNode platformNode = required(root, "platform");
        JsonNode audienceNode = required(root, "audience");
        JsonNode notificationNode = Fields.present(root.get("notification"));
        JsonNode messageNode = Fields.present(root.get("message"));
        if (notificationNode == null && messageNode == null) {
            throw HeraldError.MISSING_PARAMETER.exception("notification or message is required (at least one)");
        }
        Set<String> platforms = AudienceParser.platforms(platformNode);
        Audience audience = AudienceParser.audience(audienceNode, platforms);
        ObjectNode notification = notificationNode == null ? null : ContentParser.notification(notificationNode);
        ObjectNode message = messageNode == null ? null : ContentParser.message(messageNode);
        // Written once: the size limits count these bytes, and they are what is stored.
        String notificationJson = PushRequest.text(notification);
        String messageJson = PushRequest.text(message);
        checkSize(notification, notificationJson, messageJson);

        long sendno = 0;
        Integer timeToLive = null;
        long overrideMsgId = 0;
        JsonNode optionsNode = Fields.present(root.get("options"));
        if (optionsNode != null) {
            for (Map.Entry<String, JsonNode> e : Fields.object(optionsNode, "options").properties()) {
                String field = "options." + e.getKey();
                JsonNode v = Fields.present(e.getValue());
                switch (e.getKey()) {
                    case "sendno" -> sendno = v == null ? 0 : Fields.integer(v, field);
                    case "time_to_live" -> timeToLive = v == null ? null : timeToLive(v, field);
                    case "override_msg_id" -> overrideMsgId = v == null ? 0 : overrideMsgId(v, field);
                    default -> {
                        if (!IGNORED_OPTIONS.contains(e.getKey())) {
                            throw Fields.unknownKey(field);
                        }
                    }
                }
            }
        }
        return new PushRequest(audience, notification, message, sendno, timeToLive, overrideMsgId,
                cid(root.get("cid")), notificationJson, messageJson);
    }

    private static JsonNode required(ObjectNode root, String key) {
        JsonNode value = Fields.present(root.get(key));
        if (value == null) {
            throw Fields.missing(key);
        }
        return value;
    }

    private static int timeToLive(JsonNode value, String field) {
        long ttl = Fields.integer(value, field);
        if (ttl < 0 || ttl > MAX_TIME_TO_LIVE) {
            throw Fields.invalid(field, ttl + " is outside 0.." + MAX_TIME_TO_LIVE + " seconds");
        }
        return (int) ttl;
    }

    private static long overrideMsgId(JsonNode value, String field) {
        long id = Fields.integer(value, field);
        if (id <= 0) {
            throw Fields.invalid(field, "must be a message id (> 0), not " + id);
        }
        return id;
    }

    /** The idempotency key; an empty string means none, as no SDK sends one on purpose. */
    private static String cid(JsonNode value) {
        JsonNode v = Fields.present(value);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw Fields.invalid("cid", "must be a string, not " + Fields.kind(v));
        }
        String cid = v.textValue();
        if (cid.length() > MAX_CID_CHARS) {
            throw Fields.invalid("cid", "longer than " + MAX_CID_CHARS + " characters");
        }
        return cid.isEmpty() ? null : cid;
    }

    private static void checkSize(ObjectNode notification, String notificationJson, String messageJson) {
        int bytes = PushJson.utf8Length(notificationJson) + PushJson.utf8Length(messageJson);
        if (bytes > MAX_CONTENT_BYTES) {
            throw HeraldError.BODY_TOO_LARGE.exception("notification + message take " + bytes
                    + " bytes of JSON, more than the limit of " + MAX_CONTENT_BYTES);
        }
        JsonNode ios = notification == null ? null : Fields.present(notification.get("ios"));
        int iosBytes = PushJson.utf8Size(ios);
        if (iosBytes > MAX_IOS_BYTES) {
            throw HeraldError.BODY_TOO_LARGE.exception("notification.ios takes " + iosBytes
                    + " bytes of JSON, more than the limit of " + MAX_IOS_BYTES);
        }
    }
}
