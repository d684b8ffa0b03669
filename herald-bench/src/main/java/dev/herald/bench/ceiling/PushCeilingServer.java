package dev.herald.bench.ceiling;

import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code herald-bench push-ceiling}: runs the bare-Netty push server ({@link PushRelay}) until it is stopped, durable
 * (a group-committed, fsynced log before each answer) or in memory. The ceiling of the push and latency scenarios.
 */
@Command(name = "push-ceiling", mixinStandardHelpOptions = true,
        description = "Run the bare-Netty push server (the push scenarios' ceiling) until stopped.")
public final class PushCeilingServer implements Callable<Integer> {
    /** Whether a push is made durable before it is delivered and answered. */
    enum Mode {
        /** Group commit to an fsynced log first, as a durable push server must. */
        DURABLE,
        /** Deliver and answer at once; nothing is written. */
        MEMORY
    }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "port; 0 = any free one (${DEFAULT-VALUE})")
    int port;

    @Option(names = "--mode", defaultValue = "durable", description = "durable or memory (${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--data", defaultValue = "data", description = "directory of the durable mode's log "
            + "(${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--io-threads", defaultValue = "0", description = "event loops; 0 = 2 x cores, as Herald")
    int ioThreads;

    @Override
    public Integer call() throws Exception {
        CommitLog log = null;
        if (mode == Mode.DURABLE) {
            Files.createDirectories(data);
            log = new CommitLog(data.resolve("commit.log"), CommitLog.WRAP_BYTES);
        }
        CommitLog opened = log;
        PushRelay relay = new PushRelay(log);
        return CeilingServer.serve(host, port, ioThreads, ch -> ch.pipeline().addLast(new HttpServerCodec(),
                new HttpObjectAggregator(1 << 20),
                new WebSocketServerProtocolHandler("/ws", "herald.v1", false, 65_536), relay),
                "push-ceiling", mode.name().toLowerCase(Locale.ROOT), () -> {
                    if (opened != null) {
                        try {
                            opened.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
    }
}
