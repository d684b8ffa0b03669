package dev.herald.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated JPush v3 push body.
 *
 * @param notification the {@code notification} object, or {@code null}
 * @param message      the {@code message} object, or {@code null}
 * @param sendno       {@code options.sendno}, 0 when absent
 * @param timeToLive   {@code options.time_to_live} in seconds, or {@code null} for the server's default
 * @param overrideMsgId {@code options.override_msg_id}, 0 when absent
 * @param cid          the idempotency key, or {@code null}
 * @param notificationJson {@code notification} as compact JSON text (what is stored), or {@code null}
 * @param messageJson  {@code message} as compact JSON text, or {@code null}
 */
public record PushRequest(Audience audience, ObjectNode notification, ObjectNode message, long sendno,
                          Integer timeToLive, long overrideMsgId, String cid, String notificationJson,
                          String messageJson) {

    /** A request whose texts are written from the trees here. */
    public PushRequest(Audience audience, ObjectNode notification, ObjectNode message, long sendno,
                       Integer timeToLive, long overrideMsgId, String cid) {
        this(audience, notification, message, sendno, timeToLive, overrideMsgId, cid, text(notification),
                text(message));
    }

    static String text(ObjectNode node) {
        return node == null ? null : PushJson.write(node);
    }
}
