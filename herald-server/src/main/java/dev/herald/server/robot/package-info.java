/**
 * DingTalk-compatible group robots: webhook identities bound to a group. {@link dev.herald.server.robot.RobotWebhook}
 * accepts exactly what a DingTalk custom robot accepts ({@code shared/specs/dingtalk-robot.md}) — five message types,
 * keyword, signature and IP allowlist checks, 20 messages a minute — and answers in DingTalk's
 * {@code {"errcode":..,"errmsg":..}} shape ({@link dev.herald.server.robot.RobotRefusal}).
 * {@link dev.herald.server.robot.Robots} creates, lists, rotates and deletes them.
 */
package dev.herald.server.robot;
