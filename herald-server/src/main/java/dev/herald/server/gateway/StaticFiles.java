package dev.herald.server.gateway;

import dev.herald.server.api.ApiResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pages and scripts the server ships (demo page, browser SDK), loaded once from the classpath. */
final class StaticFiles {
    private final Map<String, ApiResponse> files = new LinkedHashMap<>();

    StaticFiles() {
        add("/demo", "static/demo.html", "text/html; charset=utf-8");
        add("/", "static/index.html", "text/html; charset=utf-8");
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            files.put(path, new ApiResponse(200, Map.of("Cache-Control", "no-cache"), in.readAllBytes(),
                    contentType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file served at this path (trailing slash ignored), or {@code null}. */
    ApiResponse find(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return files.get(p);
    }
}
