package dev.haul.fetch.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text between the brackets of an IPv6 URL host: eight groups of up to four hex digits, one {@code ::} for a
 * run of zero groups, an optional dotted IPv4 tail ({@code ::ffff:127.0.0.1}) and an optional zone id
 * ({@code fe80::1%25eth0}, or {@code %eth0} as some clients write it). Anything else is refused rather than guessed
 * at: a strict reader can only make the policy refuse more, never let an address through.
 */
final class Ipv6Text {

    private Ipv6Text() {}

    /** The sixteen bytes, or {@code null} when the text is not a valid IPv6 address. */
    static byte[] parse(String text) {
        String address = withoutZone(text);
        if (address == null) {
            return null;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap < 0 ? address : address.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(address.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int written = head.size() + tail.size();
        // Without "::" all eight groups are written; with it, "::" stands for at least one zero group.
        if (gap < 0 ? written != 8 : written > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        put(bytes, 0, head);
        put(bytes, 8 - tail.size(), tail);
        return bytes;
    }

    /**
     * Drops the zone id. A zone only picks the interface a link-local address is reached through; it never changes
     * which range the address is in, and that range is what the policy decides on.
     */
    private static String withoutZone(String text) {
        int percent = text.indexOf('%');
        if (percent < 0) {
            return text;
        }
        String zone = text.substring(percent + 1);
        if (zone.startsWith("25")) {
            zone = zone.substring(2);
        }
        return zone.isEmpty() ? null : text.substring(0, percent);
    }

    /** The 16-bit groups of one side of "::"; a dotted IPv4 tail counts as two groups and may only end the address. */
    private static List<Integer> groups(String side, boolean mayEndInIpv4) {
        List<Integer> out = new ArrayList<>();
        if (side.isEmpty()) {
            return out;
        }
        String[] parts = side.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf('.') >= 0) {
                byte[] v4 = i == parts.length - 1 && mayEndInIpv4 ? dottedQuad(part) : null;
                if (v4 == null) {
                    return null;
                }
                out.add((v4[0] & 0xff) << 8 | v4[1] & 0xff);
                out.add((v4[2] & 0xff) << 8 | v4[3] & 0xff);
            } else if (part.isEmpty() || part.length() > 4 || !Ipv4Text.allDigits(part, 16)) {
                return null;
            } else {
                out.add(Integer.parseInt(part, 16));
            }
        }
        return out;
    }

    /**
     * The IPv4 tail inside an IPv6 address is strict dotted decimal (no octal, hex or short forms), as the WHATWG
     * parser and {@code inet_pton} require.
     */
    private static byte[] dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            boolean leadingZero = part.length() > 1 && part.startsWith("0");
            if (part.isEmpty() || part.length() > 3 || leadingZero || !Ipv4Text.allDigits(part, 10)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static void put(byte[] bytes, int group, List<Integer> values) {
        for (int i = 0; i < values.size(); i++) {
            bytes[(group + i) * 2] = (byte) (values.get(i) >> 8);
            bytes[(group + i) * 2 + 1] = (byte) (values.get(i) & 0xff);
        }
    }
}
