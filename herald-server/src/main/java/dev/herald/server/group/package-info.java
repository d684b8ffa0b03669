/**
 * Groups: named sets of devices (by registration id or alias) in one app, and the messages posted into them. A group
 * message is stored once in its own id space, rendered to safe HTML once, delivered live to every member's sessions
 * and caught up on reconnect from a per-device cursor; members it {@code @}mentions also get an ordinary push.
 * {@link dev.herald.server.group.GroupService} is the entry point; robots ({@code dev.herald.server.robot}) post
 * through it.
 */
package dev.herald.server.group;
