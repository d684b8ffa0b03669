package dev.herald.server.robot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The robot's security checks on their own: the signature with its one-hour window, and the IP allowlist. */
class RobotSecurityTest {
    private static final String SECRET = "SEC0123456789abcdef";
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void signatureIsDingTalksHmacOfTimestampAndSecret() {
        // Computed independently: printf '1700000000000\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac
        // 'SEC0123456789abcdef' -binary | base64
        assertThat(RobotSignature.sign("1700000000000", SECRET))
                .isEqualTo("TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
    }

    @Test
    void timestampsWithinAnHourEitherWayAreAccepted() {
        for (long ts : new long[]{NOW, NOW - RobotSignature.WINDOW_MILLIS, NOW + RobotSignature.WINDOW_MILLIS}) {
            String t = Long.toString(ts);
            assertThatCode(() -> RobotSignature.check(t, RobotSignature.sign(t, SECRET), SECRET, NOW))
                    .doesNotThrowAnyException();
        }
        String late = Long.toString(NOW - RobotSignature.WINDOW_MILLIS - 1);
        assertRefused(() -> RobotSignature.check(late, RobotSignature.sign(late, SECRET), SECRET, NOW),
                "invalid timestamp");
        assertRefused(() -> RobotSignature.check(null, "x", SECRET, NOW), "invalid timestamp");
        assertRefused(() -> RobotSignature.check("soon", "x", SECRET, NOW), "invalid timestamp");
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndAnUnencodedPlusIsForgiven() {
        String t = Long.toString(NOW);
        String good = RobotSignature.sign(t, SECRET);
        assertRefused(() -> RobotSignature.check(t, null, SECRET, NOW), "sign not match");
        assertRefused(() -> RobotSignature.check(t, RobotSignature.sign(t, "SECother"), SECRET, NOW),
                "sign not match");
        String withPlus = RobotSignature.sign("1700000000001", SECRET); // this one contains a '+'
        assertThat(withPlus).contains("+");
        assertThatCode(() -> RobotSignature.check("1700000000001", withPlus.replace('+', ' '), SECRET, NOW))
                .doesNotThrowAnyException();
        assertThat(good).isNotEmpty();
    }

    @Test
    void allowlistMatchesIpv4AndIpv6AddressesAndRanges() {
        IpAllowlist list = IpAllowlist.parse(List.of("127.0.0.1/32", "10.1.0.0/16", "203.0.113.7",
                "2001:db8::/32", "::1", "192.168.1.128/25"));
        assertThat(list.allows("127.0.0.1")).isTrue();
        assertThat(list.allows("127.0.0.2")).isFalse();
        assertThat(list.allows("10.1.255.3")).isTrue();
        assertThat(list.allows("10.2.0.1")).isFalse();
        assertThat(list.allows("203.0.113.7")).isTrue();
        assertThat(list.allows("192.168.1.200")).isTrue();
        assertThat(list.allows("192.168.1.100")).isFalse();
        assertThat(list.allows("2001:db8:ffff::1")).isTrue();
        assertThat(list.allows("2001:db9::1")).isFalse();
        assertThat(list.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(list.allows("::ffff:127.0.0.1")).as("IPv4-mapped").isTrue();
        assertThat(list.allows("localhost")).as("names are never looked up").isFalse();
        assertThat(IpAllowlist.parse(List.of()).allows("198.51.100.1")).isTrue();
        assertThat(IpAllowlist.parse(List.of("0.0.0.0/0")).allows("198.51.100.1")).isTrue();
        assertThat(IpAllowlist.parse(List.of("0.0.0.0/0")).allows("::2")).isFalse();
    }

    @Test
    void allowlistEntriesThatAreNoAddressesAreRefused() {
        for (String bad : new String[]{"example.com", "10.0.0.0/33", "::/129", "1.2.3.4/x", "", "1.2.3"}) {
            assertThatThrownBy(() -> IpAllowlist.parse(List.of(bad)), bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertRefused(Runnable call, String errmsg) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RobotRefusal.class, e -> {
            assertThat(e.errcode()).isEqualTo(RobotRefusal.SECURITY);
            assertThat(e.errmsg()).isEqualTo(errmsg);
        });
    }
}
