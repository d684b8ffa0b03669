package dev.herald.server.session;

import dev.herald.server.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theGeneralPathReadsAnIdsArrayOrSaysWhatIsWrong() throws Exception {
        AckFrame ack = AckFrame.of(Json.MAPPER.readTree("[\"1045\",\"g42\",7]"), 1000);
        assertThat(Arrays.copyOf(ack.pushIds, ack.pushCount)).containsExactly(1045, 7);
        assertThat(ack.groupIdList()).containsExactly(42L);
        AckFrame none = AckFrame.of(Json.MAPPER.readTree("[]"), 1000);
        assertThat(none.pushCount + none.groupCount).isZero();
        for (String bad : new String[]{"\"1\"", "{}", "[\"1x\"]", "[\"-1\"]", "[\"g\"]", "[null]", "[1.5]",
                "[\"1234567890123456789\"]"}) {
            assertThatThrownBy(() -> AckFrame.of(Json.MAPPER.readTree(bad), 1000)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AckFrame.of(Json.MAPPER.readTree("[\"1\",\"2\",\"3\"]"), 2))
                .hasMessageContaining("at most 2");
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

    @Test
    void theCompactFormIsScannedAndWhitespaceGoesThroughTheParser() {
        String compact = "{\"op\":\"ack\",\"ids\":[\"1045\",\"g42\",\"123456789012345678\"]}";
        ByteBuf buf = Unpooled.copiedBuffer(compact, StandardCharsets.UTF_8);
        ByteBuf spaced = Unpooled.copiedBuffer(compact.replace(",", ", "), StandardCharsets.UTF_8);
        ByteBuf empty = Unpooled.copiedBuffer("{\"op\":\"ack\",\"ids\":[]}", StandardCharsets.UTF_8);
        try {
            AckFrame scanned = AckFrame.scan(buf, 1000);
            assertThat(Arrays.copyOf(scanned.pushIds, scanned.pushCount)).containsExactly(1045, 123456789012345678L);
            assertThat(Arrays.copyOf(scanned.groupIds, scanned.groupCount)).containsExactly(42);
            assertThat(AckFrame.scan(empty, 1000).pushCount).isZero();
            assertThat(AckFrame.scan(spaced, 1000)).isNull();
            AckFrame parsed = AckFrame.parse(spaced, 1000);
            assertThat(Arrays.copyOf(parsed.pushIds, parsed.pushCount)).containsExactly(1045, 123456789012345678L);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
            spaced.release();
            empty.release();
        }
        for (String other : new String[]{
                "{\"op\":\"ack\",\"ids\":[\"1\",]}", "{\"op\":\"ack\",\"ids\":[\"1\"]}}", "{\"op\":\"ack\",\"ids\":[\"1\"]",
                "{\"op\":\"ack\",\"ids\":[\"g\"]}", "{\"op\":\"ack\",\"ids\":[\"1\"\"2\"]}", "{\"op\":\"ack\",\"ids\":[\"01x\"]}"}) {
            ByteBuf b = Unpooled.copiedBuffer(other, StandardCharsets.UTF_8);
            try {
                assertThat(AckFrame.scan(b, 1000)).as(other).isNull();
                assertThat(AckFrame.parse(b, 1000)).as(other).isNull();
            } finally {
                b.release();
            }
        }
    }
}
