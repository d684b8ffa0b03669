package dev.herald.server.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test with a fresh {@link TestServer} per test method in its own temporary directory. Subclasses' own
 * {@code @BeforeEach} methods run after the server started, their {@code @AfterEach} methods before it stops.
 */
public abstract class ServerTestBase {
    @TempDir
    protected Path dir;
    protected TestServer t;

    @BeforeEach
    void startServer() {
        t = TestServer.start(dir);
    }

    @AfterEach
    void stopServer() {
        t.close();
    }
}
