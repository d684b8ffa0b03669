package dev.herald.bench.target;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own process, so that it has its own 20,000 files and its own CPU and memory figures. Its
 * output goes to a log file; the first lines are kept to find the "listening" line and, for Herald, the app keys.
 * Memory is read from outside: RSS from {@code /proc}, heap and native memory with {@code jcmd}.
 */
public final class ServerProcess implements AutoCloseable {
    private static final int KEEP_LINES = 200;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern NMT_OTHER = Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} and waits until a line of its output matches {@code readyLine}. */
    public static ServerProcess start(String name, List<String> command, Path dir, Path log, Pattern readyLine,
                                      Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        ServerProcess sp = new ServerProcess(name, p, log);
        Thread reader = new Thread(() -> sp.pump(readyLine), name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            sp.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            sp.close();
            throw new IOException(name + " did not start: " + e.getMessage() + " (see " + log + ")", e);
        }
        return sp;
    }

    private void pump(Pattern readyLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (lines) {
                    if (lines.size() < KEEP_LINES) {
                        lines.add(line);
                    }
                }
                Matcher m = readyLine.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(m);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("exited with " + exitCode()));
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "code " + process.exitValue() : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The ready line's match (its groups, e.g. the port). */
    public Matcher readyLine() {
        return ready.join();
    }

    /** The first group of the first kept output line matching {@code p}. */
    public Optional<String> find(Pattern p) {
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = p.matcher(l);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The CPU time the process has used so far, user and system, in nanoseconds; -1 if the system does not say.
     * Divided by the work done in a window, it is a figure that other load on the machine changes far less than
     * throughput.
     */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    public Path log() {
        return log;
    }

    /** The files (sockets included) the process has open now, or -1 if that cannot be read. */
    public int openFiles() {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * Waits until the process has at most {@code limit} files open (its sockets closed), checking every 10 ms; returns
     * false if that has not happened within {@code timeout}, or the count cannot be read.
     */
    public boolean awaitOpenFilesAtMost(int limit, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int open = openFiles();
            if (open < 0) {
                return false;
            }
            if (open <= limit) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /** Resident set size in bytes, or -1. */
    public long rssBytes() {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** A process's memory: Java heap after a full GC and direct memory (-1 if not a JVM), and RSS, in bytes. */
    public record Memory(long heapAfterGc, long direct, long rss) {
    }

    /**
     * Measures memory. For a JVM: one {@code jcmd} attach runs a full GC, then reads the heap in use and the native
     * memory counted as "Other" — where {@code Unsafe.allocateMemory} and direct buffers land, i.e. Netty's direct
     * memory (needs {@code -XX:NativeMemoryTracking=summary}, else -1).
     */
    public Memory memory() throws IOException {
        long heap = -1;
        long direct = -1;
        if (isJvm()) {
            Path commands = Files.createTempFile("jcmd", ".txt");
            try {
                Files.writeString(commands, "GC.run\nGC.heap_info\nVM.native_memory summary\n");
                String out = jcmd("-f", commands.toString()).orElse("");
                Matcher h = HEAP_USED.matcher(out);
                heap = h.find() ? Long.parseLong(h.group(1)) * 1024 : -1;
                Matcher d = NMT_OTHER.matcher(out);
                direct = d.find() ? Long.parseLong(d.group(1)) * 1024 : -1;
            } finally {
                Files.deleteIfExists(commands);
            }
        }
        return new Memory(heap, direct, rssBytes());
    }

    /**
     * Whether the process is a JVM. jcmd must never touch anything else: it attaches by sending SIGQUIT, which kills
     * a Node process.
     */
    private boolean isJvm() {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private Optional<String> jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not stopped within 15 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
