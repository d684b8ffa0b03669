/**
 * The embedded store, and Herald's default: one SQLite file in WAL mode. {@link
 * dev.herald.server.store.sqlite.SqliteStore} is the entry point; one writer thread group-commits every write
 * (durable before the caller returns, many callers per fsync) while a small pool of connections serves reads beside
 * it. The schema is versioned by {@code Migrations}; this dialect's SQL and the sqlite-jdbc driver stay in this
 * package.
 */
package dev.herald.server.store.sqlite;
