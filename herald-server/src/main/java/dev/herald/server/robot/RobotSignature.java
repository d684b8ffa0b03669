package dev.herald.server.robot;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * DingTalk's request signature: {@code base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret))}, sent
 * URL-encoded as {@code sign} next to {@code timestamp} (ms since epoch), which must be within an hour of the server's
 * clock so a captured URL stops working.
 */
public final class RobotSignature {
    /** How far a request's timestamp may be from the server's clock, either way. */
    public static final long WINDOW_MILLIS = 3_600_000L;

    private RobotSignature() {
    }

    /** The signature of a timestamp, before URL encoding. */
    public static String sign(String timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e); // cannot happen
        }
    }

    /**
     * Checks a request's {@code timestamp} and {@code sign} (as decoded from the query string).
     *
     * @throws RobotRefusal invalid timestamp (missing, not a number, outside the window) or sign not match
     */
    static void check(String timestamp, String sign, String secret, long now) {
        long ts;
        try {
            ts = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw RobotRefusal.invalidTimestamp();
        }
        if (Math.abs(now - ts) > WINDOW_MILLIS) {
            throw RobotRefusal.invalidTimestamp();
        }
        if (sign == null) {
            throw RobotRefusal.signNotMatch();
        }
        // A client that forgot to URL-encode sends '+' raw, which the query decoder turns into ' '.
        byte[] given = sign.trim().replace(' ', '+').getBytes(StandardCharsets.UTF_8);
        byte[] expected = sign(timestamp.trim(), secret).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            throw RobotRefusal.signNotMatch();
        }
    }
}
