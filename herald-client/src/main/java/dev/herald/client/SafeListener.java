package dev.herald.client;

import java.util.List;

/** Wraps the app's listener so that what it throws is reported to its {@link #onError} instead of escaping. */
final class SafeListener implements HeraldListener {
    private final HeraldListener app;

    SafeListener(HeraldListener app) {
        this.app = app;
    }

    @Override
    public void onStateChanged(ConnectionState state) {
        try {
            app.onStateChanged(state);
        } catch (RuntimeException e) {
            threw("onStateChanged", e);
        }
    }

    @Override
    public void onPush(Push push) {
        try {
            app.onPush(push);
        } catch (RuntimeException e) {
            threw("onPush(" + push.id() + ")", e);
        }
    }

    @Override
    public void onGroupMessage(GroupMessage message) {
        try {
            app.onGroupMessage(message);
        } catch (RuntimeException e) {
            threw("onGroupMessage(" + message.id() + ")", e);
        }
    }

    @Override
    public void onBound(String alias, List<String> tags) {
        try {
            app.onBound(alias, tags);
        } catch (RuntimeException e) {
            threw("onBound", e);
        }
    }

    @Override
    public void onDisconnected(int code, String reason) {
        try {
            app.onDisconnected(code, reason);
        } catch (RuntimeException e) {
            threw("onDisconnected", e);
        }
    }

    @Override
    public void onError(HeraldException error) {
        try {
            app.onError(error);
        } catch (RuntimeException ignored) {
            // nowhere left to report it
        }
    }

    /** Reports a failure of the client's own (storage, internal) to onError. */
    void failed(String what, RuntimeException e) {
        onError(new HeraldException(HeraldException.CLIENT, what + " failed: " + e, e));
    }

    private void threw(String method, RuntimeException e) {
        onError(new HeraldException(HeraldException.CLIENT, "listener " + method + " threw " + e, e));
    }
}
