package dev.herald.server.store.sqlite;

import dev.herald.server.store.Store.DeviceAcks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The held entries alone, in memory, with time passed in. */
class DeferredInboxTest {
    private static final long HOLD = TimeUnit.MILLISECONDS.toNanos(DeferredInbox.HOLD_MILLIS);

    private final DeferredInbox held = new DeferredInbox();

    @Test
    void entriesWaitForTheirAckForTheHoldTimeThenAreFlushedOldestFirst() {
        held.add(10, new long[]{1, 2}, 0);
        held.add(11, new long[]{1}, 5);
        assertThat(held.pending(1)).containsExactly(10, 11);
        assertThat(held.pending(2)).containsExactly(10);
        assertThat(held.pending(3)).isEmpty();

        DeferredInbox.Flush early = held.due(HOLD - 1, false);
        assertThat(early.devices()).isEmpty();
        assertThat(early.settledId()).as("message 10 is still held").isEqualTo(9);

        held.acked(List.of(new DeviceAcks(1, "web", 0, new long[]{10, 99})));
        assertThat(held.pending(1)).containsExactly(11);
        assertThat(held.size()).isEqualTo(2);

        DeferredInbox.Flush due = held.due(HOLD, false);
        assertThat(due.devices()).containsExactly(2);
        assertThat(due.messages()).containsExactly(10);
        assertThat(due.settledId()).as("message 11 is not due yet").isEqualTo(10);
        assertThat(held.pending(2)).as("a flush changes nothing until it has committed").containsExactly(10);
        held.flushed(due);
        assertThat(held.pending(2)).isEmpty();
        assertThat(held.size()).isEqualTo(1);

        held.acked(List.of(new DeviceAcks(1, "web", 0, new long[]{11})));
        assertThat(held.size()).isZero();
        assertThat(held.needsFlush()).as("the settled id has not been written since").isTrue();
        DeferredInbox.Flush settle = held.due(HOLD * 10, false);
        assertThat(settle.devices()).isEmpty();
        assertThat(settle.settledId()).isEqualTo(11);
        held.flushed(settle);
        assertThat(held.needsFlush()).isFalse();
    }

    @Test
    void anAckOfAnotherDeviceOrAnotherMessageReleasesNothing() {
        held.add(10, new long[]{1}, 0);
        held.acked(List.of(new DeviceAcks(2, "web", 0, new long[]{10}), new DeviceAcks(1, "web", 0, new long[]{9})));
        assertThat(held.pending(1)).containsExactly(10);
        assertThat(held.due(0, true).devices()).containsExactly(1);
    }

    @Test
    void anEntryLeftOutOfOrderKeepsTheSettledIdBelowTheOldestStillHeld() {
        held.add(10, new long[]{1}, 0);
        held.add(11, new long[]{2}, 0);
        held.add(12, new long[]{3}, 0);
        held.acked(List.of(new DeviceAcks(2, "web", 0, new long[]{11}), new DeviceAcks(3, "web", 0, new long[]{12})));
        assertThat(held.due(0, false).settledId()).isEqualTo(9);
        held.acked(List.of(new DeviceAcks(1, "web", 0, new long[]{10})));
        assertThat(held.due(0, false).settledId()).isEqualTo(12);
    }

    @Test
    void thereIsRoomForABoundedNumberOfEntriesInAllAndPerDevice() {
        long[] three = {1, 2, 3};
        assertThat(held.roomFor(three)).isSameAs(three);
        for (int m = 1; m <= DeferredInbox.MAX_PER_DEVICE; m++) {
            assertThat(held.roomFor(new long[]{2})).containsExactly(2);
            held.add(m, new long[]{2}, 0);
        }
        assertThat(held.roomFor(three)).containsExactly(1, 3);
        assertThat(held.roomFor(new long[]{2, 2})).isEmpty();
        assertThat(held.roomFor(new long[]{2, 4})).containsExactly(4);

        long[] many = new long[DeferredInbox.MAX_ENTRIES - DeferredInbox.MAX_PER_DEVICE + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = 1000 + i;
        }
        assertThat(held.roomFor(many)).as("one more than the total allows").isEmpty();
        assertThat(held.roomFor(Arrays.copyOf(many, many.length - 1))).hasSize(many.length - 1);
    }
}
