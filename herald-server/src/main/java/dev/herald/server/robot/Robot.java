package dev.herald.server.robot;

import java.util.List;

/**
 * A webhook identity bound to one group, as DingTalk's custom robot: posts carry its {@code accessToken}; its
 * security settings are the keywords a message must contain, whether requests must be signed with its
 * {@code secret}, and the addresses it accepts requests from.
 *
 * @param secret      {@code SEC} + hex; always issued, checked only when {@code sign} is on
 * @param keywords    at least one must occur in a message; empty = no keyword check
 * @param ipAllowlist addresses and CIDR ranges (IPv4 and IPv6); empty = any address
 */
public record Robot(long id, long appId, long groupId, String name, String accessToken, String secret, boolean sign,
                    List<String> keywords, List<String> ipAllowlist, long createdAt) {
    public Robot {
        keywords = List.copyOf(keywords);
        ipAllowlist = List.copyOf(ipAllowlist);
    }

    public Robot withId(long newId) {
        return new Robot(newId, appId, groupId, name, accessToken, secret, sign, keywords, ipAllowlist, createdAt);
    }

    public Robot withCredentials(String newToken, String newSecret) {
        return new Robot(id, appId, groupId, name, newToken, newSecret, sign, keywords, ipAllowlist, createdAt);
    }
}
