package dev.herald.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming fast path for ack frames: exact shapes only, everything else left to the general path. */
class AckFrameTest {
    private static AckFrame parse(String json, int max) {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            AckFrame ack = AckFrame.parse(buf, max);
            assertThat(buf.readerIndex()).as("the frame is not consumed").isZero();
            return ack;
        } finally {
            buf.release();
        }
    }

    @Test
    void pushAndGroupIdsAreSplit() {
        AckFrame ack = parse("{\"op\":\"ack\",\"ids\":[\"1045\",\"g42\",\"7\",\"g9\",\"0\"]}", 1000);
        assertThat(Arrays.copyOf(ack.pushIds, ack.pushCount)).containsExactly(1045, 7, 0);
        assertThat(Arrays.copyOf(ack.groupIds, ack.groupCount)).containsExactly(42, 9);
        AckFrame many = parse("{ \"op\" : \"ack\", \"ids\" : [" + "\"1\",".repeat(99) + "\"2\"] }", 1000);
        assertThat(many.pushCount).isEqualTo(100);
        assertThat(many.pushIds[99]).isEqualTo(2);
        assertThat(parse("{\"op\":\"ack\",\"ids\":[]}", 1000).pushCount).isZero();
    }

    @Test
    void anythingElseIsLeftToTheGeneralPath() {
        for (String other : new String[]{
                "{\"ids\":[\"1\"],\"op\":\"ack\"}",            // other order
                "{\"op\":\"ping\"}",
                "{\"op\":\"ack\",\"ids\":[1]}",                // a number, not a string
                "{\"op\":\"ack\",\"ids\":[\"1x\"]}",
                "{\"op\":\"ack\",\"ids\":[\"g\"]}",
                "{\"op\":\"ack\",\"ids\":[\"\"]}",
                "{\"op\":\"ack\",\"ids\":[\"-1\"]}",
                "{\"op\":\"ack\",\"ids\":[\"1234567890123456789\"]}", // 19 digits
                "{\"op\":\"ack\",\"ids\":[\"1\"],\"extra\":1}",
                "{\"op\":\"ack\",\"ids\":[\"1\"]} {}",
                "{\"op\":\"ack\",\"ids\":[\"1\"",                  // cut short
                "[\"op\",\"ack\"]"}) {
            assertThat(parse(other, 1000)).as(other).isNull();
        }
        assertThat(parse("{\"op\":\"ack\",\"ids\":[\"1\",\"2\",\"3\"]}", 2)).as("over the limit").isNull();
        assertThat(parse("{\"op\":\"ack\",\"ids\":[\"1\",\"2\"]}", 2)).isNotNull();
    }
}
