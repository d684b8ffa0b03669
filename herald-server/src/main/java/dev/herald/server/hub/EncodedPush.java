package dev.herald.server.hub;

import dev.herald.server.device.Device;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import dev.herald.server.push.PushFrames;
import dev.herald.server.session.ServerFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The frames of one message, encoded once per platform and shared by every recipient on that platform:
 * server-to-client WebSocket frames are not masked, so the same bytes serve every connection.
 */
public final class EncodedPush {
    private final Message message;
    /** Frame templates rendered before the message was stored, by platform; see {@link PushFrames}. */
    private final Map<String, List<byte[]>> templates;
    /** Whether the audience's platform and tag part is everyone (audience {@code all}, every platform). */
    private final boolean everyPlatformAndTag;
    /** Platforms and their frames, in pairs; copied on write, so readers on any loop need no lock. */
    private volatile Object[] byPlatform = new Object[0];

    public EncodedPush(Message message, Map<String, List<byte[]>> templates) {
        this.message = message;
        this.templates = templates;
        Audience a = message.audience();
        this.everyPlatformAndTag = a.platforms().isEmpty() && a.tags().isEmpty() && a.tagsAnd().isEmpty()
                && a.tagsNot().isEmpty();
    }

    public Message message() {
        return message;
    }

    /** The frames for a platform. The buffers are unreleasable: callers send {@code duplicate()}s. */
    @SuppressWarnings("unchecked")
    public List<ByteBuf> framesFor(String platform) {
        Object[] known = byPlatform;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == platform || known[i].equals(platform)) {
                return (List<ByteBuf>) known[i + 1];
            }
        }
        return encodeFor(platform);
    }

    @SuppressWarnings("unchecked")
    private synchronized List<ByteBuf> encodeFor(String platform) {
        Object[] known = byPlatform;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i].equals(platform)) {
                return (List<ByteBuf>) known[i + 1];
            }
        }
        List<byte[]> rendered = templates.get(platform);
        List<ByteBuf> frames = encode(message.id(), rendered != null ? rendered
                : PushFrames.templates(message, platform));
        Object[] next = java.util.Arrays.copyOf(known, known.length + 2);
        next[known.length] = platform;
        next[known.length + 1] = frames;
        byPlatform = next;
        return frames;
    }

    /** Whether the broadcast is for every device registered when it was pushed, whatever its platform and tags. */
    boolean isForEveryone() {
        return everyPlatformAndTag;
    }

    /**
     * Whether a broadcast is for this device: the devices registered when it was pushed that match its platform
     * and tags. The common audience, everyone on every platform, costs one comparison.
     */
    boolean isFor(Device device) {
        return device.registeredAt() <= message.createdAt()
                && (everyPlatformAndTag
                || message.audience().matchesTagsAndPlatform(device.platform(), device.tags()));
    }

    /** The message's frames for one platform, as whole WebSocket frames ({@link ServerFrames}). */
    public static List<ByteBuf> encode(Message message, String platform) {
        return encode(message.id(), PushFrames.templates(message, platform));
    }

    private static List<ByteBuf> encode(long id, List<byte[]> templates) {
        byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        ByteBuf[] frames = new ByteBuf[templates.size()];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = ServerFrames.text(templates.get(i), PushFrames.ID_AT, digits);
        }
        return List.of(frames);
    }

    /**
     * The frames of several messages back to back in one unreleasable direct buffer, written as it is (callers send
     * {@code duplicate()}s). Like {@link ServerFrames}, a plain NIO direct buffer: freed by its Cleaner once the
     * last duplicate is gone, and not tracked by Netty's leak detector.
     */
    static ByteBuf join(List<List<ByteBuf>> framesOfEach) {
        int total = 0;
        for (List<ByteBuf> frames : framesOfEach) {
            for (ByteBuf f : frames) {
                total += f.readableBytes();
            }
        }
        ByteBuf joined = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(total)).clear();
        for (List<ByteBuf> frames : framesOfEach) {
            for (ByteBuf f : frames) {
                joined.writeBytes(f, f.readerIndex(), f.readableBytes());
            }
        }
        return Unpooled.unreleasableBuffer(joined);
    }
}
