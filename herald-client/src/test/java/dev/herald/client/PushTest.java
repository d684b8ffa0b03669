package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushTest {

    private static Push parse(String json) throws Exception {
        return Push.of(Frames.parse(json));
    }

    @Test
    void readsANotification() throws Exception {
        Push p = parse("{\"op\":\"push\",\"id\":\"1045\",\"kind\":\"notification\",\"title\":\"Order\","
                + "\"alert\":\"Your order shipped\",\"url\":null,\"extras\":{\"order\":\"A17\",\"n\":3},"
                + "\"ts\":1764100000000,\"override\":\"1044\"}");
        assertThat(p.id()).isEqualTo("1045");
        assertThat(p.kind()).isEqualTo(Push.NOTIFICATION);
        assertThat(p.isNotification()).isTrue();
        assertThat(p.isMessage()).isFalse();
        assertThat(p.title()).isEqualTo("Order");
        assertThat(p.alert()).isEqualTo("Your order shipped");
        assertThat(p.url()).isNull();
        assertThat(p.extras()).containsEntry("order", "A17").containsEntry("n", 3);
        assertThat(p.ts()).isEqualTo(1764100000000L);
        assertThat(p.override()).isEqualTo("1044");
        assertThat(p.msgContent()).isNull();
        assertThat(p.raw()).containsEntry("op", "push");
    }

    @Test
    void readsAMessage() throws Exception {
        Push p = parse("{\"op\":\"push\",\"id\":\"7\",\"kind\":\"message\",\"msg_content\":\"hi\","
                + "\"title\":\"t\",\"content_type\":\"text/plain\",\"ts\":5}");
        assertThat(p.isMessage()).isTrue();
        assertThat(p.msgContent()).isEqualTo("hi");
        assertThat(p.contentType()).isEqualTo("text/plain");
        assertThat(p.broadcast()).isFalse();
        assertThat(parse("{\"op\":\"push\",\"id\":\"8\",\"kind\":\"message\",\"broadcast\":true}").broadcast())
                .isTrue();
        assertThat(p.title()).isEqualTo("t");
        assertThat(p.ts()).isEqualTo(5);
        assertThat(p.extras()).isEmpty();
        assertThat(p.override()).isNull();
    }

    @Test
    void isDeeplyImmutable() throws Exception {
        Push p = parse("{\"id\":\"1\",\"kind\":\"message\",\"extras\":{\"list\":[1,{\"a\":\"b\"}]}}");
        assertThatThrownBy(() -> p.extras().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.raw().remove("id")).isInstanceOf(UnsupportedOperationException.class);
        List<?> list = (List<?>) p.extras().get("list");
        assertThatThrownBy(() -> list.clear()).isInstanceOf(UnsupportedOperationException.class);
        Map<?, ?> nested = (Map<?, ?>) list.get(1);
        assertThatThrownBy(() -> nested.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalFramesMakeEqualPushes() throws Exception {
        String json = "{\"id\":\"1\",\"kind\":\"notification\",\"alert\":\"a\"}";
        assertThat(parse(json)).isEqualTo(parse(json)).hasSameHashCodeAs(parse(json));
        assertThat(parse(json)).isNotEqualTo(parse(json.replace("notification", "message")));
    }

    @Test
    void needsIdAndKind() {
        assertThatThrownBy(() -> parse("{\"op\":\"push\",\"kind\":\"message\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("{\"op\":\"push\",\"id\":\"1\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
