package dev.haul.fetch.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv6 addresses that carry an IPv4 address inside them. A packet to one of these can end up at the embedded IPv4
 * address (through the kernel, a NAT64 gateway or a 6to4 relay), so the policy checks the embedded address too:
 * {@code 64:ff9b::a9fe:a9fe} is the metadata service in disguise.
 */
final class Ipv4Embedding {

    /** One embedded IPv4 address and the name of the form that carried it, for messages. */
    record Embedded(Inet4Address ipv4, String form) {}

    private Ipv4Embedding() {}

    static Optional<Embedded> of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        if (zeros(b, 0, 10) && ones(b, 10, 12)) {
            // Java normally turns these into Inet4Address itself; this catches one built another way.
            return embedded(b, 12, false, "IPv4-mapped");
        }
        if (zeros(b, 0, 8) && ones(b, 8, 10) && zeros(b, 10, 12)) {
            return embedded(b, 12, false, "IPv4-translated");
        }
        boolean ipv6Own = zeros(b, 12, 15) && (b[15] == 0 || b[15] == 1);
        if (zeros(b, 0, 12) && !ipv6Own) {
            // ::a.b.c.d, but not :: or ::1, which are IPv6's own unspecified and loopback addresses.
            return embedded(b, 12, false, "IPv4-compatible");
        }
        if (startsWith(b, 0x00, 0x64, 0xff, 0x9b) && zeros(b, 4, 12)) {
            return embedded(b, 12, false, "NAT64");
        }
        if (startsWith(b, 0x20, 0x02)) {
            return embedded(b, 2, false, "6to4");
        }
        if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {
            // Teredo stores the client's IPv4 address with every bit inverted.
            return embedded(b, 12, true, "Teredo");
        }
        return Optional.empty();
    }

    private static Optional<Embedded> embedded(byte[] b, int from, boolean inverted, String form) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (inverted ? ~b[from + i] : b[from + i]);
        }
        try {
            return Optional.of(new Embedded((Inet4Address) InetAddress.getByAddress(v4), form));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ones(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != (byte) prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
