package dev.herald.server.gateway;

import dev.herald.server.testing.TestServer;
import dev.herald.server.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS on the one port: https and wss with a PKCS#12 keystore (keytool) and with PEM files (openssl). */
class TlsTest {
    @TempDir
    Path dir;

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    private Path keystore() throws Exception {
        Path ks = dir.resolve("herald.p12");
        run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "herald", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        return ks;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("herald", ks.getCertificate("herald"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void assertHttpsAndWss(TestServer t, SSLContext ssl) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + t.port() + "/demo")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        CompletableFuture<String> welcome = new CompletableFuture<>();
        WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + t.port() + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        welcome.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"op\":\"hello\",\"appKey\":\"" + t.app.appKey() + "\"}", true);
        assertThat(welcome.get(10, TimeUnit.SECONDS)).contains("\"op\":\"welcome\"");
        ws.abort();
    }

    @Test
    void pkcs12KeystoreServesHttpsAndWss() throws Exception {
        Path ks = keystore();
        try (TestServer t = TestServer.start(dir.resolve("data"),
                b -> b.tlsKeystore(ks).tlsKeystorePassword("changeit"))) {
            assertHttpsAndWss(t, trusting(ks));
        }
    }

    @Test
    void pemCertificateAndKeyServeHttpsAndWss() throws Exception {
        Path ks = keystore();
        run(dir, "openssl", "pkcs12", "-in", ks.toString(), "-passin", "pass:changeit", "-nokeys", "-out", "cert.pem");
        run(dir, "openssl", "pkcs12", "-in", ks.toString(), "-passin", "pass:changeit", "-nocerts", "-nodes",
                "-out", "key-any.pem");
        run(dir, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "key-any.pem", "-out", "key.pem");
        try (TestServer t = TestServer.start(dir.resolve("data"),
                b -> b.tlsCert(dir.resolve("cert.pem")).tlsKey(dir.resolve("key.pem")))) {
            assertHttpsAndWss(t, trusting(ks));
        }
    }

    @Test
    void plainHttpOnATlsPortIsRefused() throws Exception {
        Path ks = keystore();
        try (TestServer t = TestServer.start(dir.resolve("data"),
                b -> b.tlsKeystore(ks).tlsKeystorePassword("changeit"))) {
            assertThatThrownBy(() -> WsClient.open(t.wsUri()))
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
