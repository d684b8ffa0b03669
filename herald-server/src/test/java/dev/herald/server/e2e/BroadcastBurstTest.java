package dev.herald.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.ServerTestBase;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many broadcasts in quick succession through the push API, as the fan-out benchmark sends them: every connected
 * client gets every one, once, in the order they were pushed, and a unicast pushed after them comes after them.
 * (Which of them reach an event loop together is up to timing here; HubFanOutTest makes bursts deterministic.)
 */
class BroadcastBurstTest extends ServerTestBase {
    /** The pushes a client receives up to its pong, in order. */
    private static List<String> pushesUntilPong(WsClient c) {
        c.send("{\"op\":\"ping\"}");
        List<String> ids = new ArrayList<>();
        JsonNode f;
        while (!(f = c.next()).path("op").asText().equals("pong")) {
            assertThat(f.path("op").asText()).isEqualTo("push");
            ids.add(f.get("id").asText());
        }
        return ids;
    }

    @Test
    void everyClientGetsEveryBroadcastOnceInOrderThenTheUnicast() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (String platform : List.of("web", "web", "android", "ios", "web", "android")) {
                WsClient c = t.connect(t.app, platform);
                clients.add(c);
                assertThat(pushesUntilPong(c)).isEmpty(); // live: catch-up is over
            }
            List<String> pushed = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pushed.add(t.push(t.app, "{\"platform\":\"all\",\"audience\":\"all\","
                        + "\"message\":{\"msg_content\":\"burst " + i + "\"}}"));
            }
            WsClient target = clients.get(2);
            String unicast = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\""
                    + target.registrationId() + "\"]},\"message\":{\"msg_content\":\"after\"}}");
            for (WsClient c : clients) {
                List<String> expected = new ArrayList<>(pushed);
                if (c == target) {
                    expected.add(unicast);
                }
                assertThat(pushesUntilPong(c)).containsExactlyElementsOf(expected);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
