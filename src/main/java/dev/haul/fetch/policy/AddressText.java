package dev.haul.fetch.policy;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses as people write them, for refusal messages: dotted IPv4, and IPv6 in the short RFC 5952 form
 * ({@code ::1}, {@code fe80::1}) rather than Java's {@code 0:0:0:0:0:0:0:1}.
 */
final class AddressText {

    private AddressText() {}

    static String of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // The longest run of two or more zero groups becomes "::" (the first one when runs tie).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end == i ? i + 1 : end;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
