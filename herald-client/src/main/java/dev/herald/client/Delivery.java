package dev.herald.client;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Hands pushes and group messages to the listener once per (id, kind) and acknowledges them in batches. Remembers deliveries in the
 * {@link Storage} before each ack batch goes out, so a message is never both acknowledged and forgotten. A broadcast's
 * ack may wait longer than others ({@link AckBatcher}'s lazy ids); its delivery is still saved within the ordinary ack
 * delay, so an app killed meanwhile does not show it twice when the server sends it again. Acks still pending when a
 * connection is lost go into the next {@code hello}. Used on the client's loop thread only.
 */
final class Delivery {
    /** The kind group messages are remembered under in the de-duplication memory. */
    static final String GROUP_KIND = "group";

    private final Deduplicator dedupe;
    private final AckBatcher acks;
    private final SafeListener listener;
    private final Predicate<String> sendFrame;
    private final ScheduledExecutorService timer;
    private final long saveDelayMillis;
    private ScheduledFuture<?> saveScheduled;

    /**
     * @param broadcastAckDelayMillis how long a broadcast's ack may wait at most (at least half of it)
     * @param sendFrame sends one text frame on the current connection; false if there is none
     */
    Delivery(Storage storage, int dedupeCapacity, int ackBatch, long ackDelayMillis, long broadcastAckDelayMillis,
             Random random, ScheduledExecutorService timer, SafeListener listener, Predicate<String> sendFrame) {
        this.dedupe = new Deduplicator(storage, dedupeCapacity);
        this.acks = new AckBatcher(ackBatch, ackDelayMillis, broadcastAckDelayMillis, random, timer, this::sendAcks);
        this.listener = listener;
        this.sendFrame = sendFrame;
        this.timer = timer;
        this.saveDelayMillis = ackDelayMillis;
    }

    /** Delivers a {@code push} frame to the listener unless its id and kind were delivered before, then queues its ack. */
    void receive(Map<String, Object> frame) {
        Push push = deliver(frame);
        if (push == null) {
            return;
        }
        acks.add(push.id(), push.broadcast());
        if (push.broadcast()) {
            saveSoon(); // its ack, which would have saved it, may wait for seconds
        }
    }

    /** Pending acks for the next {@code hello} (at most {@code max}), with the deliveries saved first. */
    List<String> acksForHello(int max) {
        List<String> ids = acks.peek(max);
        if (!ids.isEmpty()) {
            save();
        }
        return ids;
    }

    /** Forgets every pending ack (they were for a device the server no longer knows). */
    void dropAcks() {
        acks.clear();
    }

    /** The server answered the {@code hello} that carried these acks. */
    void acknowledgedInHello(List<String> ids) {
        acks.sentElsewhere(ids);
    }

    /**
     * Delivers a {@code group} frame to the listener unless its id was delivered before, then queues its ack. Group
     * message ids ({@code g42}) never equal push ids, so both share the de-duplication memory.
     */
    void receiveGroup(Map<String, Object> frame) {
        GroupMessage message;
        try {
            message = GroupMessage.of(frame);
        } catch (IllegalArgumentException e) {
            listener.onError(new HeraldException(HeraldException.CLIENT, e.getMessage(), e));
            return;
        }
        if (!dedupe.isDelivered(message.id(), GROUP_KIND)) {
            listener.onGroupMessage(message);
            dedupe.markDelivered(message.id(), GROUP_KIND);
        }
        acks.add(message.id());
    }

    /**
     * Delivers a {@code push} frame to the listener unless its id and kind were delivered before.
     *
     * @return the push to acknowledge, or null if the frame was unreadable (reported to onError)
     */
    private Push deliver(Map<String, Object> frame) {
        Push push;
        try {
            push = Push.of(frame);
        } catch (IllegalArgumentException e) {
            listener.onError(new HeraldException(HeraldException.CLIENT, e.getMessage(), e));
            return null;
        }
        if (!dedupe.isDelivered(push.id(), push.kind())) {
            listener.onPush(push);
            dedupe.markDelivered(push.id(), push.kind());
        }
        return push;
    }

    /** Queues an ack; it goes out with the next batch. */
    void ack(String id) {
        acks.add(id);
    }

    /** Sends pending acks now if connected; otherwise they wait for the next flush. */
    void flush() {
        acks.flush();
    }

    private void saveSoon() {
        if (saveScheduled == null || saveScheduled.isDone()) {
            try {
                saveScheduled = timer.schedule(this::save, saveDelayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                save(); // closing: the shutdown saves too, this is just sooner
            }
        }
    }

    /** Writes the de-duplication memory to the storage if it changed. */
    void save() {
        try {
            dedupe.save();
        } catch (RuntimeException e) {
            listener.failed("storage", e);
        }
    }

    int pendingAcks() {
        return acks.pendingCount();
    }

    private boolean sendAcks(List<String> ids) {
        save();
        return sendFrame.test(Frames.ack(ids));
    }
}
