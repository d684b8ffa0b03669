package dev.herald.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine a result was measured on: figures mean nothing without it. Linux only (reads {@code /proc}). */
public final class Machine {
    private Machine() {
    }

    public static Map<String, Object> describe(List<String> serverJvmFlags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", grep("/proc/cpuinfo", "model name\\s*:\\s*(.+)").orElse("unknown"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_gib", grep("/proc/meminfo", "MemTotal:\\s+(\\d+) kB")
                .map(kb -> Math.round(Long.parseLong(kb) / 1024.0 / 1024.0 * 10) / 10.0).orElse(null));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("node", command("node", "--version").orElse("absent"));
        m.put("server_jvm_flags", String.join(" ", serverJvmFlags));
        m.put("client_jvm_flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("open_files_limit", grep("/proc/self/limits", "Max open files\\s+(\\d+)").orElse("unknown"));
        m.put("local_port_range", read("/proc/sys/net/ipv4/ip_local_port_range").orElse("unknown"));
        m.put("herald_commit", command("git", "describe", "--always", "--dirty").orElse("unknown"));
        m.put("load_average_at_start", read("/proc/loadavg").map(s -> s.split(" ", 4)).map(a -> a[0] + " " + a[1]
                + " " + a[2]).orElse("unknown"));
        return m;
    }

    private static Optional<String> read(String file) {
        try (var in = Files.newInputStream(Path.of(file))) {
            // not Files.readString: /proc files claim size 0, and a sized read of one returned a single byte
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replaceAll("\\s+", " "));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> grep(String file, String regex) {
        try (var in = Files.newInputStream(Path.of(file))) {
            Matcher m = Pattern.compile(regex).matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
