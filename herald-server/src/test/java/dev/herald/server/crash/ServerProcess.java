package dev.herald.server.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code herald server} in a JVM of its own, started from the test's classpath, so it can be killed like a real
 * process. Its stdout and stderr go to a log file (appended to, so a restart continues the same log); the default
 * app's credentials are read from the lines the server prints when it creates that app.
 */
final class ServerProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern APP_KEY = Pattern.compile("^\\s*appKey:\\s*(\\S+)");
    private static final Pattern MASTER_SECRET = Pattern.compile("^\\s*masterSecret:\\s*(\\S+)");
    private static final String LISTENING = "Herald is listening on port ";

    final Process process;
    final int port;
    /** The default app's credentials if this start created it, else {@code null}. */
    final String appKey;
    final String masterSecret;

    private ServerProcess(Process process, int port, String appKey, String masterSecret) {
        this.process = process;
        this.port = port;
        this.appKey = appKey;
        this.masterSecret = masterSecret;
    }

    /** Starts a server on {@code dataDir} and a free loopback port, and waits until it answers HTTP. */
    static ServerProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire puts the real classpath here; java.class.path may be just its manifest-only booter jar.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "dev.herald.server.cli.HeraldCommand", "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dataDir.toString(),
                "--worker-threads", "16", "--io-threads", "2", "--catch-up-page-size", "50")
                .redirectErrorStream(true);
        // Settings come from the flags alone, not from whatever HERALD_* the machine running the tests has.
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        Process process = pb.start();
        CompletableFuture<String> appKey = new CompletableFuture<>();
        CompletableFuture<String> masterSecret = new CompletableFuture<>();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, appKey, masterSecret, listening),
                "herald-child-" + process.pid() + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitHttp(port);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("herald server did not start on port " + port + "; log:\n"
                    + tail(log, 40), e);
        }
        return new ServerProcess(process, port, appKey.getNow(null), masterSecret.getNow(null));
    }

    /** Copies the child's output to the log, line by line, and picks out the lines the test needs. */
    private static void pump(Process process, Path log, CompletableFuture<String> appKey,
                             CompletableFuture<String> masterSecret, CompletableFuture<Void> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write("---- pid " + process.pid() + " ----\n");
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = APP_KEY.matcher(line);
                if (m.find()) {
                    appKey.complete(m.group(1));
                }
                m = MASTER_SECRET.matcher(line);
                if (m.find()) {
                    masterSecret.complete(m.group(1));
                }
                if (line.startsWith(LISTENING)) {
                    listening.complete(null);
                }
            }
            out.write("---- pid " + process.pid() + " output ended ----\n");
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("server exited before it listened"));
    }

    /** Waits until {@code GET /} answers 200: the port is bound and the HTTP pipeline works. */
    private static void awaitHttp(int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                throw new IllegalStateException("GET / answered " + status);
            } catch (IOException e) {
                last = e; // not listening yet: poll again (each attempt waits up to its own timeout)
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        throw new IllegalStateException("port " + port + " did not answer within " + START_TIMEOUT, last);
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux) and checks that it is gone and died
     * of that signal: the JDK reports a death by signal N as exit status 128 + N.
     */
    void kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("herald server " + pid + " still alive 10 s after SIGKILL");
        }
        if (process.exitValue() != 128 + 9) {
            throw new AssertionError("herald server " + pid + " exited with " + process.exitValue()
                    + ", not 137 (SIGKILL): it ended some other way");
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AssertionError("pid " + pid + " is still running after SIGKILL");
        }
    }

    /** Ends the process if it still runs (after a failed test); the test's own kill is {@link #kill()}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
