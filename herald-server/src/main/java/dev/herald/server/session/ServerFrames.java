package dev.herald.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Whole WebSocket text frames (header and payload) encoded once and written as they are to every recipient.
 * Server-to-client frames are not masked (RFC 6455 §5.1), so the same bytes serve every connection, and writing them
 * as a plain buffer skips the per-connection frame encoder. The buffers are direct, so the native transport writes
 * them without a copy, and unreleasable: each write sends a {@code duplicate()}, and the garbage collector frees the
 * memory once the last duplicate is gone.
 */
public final class ServerFrames {
    private static final byte[] NOTHING = new byte[0];

    private ServerFrames() {
    }

    public static ByteBuf text(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return text(payload, payload.length, NOTHING);
    }

    /**
     * A text frame whose payload is {@code template} with {@code insert} put in at index {@code at}: a frame rendered
     * before one of its values was known, completed without rendering it again.
     */
    public static ByteBuf text(byte[] template, int at, byte[] insert) {
        int len = template.length + insert.length;
        int header = len < 126 ? 2 : len < 65_536 ? 4 : 10;
        // A plain NIO direct buffer: freed by its Cleaner once the last duplicate is gone, and not tracked by Netty's
        // leak detector, which would otherwise report every shared frame as a leak.
        ByteBuf buf = Unpooled.wrappedBuffer(java.nio.ByteBuffer.allocateDirect(header + len)).clear();
        buf.writeByte(0x81); // FIN + text
        if (len < 126) {
            buf.writeByte(len);
        } else if (len < 65_536) {
            buf.writeByte(126);
            buf.writeShort(len);
        } else {
            buf.writeByte(127);
            buf.writeLong(len);
        }
        buf.writeBytes(template, 0, at);
        buf.writeBytes(insert);
        buf.writeBytes(template, at, template.length - at);
        return Unpooled.unreleasableBuffer(buf);
    }
}
