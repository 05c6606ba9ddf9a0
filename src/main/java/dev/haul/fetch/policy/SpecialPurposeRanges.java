package dev.haul.fetch.policy;

import static dev.haul.fetch.policy.SpecialPurposeRanges.Handling.ALWAYS_REFUSED;
import static dev.haul.fetch.policy.SpecialPurposeRanges.Handling.CARRIED;
import static dev.haul.fetch.policy.SpecialPurposeRanges.Handling.REFUSED;
import static dev.haul.fetch.policy.SpecialPurposeRanges.Source.HAUL;
import static dev.haul.fetch.policy.SpecialPurposeRanges.Source.IPV4;
import static dev.haul.fetch.policy.SpecialPurposeRanges.Source.IPV6;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every row of the IANA IPv4 and IPv6 Special-Purpose Address Registries, each one decided, and Haul's own additions
 * that those registries leave out. A fetcher of public web files has no business with any of these addresses, so every
 * row is refused, except the rows whose addresses carry an IPv4 address: those are decided as the carried address is.
 *
 * <p>An allow-list may open a row where an operator's own web server can sit: a private network, this machine, a test
 * lab. It never opens a row that holds credentials (link-local, where the metadata and credential endpoints live), that
 * names no single host (unspecified, multicast, broadcast, anycast services) or that is protocol plumbing rather than
 * hosts (192.0.0.0/24, 2001::/23, relays, AS112, AMT, SRv6, ORCHID, discard, local-use NAT64).
 *
 * <p>Rows nest (192.0.0.0/24 holds 192.0.0.9/32, 2001::/23 holds Teredo's 2001::/32): the most specific row decides.
 * The rows follow the registries as published in 2025, the newest being 100:0:0:1::/64 (RFC 9780).
 */
final class SpecialPurposeRanges {

    /** Where a row comes from. */
    enum Source {
        /** IANA IPv4 Special-Purpose Address Registry. */
        IPV4,
        /** IANA IPv6 Special-Purpose Address Registry. */
        IPV6,
        /** Haul's own: ranges Haul refuses or reads that neither registry lists. */
        HAUL
    }

    /** What Haul does with a row's addresses. */
    enum Handling {
        /** Refused, unless the allow-list covers the address or names the host that resolved to it. */
        REFUSED,
        /** Refused whatever the allow-list says. */
        ALWAYS_REFUSED,
        /** Decided as the IPv4 address it carries would be, allow-list included. */
        CARRIED
    }

    /**
     * One decided range.
     *
     * @param name   the row's name in its registry; for Haul's rows, what the range is
     * @param rfc    the RFC the registry gives for the row (the first, where it gives several)
     * @param rule   the rule that refuses it; {@code null} for a {@link Handling#CARRIED} row
     * @param phrase completes "10.0.0.5 is …"; for a carrying row, the name of the form
     */
    record Row(Cidr cidr, Source source, String name, String rfc, Handling handling, Rule rule, String phrase) {

        boolean allowListMayOpen() {
            return handling == REFUSED;
        }
    }

    private static final List<Row> ROWS = List.of(
            // IPv4. Nothing in "this network" is a host; Linux connects 0.0.0.0 to this machine.
            row(IPV4, "0.0.0.0/8", "\"This network\"", "RFC 791", ALWAYS_REFUSED, Rule.UNSPECIFIED,
                    "an unspecified ('this network') address"),
            row(IPV4, "0.0.0.0/32", "\"This host on this network\"", "RFC 1122", ALWAYS_REFUSED, Rule.UNSPECIFIED,
                    "an unspecified ('this network') address"),
            // The operator's own networks: refused, and what the allow-list is for.
            row(IPV4, "10.0.0.0/8", "Private-Use", "RFC 1918", REFUSED, Rule.PRIVATE, "a private address"),
            row(IPV4, "100.64.0.0/10", "Shared Address Space", "RFC 6598", REFUSED, Rule.CARRIER_GRADE_NAT,
                    "a carrier-grade NAT (shared) address"),
            row(IPV4, "127.0.0.0/8", "Loopback", "RFC 1122", REFUSED, Rule.LOOPBACK, "a loopback address"),
            // On AWS the metadata and credential endpoints live here: never opened.
            row(IPV4, "169.254.0.0/16", "Link Local", "RFC 3927", ALWAYS_REFUSED, Rule.LINK_LOCAL,
                    "a link-local address"),
            row(IPV4, "172.16.0.0/12", "Private-Use", "RFC 1918", REFUSED, Rule.PRIVATE, "a private address"),
            // Protocol assignments: the host's own DS-Lite and NAT64 plumbing, anycast services, and 192.0.0.192, a
            // cloud provider's metadata service. No web server of the operator's lives here.
            row(IPV4, "192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an IETF protocol assignment address (192.0.0.0/24, RFC 6890)"),
            row(IPV4, "192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "a DS-Lite service continuity address (192.0.0.0/29, RFC 7335)"),
            row(IPV4, "192.0.0.8/32", "IPv4 dummy address", "RFC 7600", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "the IPv4 dummy address (192.0.0.8/32, RFC 7600)"),
            row(IPV4, "192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "the Port Control Protocol anycast address (192.0.0.9/32, RFC 7723)"),
            row(IPV4, "192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "the TURN anycast address (192.0.0.10/32, RFC 8155)"),
            row(IPV4, "192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "a NAT64 discovery address (192.0.0.170/32, RFC 8880)"),
            row(IPV4, "192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "a NAT64 discovery address (192.0.0.171/32, RFC 8880)"),
            // Documentation and benchmarking: never on the internet, but test labs number hosts from them.
            row(IPV4, "192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", REFUSED, Rule.DOCUMENTATION,
                    "a documentation address (192.0.2.0/24, RFC 5737)"),
            // AS112 DNS sinks, AMT relays and the 6to4/6a44 relays are services run by others, not web servers.
            row(IPV4, "192.31.196.0/24", "AS112-v4", "RFC 7535", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an AS112 DNS sink address (192.31.196.0/24, RFC 7535)"),
            row(IPV4, "192.52.193.0/24", "AMT", "RFC 7450", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an AMT relay address (192.52.193.0/24, RFC 7450)"),
            row(IPV4, "192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "a former 6to4 relay anycast address (192.88.99.0/24, RFC 7526)"),
            row(IPV4, "192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "the 6a44 relay anycast address (192.88.99.2/32, RFC 6751)"),
            row(IPV4, "192.168.0.0/16", "Private-Use", "RFC 1918", REFUSED, Rule.PRIVATE, "a private address"),
            row(IPV4, "192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "an AS112 DNS sink address (192.175.48.0/24, RFC 7534)"),
            row(IPV4, "198.18.0.0/15", "Benchmarking", "RFC 2544", REFUSED, Rule.BENCHMARKING,
                    "a benchmarking address (198.18.0.0/15, RFC 2544)"),
            row(IPV4, "198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", REFUSED, Rule.DOCUMENTATION,
                    "a documentation address (198.51.100.0/24, RFC 5737)"),
            row(IPV4, "203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", REFUSED, Rule.DOCUMENTATION,
                    "a documentation address (203.0.113.0/24, RFC 5737)"),
            // Not routed on the internet, but some networks number hosts (Kubernetes pods) from it.
            row(IPV4, "240.0.0.0/4", "Reserved", "RFC 1112", REFUSED, Rule.RESERVED,
                    "a reserved address (240.0.0.0/4, RFC 1112)"),
            row(IPV4, "255.255.255.255/32", "Limited Broadcast", "RFC 919", ALWAYS_REFUSED, Rule.BROADCAST,
                    "the broadcast address"),

            // IPv6
            row(IPV6, "::1/128", "Loopback Address", "RFC 4291", REFUSED, Rule.LOOPBACK, "a loopback address"),
            row(IPV6, "::/128", "Unspecified Address", "RFC 4291", ALWAYS_REFUSED, Rule.UNSPECIFIED,
                    "the unspecified address"),
            // Forms that carry an IPv4 address and reach it: decided by that address.
            row(IPV6, "::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", CARRIED, null, "IPv4-mapped"),
            row(IPV6, "64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", CARRIED, null, "NAT64"),
            // A local NAT64 may put the IPv4 address anywhere in it, the metadata service's included: never opened.
            row(IPV6, "64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", ALWAYS_REFUSED, Rule.PRIVATE,
                    "a private (local-use NAT64) address"),
            // Traffic here is dropped by design.
            row(IPV6, "100::/64", "Discard-Only Address Block", "RFC 6666", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "a discard-only address (100::/64, RFC 6666)"),
            row(IPV6, "100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "a dummy address (100:0:0:1::/64, RFC 9780)"),
            // Protocol assignments, like 192.0.0.0/24; Teredo inside it carries an IPv4 address and is decided by it.
            row(IPV6, "2001::/23", "IETF Protocol Assignments", "RFC 2928", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an IETF protocol assignment address (2001::/23, RFC 2928)"),
            row(IPV6, "2001::/32", "TEREDO", "RFC 4380", CARRIED, null, "Teredo"),
            row(IPV6, "2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "the Port Control Protocol anycast address (2001:1::1/128, RFC 7723)"),
            row(IPV6, "2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "the TURN anycast address (2001:1::2/128, RFC 8155)"),
            row(IPV6, "2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "the DNS-SD service registration anycast address (2001:1::3/128, RFC 9665)"),
            row(IPV6, "2001:2::/48", "Benchmarking", "RFC 5180", REFUSED, Rule.BENCHMARKING,
                    "a benchmarking address (2001:2::/48, RFC 5180)"),
            row(IPV6, "2001:3::/32", "AMT", "RFC 7450", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an AMT relay address (2001:3::/32, RFC 7450)"),
            row(IPV6, "2001:4:112::/48", "AS112-v6", "RFC 7535", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an AS112 DNS sink address (2001:4:112::/48, RFC 7535)"),
            // Identifiers, not locators: no host is reached at one.
            row(IPV6, "2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "a former ORCHID identifier (2001:10::/28, RFC 4843)"),
            row(IPV6, "2001:20::/28", "ORCHIDv2", "RFC 7343", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "an ORCHIDv2 identifier (2001:20::/28, RFC 7343)"),
            row(IPV6, "2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374",
                    ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE, "a drone remote ID entity tag (2001:30::/28, RFC 9374)"),
            row(IPV6, "2001:db8::/32", "Documentation", "RFC 3849", REFUSED, Rule.DOCUMENTATION,
                    "a documentation address (2001:db8::/32, RFC 3849)"),
            row(IPV6, "2002::/16", "6to4", "RFC 3056", CARRIED, null, "6to4"),
            row(IPV6, "2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", ALWAYS_REFUSED,
                    Rule.SPECIAL_PURPOSE, "an AS112 DNS sink address (2620:4f:8000::/48, RFC 7534)"),
            row(IPV6, "3fff::/20", "Documentation", "RFC 9637", REFUSED, Rule.DOCUMENTATION,
                    "a documentation address (3fff::/20, RFC 9637)"),
            // Router segment identifiers inside an operator's segment routing domain, not hosts.
            row(IPV6, "5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", ALWAYS_REFUSED, Rule.SPECIAL_PURPOSE,
                    "a segment routing (SRv6) SID (5f00::/16, RFC 9602)"),
            // Holds fd00:ec2::254 and fd00:ec2::23, which KnownEndpoints keeps shut.
            row(IPV6, "fc00::/7", "Unique-Local", "RFC 4193", REFUSED, Rule.PRIVATE,
                    "a private (unique local) address"),
            row(IPV6, "fe80::/10", "Link-Local Unicast", "RFC 4291", ALWAYS_REFUSED, Rule.LINK_LOCAL,
                    "a link-local address"),

            // Haul's own additions: in other IANA registries, not in the special-purpose ones.
            row(HAUL, "224.0.0.0/4", "Multicast", "RFC 5771", ALWAYS_REFUSED, Rule.MULTICAST, "a multicast address"),
            row(HAUL, "ff00::/8", "Multicast", "RFC 4291", ALWAYS_REFUSED, Rule.MULTICAST, "a multicast address"),
            row(HAUL, "fec0::/10", "Site-local (deprecated)", "RFC 3879", REFUSED, Rule.PRIVATE,
                    "a private (site-local) address"),
            row(HAUL, "::/96", "IPv4-compatible (deprecated)", "RFC 4291", CARRIED, null, "IPv4-compatible"),
            row(HAUL, "::ffff:0:0:0/96", "IPv4-translated", "RFC 2765", CARRIED, null, "IPv4-translated"));

    private static final List<Row> MOST_SPECIFIC_FIRST = ROWS.stream()
            .sorted(Comparator.comparingInt((Row row) -> row.cidr().prefixLength()).reversed())
            .toList();

    private SpecialPurposeRanges() {}

    /** The rows in registry order. */
    static List<Row> rows() {
        return ROWS;
    }

    /** The most specific row holding the address; empty for an address no row holds, which is fetched. */
    static Optional<Row> find(InetAddress address) {
        for (Row row : MOST_SPECIFIC_FIRST) {
            if (row.cidr().contains(address)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    private static Row row(Source source, String cidr, String name, String rfc, Handling handling, Rule rule,
            String phrase) {
        return new Row(Cidr.parse(cidr), source, name, rfc, handling, rule, phrase);
    }
}
