package dev.herald.server.store.sqlite;

import dev.herald.server.error.Failures;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/**
 * The SQLite store failed (disk full, I/O error, corrupt file, ...). Callers see it as an internal error; a duplicate
 * key is reported as {@link IllegalArgumentException} instead, because the caller can act on that.
 */
public final class SqliteStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqliteStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the statement broke a UNIQUE or PRIMARY KEY constraint. */
    static boolean isDuplicate(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return false;
    }

    /** The exception a caller of the store sees for a failure in a read or a write task. */
    static RuntimeException unchecked(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new SqliteStoreException("sqlite: " + cause.getMessage(), cause);
    }
}
