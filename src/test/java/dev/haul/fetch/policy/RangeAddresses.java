package dev.haul.fetch.policy;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks test addresses out of a range: its own first, middle and last address, where "own" skips every more specific
 * range nested inside it, since those are decided by their own row. Worked out here with plain arithmetic rather than
 * asked of the code under test.
 */
final class RangeAddresses {

    private RangeAddresses() {}

    /** The first, a middle and the last address of {@code range} that no range in {@code others} nested in it holds. */
    static List<InetAddress> own(Cidr range, List<Cidr> others) {
        List<Cidr> nested = new ArrayList<>();
        for (Cidr other : others) {
            if (other.prefixLength() > range.prefixLength() && range.contains(other.network())) {
                nested.add(other);
            }
        }
        BigInteger first = first(range);
        BigInteger last = last(range);
        BigInteger middle = first.add(last).shiftRight(1);
        Set<BigInteger> picked = new LinkedHashSet<>();
        picked.add(forward(first, nested));
        BigInteger ahead = forward(middle, nested);
        picked.add(ahead.compareTo(last) <= 0 ? ahead : backward(middle, nested));
        picked.add(backward(last, nested));
        int length = range.network().getAddress().length;
        List<InetAddress> out = new ArrayList<>();
        for (BigInteger value : picked) {
            if (value.compareTo(first) >= 0 && value.compareTo(last) <= 0) {
                out.add(address(value, length));
            }
        }
        return out;
    }

    /** An address of 4 or 16 bytes; 16 bytes always stay IPv6, even in the IPv4-mapped range. */
    static InetAddress address(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        try {
            return length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Sixteen bytes as an IPv6 address that Java does not turn into IPv4. */
    static InetAddress ipv6(byte[] bytes) {
        return address(new BigInteger(1, bytes), 16);
    }

    static BigInteger value(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static BigInteger first(Cidr range) {
        return value(range.network());
    }

    private static BigInteger last(Cidr range) {
        int bits = range.network().getAddress().length * 8;
        return first(range).add(BigInteger.ONE.shiftLeft(bits - range.prefixLength())).subtract(BigInteger.ONE);
    }

    private static BigInteger forward(BigInteger start, List<Cidr> nested) {
        BigInteger at = start;
        for (boolean moved = true; moved;) {
            moved = false;
            for (Cidr inner : nested) {
                if (at.compareTo(first(inner)) >= 0 && at.compareTo(last(inner)) <= 0) {
                    at = last(inner).add(BigInteger.ONE);
                    moved = true;
                }
            }
        }
        return at;
    }

    private static BigInteger backward(BigInteger start, List<Cidr> nested) {
        BigInteger at = start;
        for (boolean moved = true; moved;) {
            moved = false;
            for (Cidr inner : nested) {
                if (at.compareTo(first(inner)) >= 0 && at.compareTo(last(inner)) <= 0) {
                    at = first(inner).subtract(BigInteger.ONE);
                    moved = true;
                }
            }
        }
        return at;
    }
}
