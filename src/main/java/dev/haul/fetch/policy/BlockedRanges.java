package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The address ranges a fetched URL may not reach by default, and the well-known AWS endpoints inside them named in
 * messages so that an operator sees at once why a refusal matters. Everything here is reachable from inside a Lambda
 * function or VPC but never a public web server: the instance metadata and container credentials endpoints hand out
 * the function's AWS credentials, and private ranges reach the account's own services.
 */
final class BlockedRanges {

    /** A range and the words for it: {@code phrase} completes "10.0.0.5 is …" and "resolves to 10.0.0.5, …". */
    record Range(Cidr cidr, Rule rule, String phrase) {}

    // Order matters where ranges nest: the broadcast address before the reserved 240/4 around it, and :: and ::1 are
    // handled here before Ipv4Embedding would read them as IPv4-compatible.
    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", Rule.UNSPECIFIED, "an unspecified ('this network') address"),
            range("10.0.0.0/8", Rule.PRIVATE, "a private address"),
            range("100.64.0.0/10", Rule.CARRIER_GRADE_NAT, "a carrier-grade NAT (shared) address"),
            range("127.0.0.0/8", Rule.LOOPBACK, "a loopback address"),
            range("169.254.0.0/16", Rule.LINK_LOCAL, "a link-local address"),
            range("172.16.0.0/12", Rule.PRIVATE, "a private address"),
            range("192.168.0.0/16", Rule.PRIVATE, "a private address"),
            range("224.0.0.0/4", Rule.MULTICAST, "a multicast address"),
            range("255.255.255.255/32", Rule.BROADCAST, "the broadcast address"),
            range("240.0.0.0/4", Rule.RESERVED, "a reserved address (240.0.0.0/4)"),
            range("::/128", Rule.UNSPECIFIED, "the unspecified address"),
            range("::1/128", Rule.LOOPBACK, "a loopback address"),
            range("64:ff9b:1::/48", Rule.PRIVATE, "a private (local-use NAT64) address"),
            range("fc00::/7", Rule.PRIVATE, "a private (unique local) address"),
            range("fe80::/10", Rule.LINK_LOCAL, "a link-local address"),
            range("fec0::/10", Rule.PRIVATE, "a private (site-local) address"),
            range("ff00::/8", Rule.MULTICAST, "a multicast address"));

    /** Endpoints that AWS serves on these ranges; the credential ones are the reason this policy exists. */
    private static final Map<InetAddress, String> KNOWN = Map.of(
            address("169.254.169.254"), "the instance metadata service",
            address("fd00:ec2::254"), "the instance metadata service",
            address("169.254.170.2"), "the container credentials endpoint",
            address("169.254.170.23"), "the EKS Pod Identity credentials endpoint",
            address("fd00:ec2::23"), "the EKS Pod Identity credentials endpoint",
            address("169.254.169.253"), "the Amazon DNS server",
            address("169.254.169.123"), "the Amazon Time Sync Service");

    private BlockedRanges() {}

    /** The first blocked range holding the address, with a known endpoint's name added to its phrase. */
    static Optional<Range> find(InetAddress address) {
        for (Range range : RANGES) {
            if (range.cidr().contains(address)) {
                String endpoint = KNOWN.get(address);
                return Optional.of(endpoint == null
                        ? range
                        : new Range(range.cidr(), range.rule(), range.phrase() + " (" + endpoint + ")"));
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, Rule rule, String phrase) {
        return new Range(Cidr.parse(cidr), rule, phrase);
    }

    private static InetAddress address(String text) {
        return AddressParser.parseAddress(text);
    }
}
