package dev.herald.server.hub;

import dev.herald.server.group.GroupFrames;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.session.ServerFrames;
import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * The {@code group} frame of one message, encoded once per variant ({@code mentioned} true or false) and shared by
 * every recipient, like {@link EncodedPush}.
 */
public final class EncodedGroup {
    private final GroupMessage message;
    private final List<ByteBuf> plain;
    private volatile List<ByteBuf> mentioned;

    public EncodedGroup(GroupMessage message) {
        this.message = message;
        this.plain = encode(message, false);
    }

    public GroupMessage message() {
        return message;
    }

    /** The frame for a recipient. The buffers are unreleasable: callers send {@code duplicate()}s. */
    public List<ByteBuf> framesFor(boolean isMentioned) {
        if (!isMentioned) {
            return plain;
        }
        List<ByteBuf> m = mentioned;
        if (m == null) {
            m = encode(message, true); // a race encodes twice at worst; both results are equal
            mentioned = m;
        }
        return m;
    }

    /** The frame as a whole WebSocket frame ({@link ServerFrames}). */
    public static List<ByteBuf> encode(GroupMessage message, boolean isMentioned) {
        return List.of(ServerFrames.text(GroupFrames.render(message, isMentioned)));
    }
}
