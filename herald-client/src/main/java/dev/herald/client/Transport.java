package dev.herald.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Opens WebSockets to the server with OkHttp, offering {@link HeraldClient#SUBPROTOCOL}. Uses the app's
 * {@link OkHttpClient} if it gave one (and then never shuts it down), else a private one whose threads are daemons and
 * end on {@link #shutdown()}.
 */
final class Transport {
    private final Request request;
    private final OkHttpClient http;
    private final ExecutorService ownedExecutor; // null when the app supplied the OkHttpClient

    Transport(String url, OkHttpClient supplied) {
        request = new Request.Builder().url(url).header("Sec-WebSocket-Protocol", HeraldClient.SUBPROTOCOL).build();
        if (supplied != null) {
            http = supplied;
            ownedExecutor = null;
        } else {
            // OkHttp's default dispatcher threads are not daemons and would keep a JVM alive for a minute after close
            ownedExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<Runnable>(), Loop.daemon("herald-okhttp-"));
            http = new OkHttpClient.Builder().dispatcher(new Dispatcher(ownedExecutor)).build();
        }
    }

    WebSocket open(WebSocketListener events) {
        return http.newWebSocket(request, events);
    }

    /** Lets a private OkHttpClient's threads end once the last socket is done; leaves a supplied one alone. */
    void shutdown() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdown(); // a closing socket's reader ends when the server answers the close
            http.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return request.url().toString();
    }
}
