package dev.herald.server.group;

/**
 * A group of one app. Its id is shown to clients and callers as a decimal string.
 *
 * @param createdAt ms since epoch
 */
public record Group(long id, long appId, String name, long createdAt) {
    public Group withId(long newId) {
        return new Group(newId, appId, name, createdAt);
    }
}
