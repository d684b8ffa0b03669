package dev.herald.server.jpush;

import cn.jpush.api.JPushClient;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A fresh Herald server per test and the official JPush SDK pointed at it. */
abstract class JpushSdkTestBase {
    @TempDir
    Path dir;
    TestServer t;
    JPushClient jpush;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        jpush = SdkHarness.client(t, t.app);
    }

    @AfterEach
    void stop() {
        jpush.close();
        t.close();
    }
}
