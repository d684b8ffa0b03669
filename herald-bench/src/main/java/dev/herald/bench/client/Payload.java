package dev.herald.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * The text every benchmark message carries: a marker, the sender's {@link System#nanoTime()} and padding, e.g.
 * {@code ~T=81234567890123~xxxx}. Client and server share one machine and Linux's monotonic clock is the same in every
 * process, so the receiver can subtract. The marker is plain ASCII that needs no JSON escaping, so the same text works
 * as a WebSocket payload (ceiling, peer) and as Herald's {@code msg_content}.
 */
public final class Payload {
    private static final byte[] MARKER = {'~', 'T', '='};

    private Payload() {
    }

    /** A payload of at least {@code size} characters stamped with {@code nanos}. */
    public static String make(long nanos, int size) {
        StringBuilder b = new StringBuilder(Math.max(size, 24)).append("~T=").append(nanos).append('~');
        while (b.length() < size) {
            b.append('x');
        }
        return b.toString();
    }

    /** The send time stamped in the frame between {@code from} and {@code to}, or -1 if it carries no payload. */
    public static long sentNanos(ByteBuf buf, int from, int to) {
        int at = indexOf(buf, from, to, MARKER);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        int digits = 0;
        for (int i = at + MARKER.length; i < to; i++) {
            byte c = buf.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /** Whether {@code buf[start, end)} ends with {@code suffix}. */
    public static boolean endsWith(ByteBuf buf, int start, int end, byte[] suffix) {
        int from = end - suffix.length;
        if (from < start) {
            return false;
        }
        for (int j = 0; j < suffix.length; j++) {
            if (buf.getByte(from + j) != suffix[j]) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code needle} in {@code buf[from, to)}, or -1. */
    public static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        for (int i = from; i <= last; i++) {
            i = buf.indexOf(i, last + 1, first); // Netty's search, several bytes at a time
            if (i < 0) {
                return -1;
            }
            int j = 1;
            while (j < needle.length && buf.getByte(i + j) == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }
}
