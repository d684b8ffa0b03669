package dev.herald.server.bus;

import java.util.concurrent.CopyOnWriteArrayList;

/** The bus of a single node: hands everything straight to the listeners on the publishing thread. */
public final class LocalBus implements Bus {
    private final CopyOnWriteArrayList<BusListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Delivery delivery) {
        for (BusListener l : listeners) {
            l.onDelivery(delivery);
        }
    }

    @Override
    public void publish(DeviceEvent event) {
        for (BusListener l : listeners) {
            l.onDeviceEvent(event);
        }
    }

    @Override
    public void publish(GroupDelivery delivery) {
        for (BusListener l : listeners) {
            l.onGroupDelivery(delivery);
        }
    }

    @Override
    public void subscribe(BusListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
