package dev.herald.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {
    private static final byte[] NEEDLE = "~T=".getBytes(StandardCharsets.US_ASCII);

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void indexOfFindsTheFirstWholeMatchInsideTheRange() {
        ByteBuf b = buf("~~T~T=12~T=34");
        assertThat(Payload.indexOf(b, 0, b.writerIndex(), NEEDLE)).isEqualTo(3);
        assertThat(Payload.indexOf(b, 4, b.writerIndex(), NEEDLE)).isEqualTo(8);
        assertThat(Payload.indexOf(b, 0, 5, NEEDLE)).as("a match must end inside the range").isEqualTo(-1);
        assertThat(Payload.indexOf(b, 0, 6, NEEDLE)).isEqualTo(3);
        assertThat(Payload.indexOf(buf("~T"), 0, 2, NEEDLE)).isEqualTo(-1);
    }

    @Test
    void sentNanosReadsTheStamp() {
        ByteBuf b = buf("{\"op\":\"push\",\"id\":\"7\",\"msg_content\":\"" + Payload.make(123456789L, 100) + "\"}");
        assertThat(Payload.sentNanos(b, 0, b.writerIndex())).isEqualTo(123456789L);
        assertThat(Payload.sentNanos(buf("{\"op\":\"pong\"}"), 0, 13)).isEqualTo(-1);
    }

    @Test
    void endsWithLooksOnlyAtTheEndOfTheRange() {
        byte[] end = ",\"broadcast\":true}".getBytes(StandardCharsets.US_ASCII);
        ByteBuf b = buf("{\"id\":\"1\",\"broadcast\":true}xx");
        assertThat(Payload.endsWith(b, 0, b.writerIndex() - 2, end)).isTrue();
        assertThat(Payload.endsWith(b, 0, b.writerIndex(), end)).isFalse();
        assertThat(Payload.endsWith(b, 12, b.writerIndex() - 2, end)).as("shorter than the suffix").isFalse();
    }
}
