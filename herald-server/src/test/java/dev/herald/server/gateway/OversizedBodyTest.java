package dev.herald.server.gateway;

import dev.herald.server.testing.ServerTestBase;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over the limit gets its JSON error, and on a keep-alive connection the rest of the body is discarded so the
 * connection serves the next request: closing at once would let the client's unsent body reset the connection and
 * lose the answer.
 */
class OversizedBodyTest extends ServerTestBase {
    @Test
    void oversizedBodyIsAnsweredAndTheConnectionServesTheNextRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", t.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String body = "{\"platform\":\"all\",\"audience\":\"all\",\"message\":{\"msg_content\":\""
                    + "x".repeat(300_000) + "\"}}";
            out.write(request("POST", body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 400").contains("\"code\":1005").contains("larger than")
                    .doesNotContainIgnoringCase("connection: close");

            out.write(request("GET", null).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 ").contains("\"error\"");
        }
    }

    private String request(String method, String body) {
        StringBuilder r = new StringBuilder(method + " /v3/push HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + TestServer.basic(t.app) + "\r\n");
        if (body != null) {
            r.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        } else {
            r.append("\r\n");
        }
        return r.toString();
    }

    /** One response: headers, then as many body bytes as Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed before the end of the headers").isNotNegative();
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
