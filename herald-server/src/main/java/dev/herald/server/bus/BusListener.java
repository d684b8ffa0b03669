package dev.herald.server.bus;

/** What a node does with what arrives on the bus. Called from the bus's threads; must not block. */
public interface BusListener {
    void onDelivery(Delivery delivery);

    void onDeviceEvent(DeviceEvent event);

    /** A group message for the members' devices; listeners that serve no sessions ignore it. */
    default void onGroupDelivery(GroupDelivery delivery) {
    }
}
