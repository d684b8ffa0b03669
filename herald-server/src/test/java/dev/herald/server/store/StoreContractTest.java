package dev.herald.server.store;

import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.push.Audience;
import dev.herald.server.push.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.herald.server.store.StoreFixtures.HOUR;
import static dev.herald.server.store.StoreFixtures.T0;
import static dev.herald.server.store.StoreFixtures.draft;
import static dev.herald.server.store.StoreFixtures.toRegistrationIds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, one suite for every implementation: a subclass only says how to open a fresh store.
 * This part covers messages, pending deliveries, receipts and purging; {@link GroupContractTest} groups and robots,
 * {@link DeviceContractTest} the rest.
 */
public abstract class StoreContractTest extends GroupContractTest {
    private static final Audience EVERYONE = Audience.everyone(Set.of());

    @Test
    void insertMessageAssignsIncreasingIdsAndIsFoundInItsAppOnly() {
        Message a = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message b = store.insertMessage(draft(otherApp, EVERYONE, T0), List.of());
        Message c = store.insertMessage(draft(app, tags(Set.of("x"), Set.of("y"), Set.of("z")), T0 + 1,
                T0 + 5, 0, "cid-1"), List.of());
        assertThat(a.id()).isPositive();
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(c.id()).isGreaterThan(b.id());
        assertThat(store.findMessage(app.id(), a.id())).contains(a);
        assertThat(store.findMessage(app.id(), c.id())).contains(c);
        assertThat(store.findMessage(otherApp.id(), a.id())).isEmpty();
        assertThat(store.findMessage(app.id(), c.id() + 100)).isEmpty();
    }

