package dev.herald.server.store;

import dev.herald.server.device.Device;
import dev.herald.server.device.DeviceChange;
import dev.herald.server.group.Group;
import dev.herald.server.group.GroupAt;
import dev.herald.server.group.GroupMember;
import dev.herald.server.group.GroupMessage;
import dev.herald.server.robot.Robot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.herald.server.store.StoreFixtures.HOUR;
import static dev.herald.server.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group part of the {@link Store} contract: groups, members, group messages with their cursors and retention,
 * and robots. Part of the chain {@link StoreContractTest} extends, so every implementation runs it.
 */
public abstract class GroupContractTest extends DeviceContractTest {
    protected Group group(String name) {
        return store.createGroup(new Group(0, app.id(), name, T0));
    }

    protected GroupMessage post(Group g, String text, long at) {
        return store.insertGroupMessage(new GroupMessage(0, g.id(), "ci", "text",
                "{\"content\":\"" + text + "\"}", GroupAt.NOBODY, "<p>" + text + "</p>", at));
    }

    private static List<Long> ids(List<GroupMessage> messages) {
        return messages.stream().map(GroupMessage::id).toList();
    }

    @Test
    void groupsBelongToTheirApp() {
        Group a = group("ops");
        Group b = store.createGroup(new Group(0, otherApp.id(), "other", T0));
        assertThat(a.id()).isPositive();
        assertThat(store.findGroup(app.id(), a.id())).contains(a);
        assertThat(store.findGroup(otherApp.id(), a.id())).isEmpty();
        assertThat(store.listGroups(app.id())).containsExactly(a);
        assertThat(store.deleteGroup(app.id(), b.id())).as("another app's group").isFalse();
        assertThat(store.findAppById(app.id())).contains(app);
        assertThat(store.findAppById(otherApp.id() + 100)).isEmpty();
    }

    @Test
    void membersAreAddedReplacedAndRemovedByKindAndName() {
        Group g = group("ops");
        store.updateMembers(g.id(), List.of(GroupMember.alias("u1", "138", "user1"),
                GroupMember.registrationId("rid-9")), List.of());
        store.updateMembers(g.id(), List.of(GroupMember.alias("u1", "139", null)),
                List.of(GroupMember.registrationId("rid-9"), GroupMember.alias("nobody", null, null)));
        assertThat(store.members(g.id())).containsExactly(GroupMember.alias("u1", "139", null));
        assertThat(store.memberCount(g.id())).isEqualTo(1);
        store.updateMembers(g.id(), List.of(GroupMember.registrationId("b"), GroupMember.registrationId("a")),
                List.of());
        assertThat(store.members(g.id())).extracting(GroupMember::name).containsExactly("a", "b", "u1");
    }

    @Test
    void membershipsFindADeviceByRegistrationIdOrItsCurrentAliasInItsAppOnly() {
        Device d = device(app, "r1", "web", T0, "alice");
        Device stranger = device(otherApp, "r2", "web", T0, "alice");
        Group byId = group("by id");
        Group byAlias = group("by alias");
        Group both = group("both");
        store.updateMembers(byId.id(), List.of(GroupMember.registrationId("r1")), List.of());
        store.updateMembers(byAlias.id(), List.of(GroupMember.alias("alice", "138", null)), List.of());
        store.updateMembers(both.id(), List.of(GroupMember.registrationId("r1"),
                GroupMember.alias("alice", null, "a")), List.of());
        var mine = store.memberships(d);
        assertThat(mine.keySet()).containsExactlyInAnyOrder(byId.id(), byAlias.id(), both.id());
        assertThat(mine.get(both.id())).hasSize(2);
        assertThat(store.memberships(stranger)).isEmpty();

        Device renamed = store.updateDevice(app.id(), "r1", new DeviceChange("bob", null, false, null, null))
                .orElseThrow();
        assertThat(store.memberships(renamed).keySet()).containsExactlyInAnyOrder(byId.id(), both.id());
    }

    @Test
    void groupMessagesGetIncreasingIdsAndPageThroughHistory() {
        Group g = group("ops");
        GroupMessage m1 = post(g, "one", T0);
        GroupMessage m2 = post(g, "two", T0 + 1);
        GroupMessage m3 = post(g, "three", T0 + 2);
        assertThat(m2.id()).isGreaterThan(m1.id());
        assertThat(store.groupMessages(g.id(), 0, 2)).containsExactly(m1, m2);
        assertThat(store.groupMessages(g.id(), m2.id(), 10)).containsExactly(m3);
        GroupMessage mentioning = store.insertGroupMessage(new GroupMessage(0, g.id(), "ci", "markdown",
                "{\"title\":\"t\",\"text\":\"x\"}", new GroupAt(List.of("138"), List.of("u1"), true), "<p>x</p>",
                T0 + 3));
        assertThat(store.groupMessages(g.id(), m3.id(), 10)).containsExactly(mentioning);
    }

