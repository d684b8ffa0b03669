package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClosePolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1006, 1009, 1011, 4000, 4001, 4002, 4003, 4099, 4200})
    void reconnects(int code) {
        assertThat(ClosePolicy.forCode(code)).isEqualTo(ClosePolicy.RECONNECT);
    }

    @ParameterizedTest
    @ValueSource(ints = {4100, 4101, 4103, 4104, 4199})
    void stops(int code) {
        assertThat(ClosePolicy.forCode(code)).isEqualTo(ClosePolicy.STOP);
    }

    @ParameterizedTest
    @ValueSource(ints = {4102})
    void registersAgainForAnUnknownDevice(int code) {
        assertThat(ClosePolicy.forCode(code)).isEqualTo(ClosePolicy.REGISTER_AGAIN);
    }
}
