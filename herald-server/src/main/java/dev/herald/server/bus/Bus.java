package dev.herald.server.bus;

/**
 * Moves deliveries and device changes to the hub of every node, this one included.
 *
 * <p>Contract: best effort and non-blocking. A message is already committed to the store before it is published,
 * so a delivery lost on the bus is not a lost message: the device receives it on its next connect. Deliveries
 * published by one thread reach each listener in the order they were published. Thread-safe.
 */
public interface Bus extends AutoCloseable {
    void publish(Delivery delivery);

    void publish(DeviceEvent event);

    /**
     * Same contract. Publishes that happen one after another, even from different threads, reach each listener in
     * that order: members ack a group by its newest id, so the publisher serializes the messages of one group.
     */
    void publish(GroupDelivery delivery);

    void subscribe(BusListener listener);

    @Override
    void close();
}
