/**
 * Devices: registration ids and secrets, aliases and tags with JPush's character rules, and client-side binding
 * with backend-signed tokens.
 */
package dev.herald.server.device;
