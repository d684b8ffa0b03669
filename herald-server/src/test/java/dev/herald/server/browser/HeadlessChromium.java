package dev.herald.server.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Debian's Chromium in headless mode, driven by Debian's chromedriver. Nothing is downloaded: both binaries are
 * named explicitly, so Selenium Manager never runs. {@link #close()} quits the browser and then makes sure that no
 * chromedriver or Chromium process this JVM started is left running.
 */
final class HeadlessChromium implements AutoCloseable {
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final String CHROMIUM = "/usr/bin/chromium";
    /** How long the browser's processes get to exit after quit() before they are killed. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    // Held so the logger (and its level) is not garbage-collected. Selenium logs through java.util.logging; at
    // INFO/WARNING it reports CDP version mismatches and connection details that say nothing about Herald.
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path dir;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path dir) {
        this.service = service;
        this.driver = driver;
        this.dir = dir;
    }

    /** Starts chromedriver and a browser with a fresh profile in {@code dir}; chromedriver logs to a file there. */
    static HeadlessChromium start(Path dir) {
        for (String binary : List.of(CHROMEDRIVER.getPath(), CHROMIUM)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: scripts/test installs it, or run "
                        + "apt-get install chromium chromium-driver");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                // Chromium (through GLib) also writes to ~/.cache and ~/.config; keep that in the temp dir too.
                .withEnvironment(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
                        "XDG_CONFIG_HOME", dir.resolve("config").toString()))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        // Without these Chromium keeps retrying Google services on a closed network.
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-quic",
                        "--user-data-dir=" + dir.resolve("profile").toAbsolutePath());
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options), dir);
        } catch (RuntimeException e) {
            List<ProcessHandle> started = browserProcesses(dir);
            service.stop();
            started.forEach(ProcessHandle::destroyForcibly);
            endAll(started);
            throw e;
        }
    }

    /**
     * Quits the browser and the driver, then waits for every chromedriver/Chromium process they had to end; any still
     * running after {@link #EXIT_WAIT} is killed and reported. The processes are listed before quitting: once
     * chromedriver is gone its orphans are no longer this JVM's descendants.
     */
    @Override
    public void close() {
        List<ProcessHandle> processes = browserProcesses(dir);
        RuntimeException failure = null;
        try {
            driver.quit();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            service.stop();
        }
        List<ProcessHandle> left = endAll(processes);
        if (!left.isEmpty()) {
            AssertionError leftover = new AssertionError("browser processes outlived quit(): " + left.stream()
                    .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList());
            if (failure != null) {
                leftover.addSuppressed(failure);
            }
            throw leftover;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * This JVM's chromedriver and Chromium descendants, and the processes Chromium detached from its tree (its crash
     * handler is re-parented to init), recognised by this browser's own temp dir on their command line.
     */
    private static List<ProcessHandle> browserProcesses(Path dir) {
        String ours = dir.toAbsolutePath().toString();
        Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false));
        Stream<ProcessHandle> detached = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(ours)).orElse(false));
        return Stream.concat(descendants, detached).distinct().toList();
    }

    /** Waits for the processes to exit, killing those that do not in time; returns the ones that had to be killed. */
    private static List<ProcessHandle> endAll(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        List<ProcessHandle> killed = new ArrayList<>();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                killed.add(p);
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return killed;
    }
}
