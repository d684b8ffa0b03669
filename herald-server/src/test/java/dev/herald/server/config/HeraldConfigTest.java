package dev.herald.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation names every bad setting at once, so a misconfigured server stops before it binds. */
class HeraldConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreValid() {
        HeraldConfig c = HeraldConfig.builder().build();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.tls()).isFalse();
    }

    @Test
    void everyBadSettingIsNamed() {
        assertThatThrownBy(() -> HeraldConfig.builder().port(70_000).heartbeatSeconds(0).maxFrameBytes(10)
                .tlsCert(dir.resolve("missing.pem")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port: 70000 is outside 0..65535")
                .hasMessageContaining("heartbeat-seconds: 0")
                .hasMessageContaining("max-frame-bytes: 10")
                .hasMessageContaining("tls-cert and tls-key: give both")
                .hasMessageContaining("missing.pem is not a readable file");
    }

    @Test
    void tlsNeedsOneSourceOfKeys() throws Exception {
        Path f = Files.writeString(dir.resolve("x.pem"), "x");
        assertThatThrownBy(() -> HeraldConfig.builder().tlsCert(f).tlsKey(f).tlsKeystore(f).build())
                .hasMessageContaining("either tls-keystore or tls-cert/tls-key");
        assertThat(HeraldConfig.builder().tlsKeystore(f).build().tls()).isTrue();
    }
}
