package dev.herald.server.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.app.App;
import dev.herald.server.testing.ServerTestBase;
import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A client setting its own alias and tags: only when the app allows it, or with a token its backend signed. */
class BindTest extends ServerTestBase {
    private static String token(App app, String alias, String rid, Instant exp, String... tags) {
        var b = JWT.create().withClaim("alias", alias).withExpiresAt(exp);
        if (rid != null) {
            b.withClaim("rid", rid);
        }
        if (tags.length > 0) {
            b.withArrayClaim("tags", tags);
        }
        return b.sign(Algorithm.HMAC256(app.masterSecret()));
    }

    @Test
    void withoutPermissionOrTokenBindIsRefused() {
        try (WsClient c = t.connect(t.app, "web")) {
            c.send("{\"op\":\"bind\",\"alias\":\"u1\"}");
            JsonNode err = c.next();
            assertThat(err.get("code").asInt()).isEqualTo(4403);
        }
    }

    @Test
    void signedTokenBindsAliasAndTagsAndPushesFollow() {
        try (WsClient c = t.connect(t.app, "web")) {
            String tok = token(t.app, "user_42", c.registrationId(), Instant.now().plusSeconds(300), "vip");
            c.send("{\"op\":\"bind\",\"alias\":\"user_42\",\"tags\":[\"vip\"],\"token\":\"" + tok + "\"}");
            JsonNode bound = c.next();
            assertThat(bound.get("op").asText()).as(bound.toString()).isEqualTo("bound");
            assertThat(bound.get("alias").asText()).isEqualTo("user_42");
            assertThat(bound.get("tags").get(0).asText()).isEqualTo("vip");
            String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"alias\":[\"user_42\"]},"
                    + "\"message\":{\"msg_content\":\"hello\"}}");
            JsonNode push = c.next("push");
            assertThat(push.get("id").asText()).isEqualTo(id);
            assertThat(push.get("kind").asText()).isEqualTo("message");
            assertThat(push.get("msg_content").asText()).isEqualTo("hello");
        }
    }

    @Test
    void badTokensAreRefused() {
        App other = t.createApp("other", false, 100);
        try (WsClient c = t.connect(t.app, "web")) {
            String wrongKey = token(other, "u", null, Instant.now().plusSeconds(300));
            String expired = token(t.app, "u", null, Instant.now().minusSeconds(60));
            String otherDevice = token(t.app, "u", "someone-else", Instant.now().plusSeconds(300));
            String otherAlias = token(t.app, "v", null, Instant.now().plusSeconds(300));
            for (String tok : new String[]{wrongKey, expired, otherDevice, otherAlias, "garbage"}) {
                c.send("{\"op\":\"bind\",\"alias\":\"u\",\"token\":\"" + tok + "\"}");
                assertThat(c.next().get("code").asInt()).as(tok).isEqualTo(4403);
            }
        }
    }

    @Test
    void appThatAllowsClientBindingAcceptsValidNamesOnly() {
        App open = t.createApp("open", true, 100);
        try (WsClient c = t.connect(open, "web")) {
            c.send("{\"op\":\"bind\",\"alias\":\"张三\",\"tags\":[\"beijing\",\"vip_1\"]}");
            assertThat(c.next().get("op").asText()).isEqualTo("bound");
            c.send("{\"op\":\"bind\",\"tags\":[\"has space\"]}");
            JsonNode err = c.next();
            assertThat(err.get("code").asInt()).isEqualTo(4404);
            assertThat(err.get("message").asText()).contains("has space");
            var device = TestServer.json(t.get("/v3/devices/" + c.registrationId(), open).body());
            assertThat(device.get("alias").asText()).isEqualTo("张三");
            assertThat(device.get("tags")).hasSize(2);
        }
    }
}
