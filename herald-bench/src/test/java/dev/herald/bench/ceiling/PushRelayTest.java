package dev.herald.bench.ceiling;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PushRelayTest {
    @Test
    void readsTheFirstRegistrationIdAndTheMessageOfAJpushBody() throws Exception {
        String body = "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"c7\",\"c8\"]},"
                + "\"message\":{\"msg_content\":\"~T=12~ \\\"quoted\\\"\"},\"options\":{\"time_to_live\":600}}";

        PushRelay.Push push = PushRelay.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(push).isEqualTo(new PushRelay.Push("c7", "~T=12~ \"quoted\""));
    }

    @Test
    void aBodyWithoutARegistrationIdOrAMessageOrThatIsNotJsonIsNothing() throws Exception {
        assertThat(PushRelay.parse("{\"audience\":\"all\",\"message\":{\"msg_content\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(PushRelay.parse("{\"audience\":{\"registration_id\":[\"c1\"]}}"
                .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(PushRelay.parse("{\"audience\":".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
