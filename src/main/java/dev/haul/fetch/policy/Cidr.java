package dev.haul.fetch.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. A range only contains addresses of its own family;
 * IPv4 inside IPv6 is unwrapped by {@link Ipv4Embedding} before ranges are asked.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " does not fit a " + bits + "-bit address");
        }
    }

    /**
     * Reads {@code address/prefix}, or a bare address as a range of one. Host bits are cleared, so {@code 127.0.0.1/8}
     * is 127.0.0.0/8, as operators often write it.
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = AddressParser.parseAddress(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        // parseAddress turns ::ffff:a.b.c.d into the IPv4 address a.b.c.d; a range written in IPv6 stays IPv6, so that
        // ::ffff:0:0/96 is the IPv4-mapped range and not a 96-bit prefix of a 32-bit address.
        byte[] bytes = address.getAddress();
        if (bytes.length == 4 && addressText.indexOf(':') >= 0) {
            bytes = mapped(bytes);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1).strip();
            if (prefixText.isEmpty() || prefixText.length() > 3 || !Ipv4Text.allDigits(prefixText, 10)) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
            }
            prefix = Integer.parseInt(prefixText);
        }
        if (prefix > bits) {
            throw new IllegalArgumentException(
                    "'" + text + "': prefix /" + prefix + " is longer than " + bits + " bits");
        }
        return new Cidr(masked(bytes, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] range = network.getAddress();
        byte[] candidate = address.getAddress();
        if (range.length != candidate.length) {
            return false;
        }
        return Arrays.equals(mask(range, prefixLength), mask(candidate, prefixLength));
    }

    @Override
    public String toString() {
        return AddressText.of(network) + "/" + prefixLength;
    }

    private static InetAddress masked(byte[] address, int prefix) {
        byte[] bytes = mask(address, prefix);
        try {
            // Inet6Address keeps an IPv6 range as IPv6; InetAddress.getByAddress would turn ::ffff:0:0 into 0.0.0.0.
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
