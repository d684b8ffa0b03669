package dev.herald.server.error;

/**
 * The one catalogue of errors Herald reports. Each entry has Herald's own name, the HTTP status, and the codes the
 * JPush-compatible APIs answer with (push API codes 1xxx/2xxx, device API codes 7xxx). Compatible APIs map onto
 * their peer's codes at the edge; inside the server only these names are used. Anchors point into docs/api.md.
 */
public enum HeraldError {
    INTERNAL(500, 1000, 7000, "internal error"),
    METHOD_NOT_ALLOWED(405, 1001, 7002, "method not allowed"),
    MISSING_PARAMETER(400, 1002, 7002, "missing required parameter"),
    INVALID_PARAMETER(400, 1003, 7002, "invalid parameter value"),
    AUTH_FAILED(401, 1004, 7001, "authentication failed"),
    BODY_TOO_LARGE(400, 1005, 7002, "body too large"),
    INVALID_APP_KEY(400, 1008, 7008, "invalid app_key"),
    UNSUPPORTED_KEY(400, 1009, 7002, "unsupported key in payload"),
    NO_TARGET(400, 1011, 7002, "no target matches the audience"),
    NOT_FOUND(404, 1003, 7008, "not found"),
    RATE_LIMITED(429, 2002, 7002, "rate limit exceeded"),
    APP_DISABLED(403, 2003, 7001, "app disabled"),
    UNAVAILABLE(503, 1000, 7000, "server is shutting down or overloaded");

    private final int httpStatus;
    private final int pushCode;
    private final int deviceCode;
    private final String summary;

    HeraldError(int httpStatus, int pushCode, int deviceCode, String summary) {
        this.httpStatus = httpStatus;
        this.pushCode = pushCode;
        this.deviceCode = deviceCode;
        this.summary = summary;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code the JPush push, report and schedule APIs answer with. */
    public int pushCode() {
        return pushCode;
    }

    /** The code the JPush device, alias and tag APIs answer with. */
    public int deviceCode() {
        return deviceCode;
    }

    public String summary() {
        return summary;
    }

    /** Anchor in docs/api.md that explains this error. */
    public String docsAnchor() {
        return "docs/api.md#" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public HeraldException exception(String message) {
        return new HeraldException(this, message);
    }
}
