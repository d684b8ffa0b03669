package dev.herald.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Hands pushes and group messages to the listener once per (id, kind) and acknowledges them in batches. Remembers deliveries in the
 * {@link Storage} before each ack batch goes out, so a message is never both acknowledged and forgotten. Used on the
 * client's loop thread only.
 */
final class Delivery {
    /** The kind group messages are remembered under in the de-duplication memory. */
    static final String GROUP_KIND = "group";

    private final Deduplicator dedupe;
    private final AckBatcher acks;
    private final SafeListener listener;
    private final Predicate<String> sendFrame;

    /**
     * @param sendFrame sends one text frame on the current connection; false if there is none
     */
    Delivery(Storage storage, int dedupeCapacity, int ackBatch, long ackDelayMillis, ScheduledExecutorService timer,
             SafeListener listener, Predicate<String> sendFrame) {
        this.dedupe = new Deduplicator(storage, dedupeCapacity);
        this.acks = new AckBatcher(ackBatch, ackDelayMillis, timer, this::sendAcks);
        this.listener = listener;
        this.sendFrame = sendFrame;
    }

    /** Delivers a {@code push} frame to the listener unless its id and kind were delivered before, then queues its ack. */
    void receive(Map<String, Object> frame) {
        String id = deliver(frame);
        if (id != null) {
            acks.add(id);
        }
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
     * @return the message id to acknowledge, or null if the frame was unreadable (reported to onError)
     */
    String deliver(Map<String, Object> frame) {
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
        return push.id();
    }

    /** Queues an ack; it goes out with the next batch. */
    void ack(String id) {
        acks.add(id);
    }

    /** Sends pending acks now if connected; otherwise they wait for the next flush. */
    void flush() {
        acks.flush();
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
