package dev.herald.server.api;

import dev.herald.server.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an API handler answers: status, extra headers, body and its content type. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body, String contentType) {

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, new LinkedHashMap<>(), Json.bytes(body), "application/json; charset=utf-8");
    }

    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    /** 200 with a body already written as JSON, for answers on hot paths that are cheaper to write by hand. */
    public static ApiResponse okJson(String json) {
        return new ApiResponse(200, new LinkedHashMap<>(), json.getBytes(StandardCharsets.UTF_8),
                "application/json; charset=utf-8");
    }

    /** 200 with an empty body, as JPush answers its device-API updates. */
    public static ApiResponse emptyOk() {
        return new ApiResponse(200, new LinkedHashMap<>(), new byte[0], "application/json; charset=utf-8");
    }

    public static ApiResponse text(int status, String body, String contentType) {
        return new ApiResponse(status, new LinkedHashMap<>(), body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
