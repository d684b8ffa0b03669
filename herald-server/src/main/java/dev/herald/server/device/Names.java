package dev.herald.server.device;

import dev.herald.server.error.HeraldError;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * JPush's character rules for aliases, tags and mobile numbers, in one place so the push API, the device API and the
 * client's {@code bind} frame refuse exactly the same names (a name one of them accepted and another refused could
 * be set but never targeted).
 *
 * <p>An alias or tag is 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8 made of ASCII letters and digits, {@code _},
 * Han (CJK) ideographs, and the specials {@code @!#$&*+=.|￥}. JPush's own SDKs check the ASCII ranges
 * ({@code a-zA-Z0-9}); other scripts' letters, spaces, CJK punctuation and emoji are refused.
 */
public final class Names {
    /** Longest alias or tag, in bytes of UTF-8 (13 CJK ideographs fit, 14 do not). */
    public static final int MAX_NAME_BYTES = 40;
    /** Longest mobile number, in characters, a leading {@code +} included. */
    public static final int MAX_MOBILE_CHARS = 20;

    private static final String SPECIALS = "@!#$&*+=.|￥";
    private static final String RULE = "letters, digits, _, CJK ideographs and " + SPECIALS;
    /** Longest piece of a refused value quoted back in an error message. */
    private static final int QUOTE_CHARS = 64;

    private Names() {
    }

    public static boolean validTag(String tag) {
        return problem(tag) == null;
    }

    public static boolean validAlias(String alias) {
        return problem(alias) == null;
    }

    /** Throws {@link HeraldError#INVALID_PARAMETER}, naming {@code field}, the value and the rule, if it is not a valid tag. */
    public static void checkTag(String field, String tag) {
        check(field, "tag", tag);
    }

    /** Throws {@link HeraldError#INVALID_PARAMETER}, naming {@code field}, the value and the rule, if it is not a valid alias. */
    public static void checkAlias(String field, String alias) {
        check(field, "alias", alias);
    }

    /** A mobile number: optional leading {@code +}, then ASCII digits, at most 20 characters; {@code ""} (clear) is valid. */
    public static boolean validMobile(String mobile) {
        if (mobile == null || mobile.length() > MAX_MOBILE_CHARS) {
            return false;
        }
        if (mobile.isEmpty()) {
            return true;
        }
        int start = mobile.charAt(0) == '+' ? 1 : 0;
        if (start == mobile.length()) {
            return false;
        }
        for (int i = start; i < mobile.length(); i++) {
            char c = mobile.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static void checkMobile(String field, String mobile) {
        if (!validMobile(mobile)) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " " + quote(mobile)
                    + " is not a mobile number: digits with an optional leading +, at most " + MAX_MOBILE_CHARS
                    + " characters (\"\" clears it)");
        }
    }

    private static void check(String field, String kind, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw HeraldError.INVALID_PARAMETER.exception(field + " " + quote(value) + " is not a valid " + kind
                    + ": " + problem);
        }
    }

    /** Why the name breaks the rules, or {@code null} if it does not. */
    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it must not be empty";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!allowed(cp)) {
                return "character '" + new String(Character.toChars(cp)) + "' (U+"
                        + String.format(Locale.ROOT, "%04X", cp) + ") is not allowed; use only " + RULE;
            }
            i += Character.charCount(cp);
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return "it is " + bytes + " bytes in UTF-8, more than the limit of " + MAX_NAME_BYTES;
        }
        return null;
    }

    private static boolean allowed(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_'
                || SPECIALS.indexOf(cp) >= 0
                || (cp > 0x7f && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > QUOTE_CHARS
                ? value.substring(0, value.offsetByCodePoints(0, value.codePointCount(0, QUOTE_CHARS))) + "…"
                : value;
        return "\"" + shown + "\"";
    }
}
