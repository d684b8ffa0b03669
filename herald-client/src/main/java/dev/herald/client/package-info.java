/**
 * Herald's Java and Android client: keeps one WebSocket to a Herald server speaking {@code herald.v1}
 * ({@code docs/protocol.md}), registers or resumes the device, delivers pushes to a {@link dev.herald.client.HeraldListener}
 * once each, acknowledges them in batches and reconnects with backoff.
 *
 * <p>Start at {@link dev.herald.client.HeraldClient#builder()}. The package uses only APIs that Android 7.0 (API level 24)
 * has, checked at build time with animal-sniffer; it depends on OkHttp and Jackson databind only.
 */
package dev.herald.client;
