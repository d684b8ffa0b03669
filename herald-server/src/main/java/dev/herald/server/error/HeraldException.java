package dev.herald.server.error;

/** A request Herald refuses, with an entry of the {@link HeraldError} catalogue and a message for the caller. */
public class HeraldException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HeraldError error;

    public HeraldException(HeraldError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public HeraldError error() {
        return error;
    }
}
