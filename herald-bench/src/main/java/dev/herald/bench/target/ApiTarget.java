package dev.herald.bench.target;

import dev.herald.bench.client.HttpPool;
import dev.herald.bench.client.LoadClient;
import dev.herald.bench.client.WsEndpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server that takes pushes through {@code POST /v3/push} on a pool of keep-alive connections and delivers them to
 * devices that said hello: Herald, and the push ceiling. Counts the API's refusals.
 */
public abstract class ApiTarget extends ProcessTarget {
    private final LoadClient client;
    private final String authorization;
    private final LongAdder errors = new LongAdder();
    private final List<String> errorSamples = new CopyOnWriteArrayList<>();
    private HttpPool pool;

    /** {@code authorization}: the header every request carries, or null. */
    ApiTarget(ServerProcess process, Path dir, LoadClient client, WsEndpoint endpoint, String authorization) {
        super(process, dir, endpoint);
        this.client = client;
        this.authorization = authorization;
    }

    /** (Re)opens the pool of push API connections with {@code connections} connections. */
    public synchronized HttpPool pool(int connections) throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        pool = HttpPool.open(client, endpoint().address(), authorization, connections);
        return pool;
    }

    /** The pool last opened, or null. */
    synchronized HttpPool currentPool() {
        return pool;
    }

    /** Counts a push API answer other than 200 as an error. */
    public void checked(int status, String error) {
        if (status != 200) {
            errors.increment();
            if (errorSamples.size() < 5) {
                errorSamples.add(status + " " + error);
            }
        }
    }

    @Override
    public long publishErrors() {
        return errors.sum();
    }

    public List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
        stop();
    }
}
