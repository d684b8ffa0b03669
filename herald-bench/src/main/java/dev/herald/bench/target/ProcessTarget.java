package dev.herald.bench.target;

import dev.herald.bench.client.WsEndpoint;

import java.nio.file.Path;

/** A server under test in its own process, with its directory and the endpoint its devices connect to. */
abstract class ProcessTarget implements Target {
    private final ServerProcess process;
    private final Path dir;
    private final WsEndpoint endpoint;

    ProcessTarget(ServerProcess process, Path dir, WsEndpoint endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    @Override
    public WsEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    /** Stops the process and removes its data. */
    void stop() {
        process.close();
        ServerProcess.deleteTree(dir.resolve("data"));
    }
}