    @Test
    void concurrentWritersAllCommitWithDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Message>> pushes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                pushes.add(pool.submit(() -> store.insertMessage(draft(app, EVERYONE, T0), List.of())));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Message> push : pushes) {
                ids.add(push.get(30, TimeUnit.SECONDS).id());
            }
            assertThat(ids).hasSize(64);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unicastMessagesAreInTheirTargetsInboxesOnly() {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "web", T0);
        Message m = store.insertMessage(draft(app, toRegistrationIds("r1"), T0 + 10), List.of(r1.id()));
        assertThat(store.inInbox(r1.id(), m.id())).isTrue();
        assertThat(store.inInbox(r2.id(), m.id())).isFalse();
        assertThat(store.pendingFor(r1, 0, 10, T0 + 20)).containsExactly(m);
        assertThat(store.pendingFor(r2, 0, 10, T0 + 20)).isEmpty();
    }

    @Test
    void broadcastsReachDevicesRegisteredAtOrBeforeThePushInTheirApp() {
        Device early = device(app, "r1", "web", T0);
        Device exact = device(app, "r2", "web", T0 + 10);
        Device elsewhere = device(otherApp, "r4", "web", T0);
        Message m = store.insertMessage(draft(app, EVERYONE, T0 + 10), List.of());
        Device late = device(app, "r3", "web", T0 + 11);
        assertThat(store.pendingFor(early, 0, 10, T0 + 20)).containsExactly(m);
        assertThat(store.pendingFor(exact, 0, 10, T0 + 20)).containsExactly(m);
        assertThat(store.pendingFor(late, 0, 10, T0 + 20)).isEmpty();
        assertThat(store.pendingFor(elsewhere, 0, 10, T0 + 20)).isEmpty();
    }

    @Test
    void broadcastsMatchPlatformAndTagsOfTheDeviceAsItIsNow() {
        Device android = device(app, "r1", "android", T0, null, "vip", "beijing");
        Device ios = device(app, "r2", "ios", T0, null, "beijing");
        Device web = device(app, "r3", "web", T0);
        Message toAndroid = store.insertMessage(draft(app, Audience.everyone(Set.of("android")), T0), List.of());
        Message toVip = store.insertMessage(draft(app, tags(Set.of("vip", "x"), Set.of(), Set.of()), T0), List.of());
        Message toVipInBeijing = store.insertMessage(
                draft(app, tags(Set.of(), Set.of("vip", "beijing"), Set.of()), T0), List.of());
        Message notVip = store.insertMessage(draft(app, tags(Set.of(), Set.of(), Set.of("vip")), T0), List.of());
        Message beijingNotVip = store.insertMessage(
                draft(app, tags(Set.of("beijing"), Set.of(), Set.of("vip")), T0), List.of());

        assertThat(store.pendingFor(android, 0, 10, T0)).containsExactly(toAndroid, toVip, toVipInBeijing);
        assertThat(store.pendingFor(ios, 0, 10, T0)).containsExactly(notVip, beijingNotVip);
        assertThat(store.pendingFor(web, 0, 10, T0)).containsExactly(notVip);

        Device iosVip = store.updateDevice(app.id(), "r2", new DeviceChange(null, null, false, Set.of("vip"), null))
                .orElseThrow();
        assertThat(store.pendingFor(iosVip, 0, 10, T0)).containsExactly(toVip, toVipInBeijing);
    }

    @Test
    void expiredMessagesAreNotPending() {
        Device r1 = device(app, "r1", "web", T0);
        Message broadcast = store.insertMessage(draft(app, EVERYONE, T0, T0 + 100, 0, null), List.of());
        Message unicast = store.insertMessage(draft(app, toRegistrationIds("r1"), T0, T0 + 100, 0, null),
                List.of(r1.id()));
        Message longer = store.insertMessage(draft(app, EVERYONE, T0, T0 + 200, 0, null), List.of());
        assertThat(store.pendingFor(r1, 0, 10, T0 + 99)).containsExactly(broadcast, unicast, longer);
        assertThat(store.pendingFor(r1, 0, 10, T0 + 100)).containsExactly(longer);
        assertThat(store.pendingFor(r1, 0, 10, T0 + 200)).isEmpty();
    }

    @Test
    void acknowledgedMessagesAreNotPendingAndAreCountedAtOnce() {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "android", T0);
        Device stranger = device(otherApp, "r3", "java", T0);
        Message m1 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message m2 = store.insertMessage(draft(app, toRegistrationIds("r1"), T0), List.of(r1.id()));
        Message m3 = store.insertMessage(draft(app, EVERYONE, T0), List.of());

        store.recordAcks(r1.id(), "web", List.of(m1.id(), m2.id(), m3.id() + 100), T0 + 1);
        assertThat(store.acknowledged(r1.id(), List.of(m1.id(), m2.id(), m3.id(), m3.id() + 100)))
                .containsExactlyInAnyOrder(m1.id(), m2.id());
        assertThat(store.pendingFor(r1, 0, 10, T0 + 1)).containsExactly(m3);

        store.recordAcks(r2.id(), "android", List.of(m1.id()), T0 + 2);
        store.recordAcks(r1.id(), "web", List.of(m1.id()), T0 + 3); // again: ignored
        store.recordAcks(stranger.id(), "java", List.of(m1.id()), T0 + 3); // another app's message: ignored
        assertThat(store.receivedByPlatform(m1.id())).isEqualTo(Map.of("web", 1L, "android", 1L));
        assertThat(store.receivedByPlatform(m3.id())).isEmpty();
        assertThat(store.acknowledged(stranger.id(), List.of(m1.id()))).isEmpty();
        assertThat(store.acknowledged(r1.id(), List.of())).isEmpty();
    }

    /** The hint that some targets are being sent the message now changes nothing that the store's callers see. */
    @Test
    void entriesOfDevicesDeliveredToNowBehaveAsInboxEntries() {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "android", T0);
        Device r3 = device(app, "r3", "web", T0);
        Message m1 = store.insertMessageAsync(draft(app, toRegistrationIds("r1", "r2"), T0),
                List.of(r1.id(), r2.id()), Set.of(r1.id(), r2.id()), stored -> { }).join();
        Message m2 = store.insertMessageAsync(draft(app, toRegistrationIds("r1", "r3"), T0 + 1),
                List.of(r1.id(), r3.id()), Set.of(r1.id()), stored -> { }).join();

        assertThat(store.pendingFor(r1, 0, 10, T0 + 2)).containsExactly(m1, m2);
        assertThat(store.pendingFor(r1, m1.id(), 10, T0 + 2)).containsExactly(m2);
        assertThat(store.pendingFor(r1, 0, 1, T0 + 2)).containsExactly(m1);
        assertThat(store.pendingFor(r2, 0, 10, T0 + 2)).containsExactly(m1);
        assertThat(store.pendingFor(r3, 0, 10, T0 + 2)).containsExactly(m2);
        assertThat(store.inInbox(r1.id(), m1.id())).isTrue();
        assertThat(store.inInbox(r3.id(), m1.id())).isFalse();

        store.recordAcks(r1.id(), "web", List.of(m1.id()), T0 + 2);
        assertThat(store.pendingFor(r1, 0, 10, T0 + 2)).containsExactly(m2);
        assertThat(store.pendingFor(r2, 0, 10, T0 + 2)).containsExactly(m1);
        assertThat(store.inInbox(r1.id(), m1.id())).as("acknowledged, still its target").isTrue();
        assertThat(store.receivedByPlatform(m1.id())).isEqualTo(Map.of("web", 1L));
        assertThat(store.pendingFor(r1, 0, 10, m2.expiresAt())).as("expired").isEmpty();
    }

    @Test
    void anAcknowledgedBroadcastMovesTheDevicesCursorOverEveryEarlierOne() {
        Device r1 = device(app, "r1", "web", T0);
        Device r2 = device(app, "r2", "android", T0);
        Message b1 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message u1 = store.insertMessage(draft(app, toRegistrationIds("r1"), T0), List.of(r1.id()));
        Message b2 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message b3 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message theirs = store.insertMessage(draft(otherApp, EVERYONE, T0), List.of());

        store.recordAcks(r1.id(), "web", List.of(b2.id(), theirs.id()), T0 + 1);
        assertThat(store.acknowledged(r1.id(), List.of(b1.id(), u1.id(), b2.id(), b3.id(), theirs.id())))
                .containsExactlyInAnyOrder(b1.id(), b2.id());
        assertThat(store.pendingFor(r1, 0, 10, T0 + 1)).containsExactly(u1, b3);
        assertThat(store.acknowledged(r2.id(), List.of(b1.id(), b2.id()))).isEmpty();

        // below the cursor, again, or never moving it back: not counted twice
        store.recordAcks(r1.id(), "web", List.of(b1.id(), b2.id()), T0 + 2);
        store.recordAcks(List.of(
                new Store.DeviceAcks(r1.id(), "web", T0 + 3, new long[]{b3.id(), b3.id(), u1.id()}),
                new Store.DeviceAcks(r2.id(), "android", T0 + 3, new long[]{b1.id(), b2.id(), b2.id()})));
        assertThat(store.receivedByPlatform(b1.id())).isEqualTo(Map.of("android", 1L));
        assertThat(store.receivedByPlatform(b2.id())).isEqualTo(Map.of("web", 1L, "android", 1L));
        assertThat(store.receivedByPlatform(b3.id())).isEqualTo(Map.of("web", 1L));
        assertThat(store.receivedByPlatform(u1.id())).isEqualTo(Map.of("web", 1L));
        assertThat(store.pendingFor(r1, 0, 10, T0 + 3)).isEmpty();
        assertThat(store.pendingFor(r2, 0, 10, T0 + 3)).containsExactly(b3);
        assertThat(store.acknowledged(r2.id(), List.of(b1.id(), b2.id(), b3.id())))
                .containsExactlyInAnyOrder(b1.id(), b2.id());
    }

    @Test
    void commitHooksRunInCommitOrderBeforeTheCallReturns() throws Exception {
        List<Long> hooked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Message>> pushes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                pushes.add(pool.submit(() -> {
                    Message m = store.insertMessage(draft(app, EVERYONE, T0), List.of(), c -> hooked.add(c.id()));
                    assertThat(hooked).contains(m.id());
                    return m;
                }));
            }
            for (Future<Message> push : pushes) {
                push.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hooked).hasSize(200).isSorted();
    }

    @Test
    void anOverridingMessageReplacesTheEarlierOneInItsAppOnly() {
        Device r1 = device(app, "r1", "web", T0);
        Message broadcast = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message unicast = store.insertMessage(draft(app, toRegistrationIds("r1"), T0), List.of(r1.id()));
        Message newBroadcast = store.insertMessage(
                draft(app, EVERYONE, T0 + 1, T0 + HOUR, broadcast.id(), null), List.of());
        Message newUnicast = store.insertMessage(
                draft(app, toRegistrationIds("r1"), T0 + 1, T0 + HOUR, unicast.id(), null), List.of(r1.id()));
        store.insertMessage(draft(otherApp, EVERYONE, T0 + 1, T0 + HOUR, newBroadcast.id(), null), List.of());

        assertThat(store.pendingFor(r1, 0, 10, T0 + 2)).containsExactly(newBroadcast, newUnicast);
        assertThat(store.findMessage(app.id(), broadcast.id())).contains(broadcast);
    }

    @Test
    void pendingPagesInIdOrderAfterAnIdUpToALimit() {
        Device r1 = device(app, "r1", "web", T0);
        Message b1 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message u1 = store.insertMessage(draft(app, toRegistrationIds("r1"), T0), List.of(r1.id()));
        Message b2 = store.insertMessage(draft(app, EVERYONE, T0), List.of());
        Message u2 = store.insertMessage(draft(app, toRegistrationIds("r1"), T0), List.of(r1.id()));
        Message b3 = store.insertMessage(draft(app, EVERYONE, T0), List.of());

        assertThat(store.pendingFor(r1, 0, 10, T0)).containsExactly(b1, u1, b2, u2, b3);
        assertThat(store.pendingFor(r1, 0, 2, T0)).containsExactly(b1, u1);
        assertThat(store.pendingFor(r1, u1.id(), 2, T0)).containsExactly(b2, u2);
        assertThat(store.pendingFor(r1, u2.id(), 2, T0)).containsExactly(b3);
        assertThat(store.pendingFor(r1, b3.id(), 2, T0)).isEmpty();
        assertThat(store.pendingFor(r1, b1.id(), 1, T0)).containsExactly(u1);
    }

    @Test
    void pendingFindsMatchesBehindManyBroadcastsForOthers() throws Exception {
        Device mine = device(app, "r1", "web", T0, null, "mine");
        Message first = store.insertMessage(draft(app, tags(Set.of("mine"), Set.of(), Set.of()), T0), List.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Message>> others = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                others.add(pool.submit(() -> store.insertMessage(
                        draft(app, tags(Set.of("theirs"), Set.of(), Set.of()), T0), List.of())));
            }
            for (Future<Message> other : others) {
                other.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Message second = store.insertMessage(draft(app, tags(Set.of("mine"), Set.of(), Set.of()), T0), List.of());
        Message third = store.insertMessage(draft(app, EVERYONE, T0), List.of());

        assertThat(store.pendingFor(mine, 0, 2, T0)).containsExactly(first, second);
        assertThat(store.pendingFor(mine, first.id(), 5, T0)).containsExactly(second, third);
    }

    @Test
    void findByCidReturnsTheNewestMessageCreatedSince() {
        Message m1 = store.insertMessage(draft(app, EVERYONE, T0, T0 + HOUR, 0, "c1"), List.of());
        assertThat(store.findByCid(app.id(), "c1", T0)).contains(m1);
        assertThat(store.findByCid(app.id(), "c1", T0 + 1)).isEmpty();
        assertThat(store.findByCid(otherApp.id(), "c1", 0)).isEmpty();
        assertThat(store.findByCid(app.id(), "c2", 0)).isEmpty();

        Message reused = store.insertMessage(draft(app, EVERYONE, T0 + HOUR, T0 + 2 * HOUR, 0, "c1"), List.of());
        assertThat(store.findByCid(app.id(), "c1", T0)).contains(reused);
    }

    @Test
    void purgeExpiredDropsMessagesWithTheirInboxesReceiptsAndCids() {
        Device r1 = device(app, "r1", "web", T0);
        Message gone = store.insertMessage(draft(app, EVERYONE, T0, T0 + 100, 0, "c-gone"), List.of());
        Message goneUnicast = store.insertMessage(draft(app, toRegistrationIds("r1"), T0, T0 + 100, 0, null),
                List.of(r1.id()));
        Message kept = store.insertMessage(draft(app, EVERYONE, T0, T0 + 1000, 0, null), List.of());
        store.recordAcks(r1.id(), "web", List.of(gone.id(), goneUnicast.id(), kept.id()), T0 + 1);

        assertThat(store.purgeExpired(T0 + 100)).isZero();
        assertThat(store.purgeExpired(T0 + 101)).isEqualTo(2);

        assertThat(store.findMessage(app.id(), gone.id())).isEmpty();
        assertThat(store.findMessage(app.id(), goneUnicast.id())).isEmpty();
        assertThat(store.findByCid(app.id(), "c-gone", 0)).isEmpty();
        assertThat(store.inInbox(r1.id(), goneUnicast.id())).isFalse();
        assertThat(store.receivedByPlatform(gone.id())).isEmpty();
        assertThat(store.acknowledged(r1.id(), List.of(gone.id(), goneUnicast.id(), kept.id())))
                .containsExactly(kept.id());
        assertThat(store.findMessage(app.id(), kept.id())).contains(kept);
        assertThat(store.receivedByPlatform(kept.id())).isEqualTo(Map.of("web", 1L));
    }

    @Test
    void idsAreNeverReusedAfterTheNewestMessagesArePurged() {
        Message m1 = store.insertMessage(draft(app, EVERYONE, T0, T0 + 1, 0, null), List.of());
        assertThat(store.purgeExpired(T0 + 2)).isEqualTo(1);
        Message m2 = store.insertMessage(draft(app, EVERYONE, T0, T0 + 1, 0, null), List.of());
        assertThat(m2.id()).isGreaterThan(m1.id());
    }
}
