package dev.herald.server.gateway;

import dev.herald.server.api.Router;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.session.SessionServices;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** The gateway's HTTP pipeline over Netty's EmbeddedChannel: no sockets, and API work runs on the calling thread. */
final class HttpChannels {
    private HttpChannels() {
    }

    static EmbeddedChannel open(Router router) {
        return open(router, Runnable::run, Runnable::run);
    }

    /** With API work handed to these two pools (for routes that may wait for a commit, and for those that never do). */
    static EmbeddedChannel open(Router router, Executor workers, Executor asyncWorkers) {
        HeraldConfig config = HeraldConfig.builder().dataDir(Path.of("unused")).build();
        SessionServices services = new SessionServices(config, config.clock(), null, null, null, null, null,
                Runnable::run);
        return new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new HttpHandler(router, workers, asyncWorkers, new WebSocketUpgrade(services),
                        new StaticFiles()));
    }

    /** Everything the channel has written so far, as text. */
    static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }
}
