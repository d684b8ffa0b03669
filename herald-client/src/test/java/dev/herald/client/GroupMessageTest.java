package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group frames: parsed into {@link GroupMessage}, handed to the listener once per id, acknowledged like pushes. */
class GroupMessageTest {
    private static final long NEVER = TimeUnit.HOURS.toMillis(1);

    private static final String FRAME = "{\"op\":\"group\",\"group\":\"7\",\"id\":\"g42\",\"robot\":\"ci\","
            + "\"msgtype\":\"markdown\",\"content\":{\"title\":\"Build\",\"text\":\"# red\"},"
            + "\"at\":{\"atMobiles\":[\"138\"],\"atUserIds\":[],\"isAtAll\":false},"
            + "\"html\":\"<h1>red</h1>\",\"mentioned\":true,\"ts\":1700000000000}";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void readsEveryFieldOfTheFrame() throws Exception {
        GroupMessage m = GroupMessage.of(Frames.parse(FRAME));
        assertThat(m.id()).isEqualTo("g42");
        assertThat(m.group()).isEqualTo("7");
        assertThat(m.robot()).isEqualTo("ci");
        assertThat(m.msgtype()).isEqualTo("markdown");
        assertThat(m.content()).containsEntry("title", "Build").containsEntry("text", "# red");
        assertThat(m.atMobiles()).containsExactly("138");
        assertThat(m.atUserIds()).isEmpty();
        assertThat(m.isAtAll()).isFalse();
        assertThat(m.mentioned()).isTrue();
        assertThat(m.html()).isEqualTo("<h1>red</h1>");
        assertThat(m.ts()).isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> m.content().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFrameWithoutIdOrGroupIsRefused() throws Exception {
        assertThatThrownBy(() -> GroupMessage.of(Frames.parse("{\"op\":\"group\",\"id\":\"g1\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliveredOnceAndAcknowledgedEveryTime() throws Exception {
        List<GroupMessage> shown = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        SafeListener listener = new SafeListener(new HeraldListener() {
            @Override
            public void onGroupMessage(GroupMessage message) {
                shown.add(message);
            }
        });
        MemoryStorage storage = new MemoryStorage();
        Delivery delivery = new Delivery(storage, 1000, 100, NEVER, NEVER, new Random(), timer, listener,
                sent::add);
        Map<String, Object> frame = Frames.parse(FRAME);
        delivery.receiveGroup(frame);
        delivery.receiveGroup(frame);
        delivery.flush();
        assertThat(shown).extracting(GroupMessage::id).containsExactly("g42");
        assertThat(sent).containsExactly("{\"op\":\"ack\",\"ids\":[\"g42\"]}");

        Delivery afterRestart = new Delivery(storage, 1000, 100, NEVER, NEVER, new Random(), timer, listener,
                sent::add);
        afterRestart.receiveGroup(frame);
        assertThat(shown).as("remembered across restarts like pushes").hasSize(1);
    }
}
