package dev.herald.server.robot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A robot's IP allowlist: addresses and CIDR ranges, IPv4 and IPv6 ({@code 10.0.0.0/8}, {@code 203.0.113.7},
 * {@code 2001:db8::/32}, {@code ::1}). An address without a prefix length is that one address. Only literals are
 * accepted, never host names: a list must not depend on DNS. An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4})
 * matches as the IPv4 address it is. Immutable.
 */
public final class IpAllowlist {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private IpAllowlist(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses the entries of a list.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or CIDR range
     */
    public static IpAllowlist parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>(entries.size());
        for (String entry : entries) {
            ranges.add(range(entry));
        }
        return new IpAllowlist(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the list allows this address (an IP literal, as the gateway reports it); an empty list allows all. */
    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static Range range(String entry) {
        String text = entry == null ? "" : entry.trim();
        int slash = text.indexOf('/');
        byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("\"" + entry + "\" is not an IPv4 or IPv6 address or CIDR range");
        }
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("\"" + entry + "\": prefix length must be 0.." + max);
            }
        }
        return new Range(network, prefix);
    }

    /** The bytes of an IP literal (4 for IPv4, IPv4-mapped IPv6 included; 16 for IPv6), or null if it is none. */
    private static byte[] literal(String text) {
        if (text == null || text.isEmpty() || (!text.contains(":") && !IPV4.matcher(text).matches())) {
            return null; // not a literal: InetAddress would look the name up in DNS
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone);
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
