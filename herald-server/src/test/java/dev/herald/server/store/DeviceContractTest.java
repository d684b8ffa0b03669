package dev.herald.server.store;

import dev.herald.server.app.App;
import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.push.Audience;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.server.store.StoreFixtures.T0;
import static dev.herald.server.store.StoreFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * First half of the {@link Store} contract: apps, devices, aliases and tags, and the fixture both halves share.
 * Implementations run the whole contract by extending {@link StoreContractTest}.
 */
public abstract class DeviceContractTest {
    @TempDir
    protected Path dir;
    protected Store store;
    protected App app;
    protected App otherApp;

    /** A new, empty store keeping its files (if any) in {@code dir}. */
    protected abstract Store newStore(Path dir);

    @BeforeEach
    void openStore() {
        store = newStore(dir);
        app = store.createApp(app("key-a"));
        otherApp = store.createApp(app("key-b"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected Device device(App owner, String registrationId, String platform, long registeredAt) {
        return store.createDevice(owner.id(), registrationId, "hash-" + registrationId, platform, registeredAt);
    }

    /** Creates a device and gives it an alias and tags. */
    protected Device device(App owner, String registrationId, String platform, long registeredAt, String alias,
                            String... tags) {
        device(owner, registrationId, platform, registeredAt);
        return store.updateDevice(owner.id(), registrationId, DeviceChange.replace(alias, Set.of(tags)))
                .orElseThrow();
    }

    // ---- apps ----

    @Test
    void createAppAssignsAnIdAndIsFoundByKey() {
        assertThat(app.id()).isPositive();
        assertThat(otherApp.id()).isNotEqualTo(app.id());
        assertThat(store.findApp("key-a")).contains(app);
        assertThat(app.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(store.findApp("nope")).isEmpty();
    }

    @Test
    void createAppWithAnExistingKeyFails() {
        assertThatThrownBy(() -> store.createApp(app("key-a"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.listApps()).hasSize(2);
    }

    @Test
    void listAppsInCreationOrder() {
        App third = store.createApp(new App(0, "key-c", "s", "C", true, 5, List.of(), false, T0));
        assertThat(store.listApps()).containsExactly(app, otherApp, third);
    }

    // ---- devices ----

    @Test
    void createdDeviceHasNoAliasNoTagsAndIsFound() {
        Device created = device(app, "r1", "web", T0);
        assertThat(created.id()).isPositive();
        assertThat(created).isEqualTo(new Device(created.id(), app.id(), "r1", "hash-r1", "web", null, null,
                Set.of(), T0, 0));
        assertThat(store.findDevice(app.id(), "r1")).contains(created);
        assertThat(store.findDevice(otherApp.id(), "r1")).isEmpty();
        assertThat(store.findDevice(app.id(), "r2")).isEmpty();
    }

    @Test
    void createDeviceWithAnExistingRegistrationIdFails() {
        device(app, "r1", "web", T0);
        assertThatThrownBy(() -> device(app, "r1", "android", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.findDevice(app.id(), "r1").orElseThrow().platform()).isEqualTo("web");
    }

    @Test
    void findDevicesReturnsOnlyKnownDevicesOfTheApp() {
        Device r1 = device(app, "r1", "web", T0, "alice", "vip");
        Device r2 = device(app, "r2", "ios", T0);
        device(otherApp, "r3", "web", T0);
        Map<String, Device> found = store.findDevices(app.id(), List.of("r1", "r2", "r3", "unknown"));
        assertThat(found).containsOnly(Map.entry("r1", r1), Map.entry("r2", r2));
        assertThat(store.findDevices(app.id(), List.of())).isEmpty();
    }

    @Test
    void updateDeviceLeavesNullPartsAndClearsEmptyOnes() {
        device(app, "r1", "web", T0);
        Device set = store.updateDevice(app.id(), "r1", new DeviceChange("alice", "13800000000", false, null, null))
                .orElseThrow();
        assertThat(set.alias()).isEqualTo("alice");
        assertThat(set.mobile()).isEqualTo("13800000000");

        Device kept = store.updateDevice(app.id(), "r1", new DeviceChange(null, null, false, Set.of("a"), null))
                .orElseThrow();
        assertThat(kept.alias()).isEqualTo("alice");
        assertThat(kept.mobile()).isEqualTo("13800000000");
        assertThat(kept.tags()).containsExactly("a");

        Device cleared = store.updateDevice(app.id(), "r1", new DeviceChange("", "", false, null, null))
                .orElseThrow();
        assertThat(cleared.alias()).isNull();
        assertThat(cleared.mobile()).isNull();
        assertThat(cleared.tags()).containsExactly("a");
        assertThat(store.findDevice(app.id(), "r1")).contains(cleared);
    }

    @Test
    void updateDeviceAddsRemovesAndClearsTags() {
        device(app, "r1", "web", T0);
        Device added = store.updateDevice(app.id(), "r1",
                new DeviceChange(null, null, false, Set.of("a", "b", "c"), null)).orElseThrow();
        assertThat(added.tags()).containsExactlyInAnyOrder("a", "b", "c");

        Device removed = store.updateDevice(app.id(), "r1",
                new DeviceChange(null, null, false, Set.of("d"), Set.of("a", "zz"))).orElseThrow();
        assertThat(removed.tags()).containsExactlyInAnyOrder("b", "c", "d");

        Device replaced = store.updateDevice(app.id(), "r1", DeviceChange.replace(null, Set.of("x"))).orElseThrow();
        assertThat(replaced.tags()).containsExactly("x");

        Device emptied = store.updateDevice(app.id(), "r1", DeviceChange.replace("bob", Set.of())).orElseThrow();
        assertThat(emptied.tags()).isEmpty();
        assertThat(emptied.alias()).isEqualTo("bob");
        assertThat(store.findDevice(app.id(), "r1")).contains(emptied);
    }

    @Test
    void updateDeviceOfAnUnknownDeviceIsEmpty() {
        device(otherApp, "r1", "web", T0);
        assertThat(store.updateDevice(app.id(), "r1", DeviceChange.replace("alice", Set.of("a")))).isEmpty();
        assertThat(store.findDevice(otherApp.id(), "r1").orElseThrow().alias()).isNull();
    }

    // ---- aliases ----

    @Test
    void anAliasMayBeHeldBySeveralDevicesWithinOneApp() {
        Device r1 = device(app, "r1", "web", T0, "alice");
        Device r2 = device(app, "r2", "ios", T0, "alice");
        Device r3 = device(app, "r3", "web", T0, "bob");
        device(otherApp, "r4", "web", T0, "alice");

        assertThat(store.findDevicesByAlias(app.id(), List.of("alice"))).containsExactlyInAnyOrder(r1, r2);
        assertThat(store.findDevicesByAlias(app.id(), List.of("alice", "bob", "carol")))
                .containsExactlyInAnyOrder(r1, r2, r3);
        assertThat(store.findDevicesByAlias(app.id(), List.of())).isEmpty();

        assertThat(store.deleteAlias(app.id(), "alice")).isEqualTo(2);
        assertThat(store.findDevicesByAlias(app.id(), List.of("alice"))).isEmpty();
        assertThat(store.findDevice(app.id(), "r1").orElseThrow().alias()).isNull();
        assertThat(store.findDevicesByAlias(otherApp.id(), List.of("alice"))).hasSize(1);
        assertThat(store.deleteAlias(app.id(), "alice")).isZero();
    }

    // ---- tags ----

    @Test
    void listTagsIsDistinctSortedAndPerApp() {
        device(app, "r1", "web", T0, null, "zeta", "alpha");
        device(app, "r2", "web", T0, null, "alpha", "mid");
        device(otherApp, "r3", "web", T0, null, "other");
        assertThat(store.listTags(app.id())).containsExactly("alpha", "mid", "zeta");
        assertThat(store.listTags(otherApp.id())).containsExactly("other");
    }

    @Test
    void updateTagAddsAndRemovesIgnoringUnknownDevices() {
        Device r1 = device(app, "r1", "web", T0, null, "old");
        device(app, "r2", "web", T0, null, "vip");
        device(otherApp, "r3", "web", T0);

        store.updateTag(app.id(), "vip", List.of("r1", "r3", "unknown"), List.of("r2"));
        assertThat(store.findDevice(app.id(), "r1").orElseThrow().tags()).containsExactlyInAnyOrder("old", "vip");
        assertThat(store.findDevice(app.id(), "r2").orElseThrow().tags()).isEmpty();
        assertThat(store.findDevice(otherApp.id(), "r3").orElseThrow().tags()).isEmpty();
        assertThat(store.tagCount(r1.id())).isEqualTo(2);

        store.updateTag(app.id(), "vip", List.of("r1"), List.of()); // adding twice is harmless
        assertThat(store.tagCount(r1.id())).isEqualTo(2);
    }

    @Test
    void deleteTagRemovesItFromEveryDeviceOfTheAppOnly() {
        device(app, "r1", "web", T0, null, "vip", "x");
        device(app, "r2", "web", T0, null, "vip");
        Device r3 = device(otherApp, "r3", "web", T0, null, "vip");

        assertThat(store.deleteTag(app.id(), "vip")).isEqualTo(2);
        assertThat(store.listTags(app.id())).containsExactly("x");
        assertThat(store.tagCount(r3.id())).isEqualTo(1);
        assertThat(store.deleteTag(app.id(), "vip")).isZero();
    }

    @Test
    void anyDeviceMatchesUsesPlatformTagsAndRegistrationTime() {
        device(app, "r1", "android", T0, null, "vip", "beijing");
        device(app, "r2", "ios", T0, null, "beijing");
        device(app, "r3", "web", T0 + 100, null, "late");
        device(otherApp, "r4", "java", T0, null, "elsewhere");

        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of()), T0)).isTrue();
        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of("ios")), T0)).isTrue();
        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of("java")), T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of("web")), T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of("web")), T0 + 100)).isTrue();
        assertThat(store.anyDeviceMatches(app.id(), Audience.everyone(Set.of()), T0 - 1)).isFalse();

        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of("vip", "nobody"), Set.of(), Set.of()), T0)).isTrue();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of("late"), Set.of(), Set.of()), T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of("elsewhere"), Set.of(), Set.of()), T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of(), Set.of("vip", "beijing"), Set.of()), T0))
                .isTrue();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of("beijing"), Set.of(), Set.of("vip")), T0)).isTrue();
        assertThat(store.anyDeviceMatches(app.id(),
                new Audience(false, Set.of(), Set.of(), Set.of("beijing"), Set.of(), Set.of("vip"), Set.of("android")),
                T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of(), Set.of(), Set.of("beijing")), T0)).isFalse();
        assertThat(store.anyDeviceMatches(app.id(), tags(Set.of(), Set.of(), Set.of("vip")), T0)).isTrue();
    }

    @Test
    void callsAfterCloseFail() {
        store.close();
        assertThatThrownBy(() -> store.findApp("key-a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.createApp(app("key-z"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.recordAcks(1, "web", List.of(1L), T0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.findDevices(app.id(), List.of())).isInstanceOf(IllegalStateException.class);
        store.close(); // closing twice is harmless
    }

    /** A broadcast to tags (OR), tags (AND) and excluded tags, on every platform. */
    protected static Audience tags(Set<String> any, Set<String> all, Set<String> none) {
        return new Audience(false, Set.of(), Set.of(), any, all, none, Set.of());
    }
}
