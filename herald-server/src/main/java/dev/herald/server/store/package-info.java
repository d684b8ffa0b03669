/**
 * Durable state behind the {@link dev.herald.server.store.Store} interface. Each backend lives in its own
 * subpackage ({@code sqlite}, later {@code postgres}) with its SQL dialect and migrations; its driver is touched
 * nowhere else.
 */
package dev.herald.server.store;
