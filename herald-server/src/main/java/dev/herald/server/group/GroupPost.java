package dev.herald.server.group;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated message about to be posted into a group: its DingTalk msgtype, the object under that key as posted,
 * and whom it mentions. Producers (the robot webhook) validate; {@link GroupService} stores it as it is.
 */
public record GroupPost(String msgtype, ObjectNode content, GroupAt at) {
}
