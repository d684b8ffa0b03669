package dev.herald.server.api;

import dev.herald.server.Json;
import dev.herald.server.error.HeraldError;

/**
 * How an API reports a {@link HeraldError}: each compatible API in its peer's shape and codes, the native API in
 * Herald's own. All are {@code {"error":{"code":..,"message":..}}}; they differ in the code.
 */
public enum ErrorStyle {
    /** JPush push, report and schedule APIs: 1xxx/2xxx codes with the catalogue's HTTP status. */
    JPUSH_PUSH,
    /** JPush device, alias and tag APIs: 7xxx codes; JPush answers 400 for all but auth (401) and internal (500). */
    JPUSH_DEVICE,
    /** Herald's native API: the catalogue's name as code. */
    NATIVE;

    public ApiResponse render(HeraldError error, String message) {
        var body = Json.object();
        var err = body.putObject("error");
        int status = error.httpStatus();
        switch (this) {
            case JPUSH_PUSH -> err.put("code", error.pushCode());
            case JPUSH_DEVICE -> {
                err.put("code", error.deviceCode());
                status = switch (error.deviceCode()) {
                    case 7000 -> 500;
                    case 7001, 7004 -> 401;
                    default -> error == HeraldError.RATE_LIMITED ? 429 : 400;
                };
            }
            case NATIVE -> err.put("code", error.name().toLowerCase(java.util.Locale.ROOT));
        }
        err.put("message", message);
        if (this == NATIVE) {
            err.put("docs", error.docsAnchor());
        }
        return ApiResponse.json(status, body);
    }
}
