package dev.herald.server.store.sqlite;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SQLite connection and its prepared statements. Preparing is a measurable part of a short statement's cost, and
 * each connection is used by one thread at a time (the writer thread, or a reader that holds it from the pool), so a
 * plain map caches them. Statements here are the constant SQL strings of the query classes; lists are bound as one
 * JSON array parameter ({@link #IN_LIST}) so the SQL never varies with their length, and a list of one as a plain
 * {@code = ?} ({@link #prepareIn}).
 */
final class Conn implements AutoCloseable {
    /** How long a statement waits for another process (the CLI) to release the write lock before failing. */
    static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * How long a {@code RESTART} checkpoint waits for readers: the writer waits with it, so briefly; if the readers
     * are not done by then, the checkpoint thread asks again.
     */
    static final int RESTART_WAIT_MS = 50;

    /** How SQL compares a column with a list: {@code "... WHERE device_id" + IN_LIST}, the list bound as JSON. */
    static final String IN_LIST = " IN (SELECT value FROM json_each(?))";
    /** The {@code = ?} form of each SQL string given to {@link #prepareIn}. */
    private static final Map<String, String> SINGLE_FORMS = new ConcurrentHashMap<>();

    /** Work done on a connection: a read, or one write task of a group-committed transaction. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Conn conn) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private Conn(Connection connection) {
        this.connection = connection;
    }

    /** A marker that is no connection, for queues that must wake a waiting thread. */
    static Conn marker() {
        return new Conn(null);
    }

    /**
     * Opens a connection in WAL mode with {@code synchronous=FULL}: every commit syncs the WAL, so a commit survives a
     * power cut, which is what "durable before 200" needs. Transactions are begun by hand ({@code BEGIN IMMEDIATE}),
     * so the driver stays in auto-commit mode and never holds a transaction open between batches.
     */
    static Conn open(Path file, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // Ids come from RETURNING; without this the driver runs a regex over every statement's SQL.
        config.setGetGeneratedKeys(false);
        if (!queryOnly) {
            // A statement that writes several rows inside a transaction keeps the old content of the pages it changes
            // in a statement journal, to undo itself alone if it fails. By default that journal is a temporary file
            // (a write system call per page); it only ever holds the pages of one statement, so memory is the place.
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        }
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Conn conn = new Conn(connection);
        if (queryOnly) {
            conn.execute("PRAGMA query_only = 1");
        }
        return conn;
    }

    /** The cached prepared statement for this SQL. Callers bind every parameter and close result sets they open. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /**
     * The cached statement for {@code sql}, which compares a column with a list through {@link #IN_LIST} once, with
     * the list bound as parameter {@code index} (the caller binds the others). A list of one is compared with
     * {@code = ?} instead, the usual case of the push API (one registration id, one device): no JSON array to write
     * and unpack, about half the cost of the lookup.
     */
    PreparedStatement prepareIn(String sql, int index, Collection<?> values) throws SQLException {
        if (values.size() != 1) {
            PreparedStatement statement = prepare(sql);
            statement.setString(index, Json.array(values));
            return statement;
        }
        PreparedStatement statement = prepare(SINGLE_FORMS.computeIfAbsent(sql, Conn::singleForm));
        statement.setObject(index, values.iterator().next());
        return statement;
    }

    /** {@code sql} with its {@link #IN_LIST} turned into {@code = ?}. */
    static String singleForm(String sql) {
        int at = sql.indexOf(IN_LIST);
        if (at < 0 || sql.indexOf(IN_LIST, at + 1) >= 0) {
            throw new IllegalArgumentException("expected one IN_LIST in " + sql);
        }
        return sql.substring(0, at) + " = ?" + sql.substring(at + IN_LIST.length());
    }

    /** Executes a cached statement without parameters ({@code BEGIN}, {@code SAVEPOINT}, ...). */
    void exec(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Executes SQL once, uncached (migrations, pragmas). */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Runs a checkpoint and returns the WAL's length in frames after it; 0 when the WAL is empty or was reset.
     * {@code PASSIVE} copies what it can of the WAL into the database file without waiting for anyone; {@code RESTART}
     * (writer only) also waits, up to {@link #RESTART_WAIT_MS}, for the readers still reading the WAL, so that the next
     * write starts it over. Whether the checkpoint got every frame does not matter to the callers: they look at the
     * length.
     */
    long checkpoint(boolean restart) throws SQLException {
        if (restart) {
            execute("PRAGMA busy_timeout = " + RESTART_WAIT_MS);
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(restart ? "PRAGMA wal_checkpoint(RESTART)"
                     : "PRAGMA wal_checkpoint(PASSIVE)")) {
            return row.next() ? Math.max(0, row.getLong(2)) : 0;
        } finally {
            if (restart) {
                execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            }
        }
    }

    /** Rolls back whatever transaction is open, if any; used on the way out of a failure. */
    void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open, or the connection is broken; either way there is nothing left to undo.
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing the connection below releases it anyway.
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing useful to do when closing fails; the file is consistent after every commit.
        }
    }
}
