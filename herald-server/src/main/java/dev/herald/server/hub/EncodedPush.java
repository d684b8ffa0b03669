package dev.herald.server.hub;

import dev.herald.server.push.Message;
import dev.herald.server.push.PushFrames;
import dev.herald.server.session.ServerFrames;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frames of one message, encoded once per platform and shared by every recipient on that platform:
 * server-to-client WebSocket frames are not masked, so the same bytes serve every connection.
 */
public final class EncodedPush {
    private final Message message;
    private final ConcurrentHashMap<String, List<ByteBuf>> byPlatform = new ConcurrentHashMap<>(4);

    public EncodedPush(Message message) {
        this.message = message;
    }

    public Message message() {
        return message;
    }

    /** The frames for a platform. The buffers are unreleasable: callers send {@code duplicate()}s. */
    public List<ByteBuf> framesFor(String platform) {
        return byPlatform.computeIfAbsent(platform, p -> encode(message, p));
    }

    /** The message's frames for one platform, as whole WebSocket frames ({@link ServerFrames}). */
    public static List<ByteBuf> encode(Message message, String platform) {
        return PushFrames.render(message, platform).stream().map(ServerFrames::text).toList();
    }
}
