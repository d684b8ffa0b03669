package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void helloForANewDeviceHasNoCredentials() throws Exception {
        Map<String, Object> f = Frames.parse(Frames.hello("key", "java", null, null, List.of()));
        assertThat(f).containsOnlyKeys("op", "appKey", "platform")
                .containsEntry("op", "hello").containsEntry("appKey", "key").containsEntry("platform", "java");
    }

    @Test
    void helloSendsIdAndSecretOnlyTogether() throws Exception {
        assertThat(Frames.parse(Frames.hello("key", "java", "rid", null, List.of())))
                .doesNotContainKey("registrationId");
        assertThat(Frames.parse(Frames.hello("key", "java", "rid", "s3cret", List.of())))
                .containsEntry("registrationId", "rid").containsEntry("deviceSecret", "s3cret")
                .doesNotContainKey("ack");
    }

    @Test
    void helloCarriesPendingAcks() throws Exception {
        assertThat(Frames.parse(Frames.hello("key", "java", "rid", "s3cret", List.of("7", "g2"))))
                .containsEntry("ack", List.of("7", "g2"));
    }

    @Test
    void ack() throws Exception {
        assertThat(Frames.parse(Frames.ack(Arrays.asList("1", "2"))))
                .containsEntry("op", "ack").containsEntry("ids", Arrays.asList("1", "2"));
    }

    @Test
    void ping() throws Exception {
        assertThat(Frames.parse(Frames.ping())).containsOnlyKeys("op").containsEntry("op", "ping");
    }

    @Test
    void bindLeavesOutWhatIsUnchanged() throws Exception {
        assertThat(Frames.parse(Frames.bind("bob", null, null))).containsOnlyKeys("op", "alias");
        assertThat(Frames.parse(Frames.bind(null, Collections.singletonList("vip"), "jwt")))
                .containsOnlyKeys("op", "tags", "token").containsEntry("tags", Collections.singletonList("vip"));
        assertThat(Frames.parse(Frames.bind("", Collections.<String>emptyList(), null)))
                .containsEntry("alias", "").containsEntry("tags", Collections.emptyList());
    }

    @Test
    void escapesStrings() throws Exception {
        String odd = "quote\" backslash\\ newline\n 中文";
        assertThat(Frames.parse(Frames.bind(odd, null, null))).containsEntry("alias", odd);
    }

    @Test
    void parseRefusesWhatIsNotAnObject() {
        assertThatThrownBy(() -> Frames.parse("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Frames.parse("not json")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Frames.parse("")).isInstanceOf(IOException.class);
    }

    @Test
    void readsFields() throws Exception {
        Map<String, Object> f = Frames.parse("{\"heartbeat\":25,\"tags\":[\"a\",\"b\"],\"alias\":null}");
        assertThat(Frames.number(f, "heartbeat", 0)).isEqualTo(25);
        assertThat(Frames.number(f, "missing", 7)).isEqualTo(7);
        assertThat(Frames.strings(f, "tags")).containsExactly("a", "b");
        assertThat(Frames.strings(f, "alias")).isEmpty();
        assertThat(Frames.string(f, "alias")).isNull();
    }
}
