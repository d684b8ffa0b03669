/**
 * The embedded store, and Herald's default: one SQLite file in WAL mode. {@link
 * dev.herald.server.store.sqlite.SqliteStore} is the entry point; one writer thread group-commits every write
 * (durable before the caller returns, many callers per fsync) while a small pool of connections serves reads beside
 * it. Inbox entries of devices a message is being delivered to are held in memory until acknowledged ({@code
 * DeferredInbox}), their devices listed in the message row. The schema is versioned by {@code Migrations}; this
 * dialect's SQL and the sqlite-jdbc driver stay in this package.
 */
package dev.herald.server.store.sqlite;
