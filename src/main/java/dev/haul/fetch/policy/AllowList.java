package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's exceptions to the range checks: ranges, single addresses and host names. Entries are read once, when
 * the policy is built, so a typo fails at start-up rather than silently allowing nothing (or everything).
 *
 * <p>An entry only says which addresses and names the operator vouches for; {@link RangeCheck} decides what that
 * opens. It opens the rows of {@link SpecialPurposeRanges} that an allow-list may open (private, loopback, test and
 * reserved ranges) for the covered addresses or the named host only, and never link-local addresses, the metadata and
 * credential endpoints, multicast, broadcast or protocol ranges, however wide the entry.
 *
 * <p>Host names match exactly, after the same normalisation as URL hosts (lower case, no trailing dot): allowing
 * {@code internal.example} does not allow {@code x.internal.example}.
 */
final class AllowList {

    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");

    private final List<Cidr> ranges;
    private final Set<String> names;

    private AllowList(List<Cidr> ranges, Set<String> names) {
        this.ranges = List.copyOf(ranges);
        this.names = Set.copyOf(names);
    }

    static AllowList parse(List<String> entries) {
        List<Cidr> ranges = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.indexOf('/') >= 0 || AddressParser.parseAddress(entry) != null) {
                ranges.add(asIpv4IfMapped(Cidr.parse(entry)));
                continue;
            }
            ParsedHost host = AddressParser.parse(entry);
            if (host instanceof ParsedHost.Name name) {
                names.add(name.name());
            } else if (host instanceof ParsedHost.Literal literal) {
                ranges.add(Cidr.parse(AddressText.of(literal.address())));
            } else {
                throw new IllegalArgumentException("allow-list entry '" + entry + "' is neither an address, a CIDR "
                        + "range nor a host name: " + ((ParsedHost.Invalid) host).reason());
            }
        }
        return new AllowList(ranges, names);
    }

    /**
     * {@code ::ffff:10.0.0.0/104} is the range 10.0.0.0/8 to a socket, and a URL or resolver answer naming such an
     * address is read as IPv4, so the entry covers the IPv4 addresses.
     */
    private static Cidr asIpv4IfMapped(Cidr range) {
        if (range.prefixLength() < 96 || !MAPPED.contains(range.network())) {
            return range;
        }
        byte[] bytes = range.network().getAddress();
        StringBuilder ipv4 = new StringBuilder();
        for (int i = 12; i < 16; i++) {
            ipv4.append(i > 12 ? "." : "").append(bytes[i] & 0xff);
        }
        return Cidr.parse(ipv4 + "/" + (range.prefixLength() - 96));
    }

    boolean allowsName(String normalisedName) {
        return names.contains(normalisedName);
    }

    boolean allowsAddress(InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
