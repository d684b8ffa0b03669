package dev.herald.server.gateway;

import dev.herald.server.api.Router;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The RFC 6455 opening handshake and subprotocol negotiation, over Netty's EmbeddedChannel (no sockets). */
class HandshakeTest {
    private static EmbeddedChannel channel() {
        return HttpChannels.open(new Router());
    }

    private static String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        return HttpChannels.drain(ch);
    }

    private static String upgrade(String protocols) {
        return "GET /ws HTTP/1.1\r\n"
                + "Host: server.example.com\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Origin: http://example.com\r\n"
                + (protocols == null ? "" : "Sec-WebSocket-Protocol: " + protocols + "\r\n")
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    @Test
    void rfc6455ExampleKeyGivesTheRfcAcceptValue() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, upgrade(null));
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(response).containsIgnoringCase("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(response.toLowerCase()).doesNotContain("sec-websocket-protocol");
        assertThat(ch.pipeline().get("session")).isNotNull();
        assertThat(ch.pipeline().get(HttpHandler.class)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void heraldSubprotocolIsChosenAmongOthers() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, upgrade("chat, superchat, herald.v1"));
        assertThat(response).startsWith("HTTP/1.1 101");
        assertThat(response).containsIgnoringCase("Sec-WebSocket-Protocol: herald.v1");
        ch.finishAndReleaseAll();
    }

    @Test
    void onlyUnknownSubprotocolsAreRefusedWith400() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, upgrade("chat, superchat"));
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("herald.v1");
        ch.finishAndReleaseAll();
    }

    @Test
    void plainGetOnWsExplainsItself() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400").contains("WebSocket endpoint");
        ch.finishAndReleaseAll();
    }
}
