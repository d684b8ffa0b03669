package dev.herald.server.gateway;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * TLS for the HTTP port, from a PEM certificate chain and PKCS#8 key (what Let's Encrypt issues) or from a PKCS#12
 * keystore (what {@code keytool} makes). With TLS on, the same port serves {@code https://} and {@code wss://}.
 */
public final class Tls {
    private Tls() {
    }

    /** A server context from PEM files: the certificate chain and its unencrypted PKCS#8 private key. */
    public static SslContext fromPem(Path certChain, Path privateKey) {
        try {
            return SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-cert/tls-key: cannot load " + certChain + " and " + privateKey
                    + ": " + e.getMessage(), e);
        }
    }

    /** A server context from a PKCS#12 keystore holding one key entry. */
    public static SslContext fromKeystore(Path keystore, String password) {
        char[] pass = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pass);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            return SslContextBuilder.forServer(kmf).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls-keystore: cannot load " + keystore + ": " + e.getMessage(), e);
        }
    }
}
