package dev.herald.server.hub;

import dev.herald.server.session.Session;

import java.util.Arrays;

/**
 * The sessions of one app on one event loop, in an array: iterating it is a plain array walk, and removal is O(1) by
 * swapping the last session into the removed one's slot ({@link Session#hubSlot}). Touched only on its event loop
 * (a session belongs to one app and one loop, so one slot per session is enough).
 */
final class SessionList {
    private Session[] sessions = new Session[16];
    private int size;

    void add(Session s) {
        if (s.hubSlot() >= 0) {
            return;
        }
        if (size == sessions.length) {
            sessions = Arrays.copyOf(sessions, size * 2);
        }
        s.hubSlot(size);
        sessions[size++] = s;
    }

    void remove(Session s) {
        int i = s.hubSlot();
        if (i < 0 || i >= size || sessions[i] != s) {
            return;
        }
        Session last = sessions[--size];
        sessions[i] = last;
        last.hubSlot(i);
        sessions[size] = null;
        s.hubSlot(-1);
    }

    int size() {
        return size;
    }

    /**
     * The session at {@code i}. Walk from {@code size() - 1} down to 0: removing the session being visited (a
     * delivery that closes it) then moves an already visited one into its slot, so none is skipped or visited twice.
     */
    Session get(int i) {
        return sessions[i];
    }

    /** A copy, for callers that run arbitrary code per session. */
    Session[] toArray() {
        return Arrays.copyOf(sessions, size);
    }
}