    @Test
    void aMemberHasPendingWhatWasPostedAfterItJoinedUpToItsCursor() {
        Device d = device(app, "r1", "web", T0, "alice");
        Group g = group("ops");
        GroupMessage before = post(g, "before", T0);
        store.updateMembers(g.id(), List.of(GroupMember.alias("alice", null, null)), List.of());
        GroupMessage m1 = post(g, "one", T0 + 1);
        GroupMessage m2 = post(g, "two", T0 + 2);
        GroupMessage m3 = post(g, "three", T0 + 3);
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).containsExactly(m1.id(), m2.id(), m3.id())
                .doesNotContain(before.id());
        assertThat(ids(store.pendingGroupMessages(d, m1.id(), 1))).containsExactly(m2.id());

        store.recordGroupAcks(d.id(), List.of(m2.id()));
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).containsExactly(m3.id());
        store.recordGroupAcks(d.id(), List.of(m1.id()));
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).as("a cursor never moves back")
                .containsExactly(m3.id());
        store.updateMembers(g.id(), List.of(GroupMember.alias("alice", "138", null)), List.of());
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).as("updating a member keeps its place")
                .containsExactly(m3.id());
    }

    @Test
    void pendingMergesTheDevicesGroupsInIdOrderAndSkipsOthers() {
        Device d = device(app, "r1", "web", T0);
        Device other = device(otherApp, "r2", "web", T0);
        Group a = group("a");
        Group b = group("b");
        Group notMine = group("c");
        store.updateMembers(a.id(), List.of(GroupMember.registrationId("r1")), List.of());
        store.updateMembers(b.id(), List.of(GroupMember.registrationId("r1")), List.of());
        store.updateMembers(notMine.id(), List.of(GroupMember.registrationId("r2")), List.of());
        GroupMessage a1 = post(a, "a1", T0);
        GroupMessage b1 = post(b, "b1", T0);
        post(notMine, "c1", T0);
        GroupMessage a2 = post(a, "a2", T0);
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).containsExactly(a1.id(), b1.id(), a2.id());
        assertThat(store.pendingGroupMessages(other, 0, 10)).as("r2 of another app is not r2 of this one")
                .isEmpty();
        store.recordGroupAcks(other.id(), List.of(a2.id()));
        store.recordGroupAcks(d.id(), List.of(a2.id()));
        assertThat(ids(store.pendingGroupMessages(d, 0, 10))).containsExactly(b1.id());
    }

    @Test
    void purgeKeepsGroupMessagesThatAreYoungOrAmongTheNewest() {
        Group g = group("ops");
        Group quiet = group("quiet");
        GroupMessage old1 = post(g, "old1", T0);
        GroupMessage old2 = post(g, "old2", T0);
        GroupMessage old3 = post(g, "old3", T0);
        GroupMessage young = post(g, "young", T0 + 10 * HOUR);
        GroupMessage lonely = post(quiet, "lonely", T0);
        assertThat(store.purgeGroupMessages(T0 + HOUR, 2)).isEqualTo(2);
        assertThat(store.groupMessages(g.id(), 0, 10)).containsExactly(old3, young);
        assertThat(store.groupMessages(quiet.id(), 0, 10)).containsExactly(lonely);
        assertThat(old1.id()).isLessThan(old2.id());
    }

    @Test
    void robotsAreFoundByTokenRotatedAndDeleted() {
        Group g = group("ops");
        Robot r = store.createRobot(new Robot(0, app.id(), g.id(), "ci", "tok1", "SEC1", true, List.of("alert"),
                List.of("127.0.0.1/32"), T0));
        assertThat(r.id()).isPositive();
        assertThat(store.findRobot("tok1")).contains(r);
        assertThat(store.listRobots(g.id())).containsExactly(r);
        assertThatThrownBy(() -> store.createRobot(r.withCredentials("tok1", "SEC2")))
                .isInstanceOf(IllegalArgumentException.class);

        Robot rotated = store.rotateRobot(g.id(), r.id(), "tok2", "SEC2").orElseThrow();
        assertThat(rotated).isEqualTo(r.withCredentials("tok2", "SEC2"));
        assertThat(store.findRobot("tok1")).isEmpty();
        assertThat(store.rotateRobot(g.id() + 100, r.id(), "tok3", "SEC3")).isEmpty();
        assertThat(store.deleteRobot(g.id(), r.id())).isTrue();
        assertThat(store.deleteRobot(g.id(), r.id())).isFalse();
        assertThat(store.findRobot("tok2")).isEmpty();
    }

    @Test
    void deletingAGroupTakesItsMembersMessagesCursorsAndRobots() {
        Device d = device(app, "r1", "web", T0);
        Group g = group("ops");
        store.updateMembers(g.id(), List.of(GroupMember.registrationId("r1")), List.of());
        GroupMessage m = post(g, "x", T0);
        store.recordGroupAcks(d.id(), Set.of(m.id()));
        store.createRobot(new Robot(0, app.id(), g.id(), "ci", "tok", "SEC", false, List.of(), List.of(), T0));
        assertThat(store.deleteGroup(app.id(), g.id())).isTrue();
        assertThat(store.findGroup(app.id(), g.id())).isEmpty();
        assertThat(store.members(g.id())).isEmpty();
        assertThat(store.groupMessages(g.id(), 0, 10)).isEmpty();
        assertThat(store.findRobot("tok")).isEmpty();
        assertThat(store.memberships(d)).isEmpty();
        assertThat(store.deleteGroup(app.id(), g.id())).isFalse();
    }
}
