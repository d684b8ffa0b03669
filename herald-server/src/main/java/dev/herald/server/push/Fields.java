package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;

import java.util.regex.Pattern;

/**
 * Typed reads of push-body fields, and the errors for them. Every error message starts with the field's path
 * ({@code notification.android.extras}) so a caller can find what to fix without knowing Herald's code.
 * A JSON {@code null} counts as an absent field everywhere: SDKs that serialize unset fields as null mean "unset".
 */
final class Fields {
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    private Fields() {
    }

    /** The value, or {@code null} if it is absent or JSON null. */
    static JsonNode present(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    static HeraldException missing(String field) {
        return HeraldError.MISSING_PARAMETER.exception(field + " is required");
    }

    static HeraldException invalid(String field, String why) {
        return HeraldError.INVALID_PARAMETER.exception(field + ": " + why);
    }

    static HeraldException unknownKey(String field) {
        return HeraldError.UNSUPPORTED_KEY.exception(field + ": unknown key (JPush v3 does not define it)");
    }

    /** A key JPush defines for a feature Herald does not have; refused, since ignoring it would change the target. */
    static HeraldException notSupported(String field) {
        return HeraldError.INVALID_PARAMETER.exception(field + ": not supported by Herald");
    }

    static ObjectNode object(JsonNode value, String field) {
        if (value instanceof ObjectNode object) {
            return object;
        }
        throw invalid(field, "must be a JSON object, not " + kind(value));
    }

    /** Checks that a present value is a string; absent is fine. */
    static void optionalString(JsonNode value, String field) {
        JsonNode v = present(value);
        if (v != null && !v.isTextual()) {
            throw invalid(field, "must be a string, not " + kind(v));
        }
    }

    /** Checks that a present value is an object; absent is fine. */
    static void optionalObject(JsonNode value, String field) {
        JsonNode v = present(value);
        if (v != null) {
            object(v, field);
        }
    }

    static void optionalBoolean(JsonNode value, String field) {
        JsonNode v = present(value);
        if (v != null && !v.isBoolean()) {
            throw invalid(field, "must be true or false, not " + kind(v));
        }
    }

    /**
     * A 64-bit integer, given as a JSON number or, as some SDKs send ids, a string of digits. A number with a zero
     * fraction ({@code 86400.0}, what some JSON encoders make of any number) is taken as the integer it is.
     */
    static long integer(JsonNode value, String field) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isFloatingPointNumber()) {
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
        }
        if (value.isTextual() && DIGITS.matcher(value.textValue()).matches()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                // 19 digits past Long.MAX_VALUE: refused below like any other out-of-range value
            }
        }
        throw invalid(field, "must be a 64-bit integer, not " + kind(value) + shown(value));
    }

    /** A short rendering of a scalar, for error messages; nothing for containers. */
    private static String shown(JsonNode value) {
        if (!value.isValueNode()) {
            return "";
        }
        String text = value.toString();
        return " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    /** What a value is, for error messages. */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "absent";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
