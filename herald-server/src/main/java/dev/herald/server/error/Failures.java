package dev.herald.server.error;

import java.util.concurrent.CompletionException;

/** What a failed future failed with, for the code that turns failures into answers. */
public final class Failures {
    private Failures() {
    }

    /**
     * The failure a future's callback sees, as it was thrown: the cause of a {@link CompletionException} (which a
     * dependent future wraps around it), else the failure itself.
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
