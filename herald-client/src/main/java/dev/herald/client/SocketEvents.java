package dev.herald.client;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * OkHttp's callbacks for one socket, called on OkHttp's threads and forwarded to the {@link Session} on its loop,
 * tagged with the socket's generation.
 */
final class SocketEvents extends WebSocketListener {
    private final Loop loop;
    private final int gen;
    private final Session session;

    SocketEvents(Loop loop, int gen, Session session) {
        this.loop = loop;
        this.gen = gen;
        this.session = session;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        loop.execute(() -> session.opened(gen));
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        loop.execute(() -> session.received(gen, text));
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        ws.close(1000, null); // complete the closing handshake
        loop.execute(() -> session.lost(gen, code, reason, null));
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        loop.execute(() -> session.lost(gen, code, reason, null));
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        String why = response != null
                ? "handshake failed: HTTP " + response.code() + " " + response.message()
                : String.valueOf(t);
        loop.execute(() -> session.lost(gen, HeraldException.TRANSPORT, why, t));
    }
}
