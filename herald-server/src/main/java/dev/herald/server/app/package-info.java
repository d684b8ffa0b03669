/** Apps (tenants): creation, authentication of the per-app APIs with the master secret, and per-app rate limits. */
package dev.herald.server.app;
