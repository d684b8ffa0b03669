package dev.herald.server.push;

/**
 * A stored push. The content is kept as the JSON the backend sent (validated), so the frame for each platform can be
 * derived from it at delivery time.
 *
 * @param id           assigned by the store when its write is queued; 0 in a draft. Ids increase in commit order.
 * @param sendno       the backend's {@code options.sendno}, echoed back
 * @param notification the {@code notification} object as JSON, or {@code null}
 * @param message      the {@code message} object as JSON, or {@code null}
 * @param createdAt    ms since epoch when accepted
 * @param expiresAt    ms since epoch after which it is no longer delivered; equal to createdAt for ttl 0
 * @param overrideOf   id of the message this one replaces, 0 if none
 * @param cid          the idempotency key the backend sent, or {@code null}
 */
public record Message(long id, long appId, long sendno, Audience audience, String notification, String message,
                      long createdAt, long expiresAt, long overrideOf, String cid) {

    public Message withId(long newId) {
        return new Message(newId, appId, sendno, audience, notification, message, createdAt, expiresAt, overrideOf,
                cid);
    }

    public boolean broadcast() {
        return audience.broadcast();
    }

    /** Whether a device that is offline now may still receive it later. */
    public boolean storedForOffline() {
        return expiresAt > createdAt;
    }
}
