package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.device.Names;
import dev.herald.server.error.HeraldError;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code platform} and {@code audience} of a push body. Every audience key JPush defines is recognised: the five
 * Herald resolves are checked and kept; the ones it cannot resolve (segments, A/B tests, uploaded files, live
 * activities) are refused as unsupported values rather than ignored, since ignoring one would widen the audience.
 */
final class AudienceParser {
    /** The platforms a push may target and a device may register as. */
    static final Set<String> PLATFORMS = Set.of("android", "ios", "web", "java", "quickapp", "hmos", "winphone");

    static final int MAX_REGISTRATION_IDS = 1000;
    static final int MAX_ALIASES = 1000;
    static final int MAX_TAGS = 20;

    private static final Set<String> NOT_SUPPORTED = Set.of("segment", "abtest", "live_activity_id", "file");
    private static final String KNOWN_PLATFORMS = "android, hmos, ios, java, quickapp, web, winphone";

    private AudienceParser() {
    }

    /** {@code "all"} or an array of platforms; "all" is the empty set. */
    static Set<String> platforms(JsonNode value) {
        if (value.isTextual()) {
            if ("all".equals(value.textValue())) {
                return Set.of();
            }
            throw Fields.invalid("platform", "must be \"all\" or an array of platforms, not \"" + value.textValue()
                    + "\"");
        }
        if (!(value instanceof ArrayNode array)) {
            throw Fields.invalid("platform", "must be \"all\" or an array of platforms, not " + Fields.kind(value));
        }
        if (array.isEmpty()) {
            throw Fields.invalid("platform", "must name at least one platform (or be \"all\")");
        }
        Set<String> platforms = new LinkedHashSet<>();
        for (JsonNode p : array) {
            if (!p.isTextual() || !PLATFORMS.contains(p.textValue())) {
                throw Fields.invalid("platform", "unknown platform " + p + " (known: " + KNOWN_PLATFORMS + ")");
            }
            platforms.add(p.textValue());
        }
        return platforms;
    }

    static Audience audience(JsonNode value, Set<String> platforms) {
        if (value.isTextual()) {
            if ("all".equals(value.textValue())) {
                return Audience.everyone(platforms);
            }
            throw Fields.invalid("audience", "must be \"all\" or an object, not \"" + value.textValue() + "\"");
        }
        ObjectNode object = Fields.object(value, "audience");
        Set<String> registrationIds = Set.of();
        Set<String> aliases = Set.of();
        Set<String> tags = Set.of();
        Set<String> tagsAnd = Set.of();
        Set<String> tagsNot = Set.of();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            String field = "audience." + key;
            JsonNode v = Fields.present(e.getValue());
            switch (key) {
                case "registration_id" -> registrationIds = values(v, field, MAX_REGISTRATION_IDS,
                        AudienceParser::checkRegistrationId);
                case "alias" -> aliases = values(v, field, MAX_ALIASES, Names::checkAlias);
                case "tag" -> tags = values(v, field, MAX_TAGS, Names::checkTag);
                case "tag_and" -> tagsAnd = values(v, field, MAX_TAGS, Names::checkTag);
                case "tag_not" -> tagsNot = values(v, field, MAX_TAGS, Names::checkTag);
                default -> throw NOT_SUPPORTED.contains(key) ? Fields.notSupported(field) : Fields.unknownKey(field);
            }
        }
        if (registrationIds.isEmpty() && aliases.isEmpty() && tags.isEmpty() && tagsAnd.isEmpty()
                && tagsNot.isEmpty()) {
            throw HeraldError.MISSING_PARAMETER.exception("audience must be \"all\" or name "
                    + "at least one of registration_id, alias, tag, tag_and, tag_not");
        }
        return new Audience(false, registrationIds, aliases, tags, tagsAnd, tagsNot, platforms);
    }

    /** A non-empty array of strings, each checked, duplicates dropped; the limit counts distinct values. */
    private static Set<String> values(JsonNode value, String field, int limit, BiConsumer<String, String> check) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof ArrayNode array)) {
            throw Fields.invalid(field, "must be an array of strings, not " + Fields.kind(value));
        }
        if (array.isEmpty()) {
            throw Fields.invalid(field, "must not be an empty array");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw Fields.invalid(field, "must be an array of strings, but holds " + Fields.kind(item));
            }
            check.accept(field, item.textValue());
            if (out.add(item.textValue()) && out.size() > limit) {
                throw Fields.invalid(field, "more than the limit of " + limit + " values");
            }
        }
        return out;
    }

    private static void checkRegistrationId(String field, String id) {
        if (id.isEmpty()) {
            throw Fields.invalid(field, "a registration id must not be empty");
        }
    }
}
