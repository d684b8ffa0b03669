package dev.herald.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Client-to-server WebSocket frames (RFC 6455 §5.2): always final, always masked, as a browser sends them. */
final class WsFrames {
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private WsFrames() {
    }

    static ByteBuf text(ByteBufAllocator alloc, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return frame(alloc, TEXT, payload, 0, payload.length);
    }

    /** A frame whose payload is {@code payload[from, from + len)}, masked with a fresh random key. */
    static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload, int from, int len) {
        ByteBuf b = alloc.buffer(14 + len);
        b.writeByte(0x80 | opcode);
        if (len < 126) {
            b.writeByte(0x80 | len);
        } else if (len < 65_536) {
            b.writeByte(0x80 | 126).writeShort(len);
        } else {
            b.writeByte(0x80 | 127).writeLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        b.writeInt(mask);
        for (int i = 0; i < len; i++) {
            b.writeByte(payload[from + i] ^ (mask >>> (24 - 8 * (i & 3))));
        }
        return b;
    }

    /** A frame echoing {@code buf[from, to)} (a ping's payload in the pong). */
    static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf buf, int from, int to) {
        byte[] payload = new byte[to - from];
        buf.getBytes(from, payload);
        return frame(alloc, opcode, payload, 0, payload.length);
    }
}
