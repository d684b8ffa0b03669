package dev.herald.server.device;

/**
 * A client's bind refused: {@code invalid} when what it asked for breaks the alias/tag rules (error 4404),
 * otherwise not allowed (4403).
 */
public final class BindException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean invalid;

    public BindException(boolean invalid, String message) {
        super(message, null, false, false);
        this.invalid = invalid;
    }

    public boolean invalid() {
        return invalid;
    }
}
