package dev.herald.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Node side of the peer: whether {@code node} exists, and {@code npm install} of {@code ws} at run time. */
public final class NodePeer {
    private NodePeer() {
    }

    /** Whether a {@code node} executable is on the PATH. */
    public static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code npm install} in {@code peerDir} unless {@code node_modules/ws} is there already. */
    static void ensureInstalled(Path peerDir) throws IOException, InterruptedException {
        if (Files.isDirectory(peerDir.resolve("node_modules").resolve("ws"))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(peerDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("npm install in " + peerDir + " failed: " + out);
        }
    }
}
