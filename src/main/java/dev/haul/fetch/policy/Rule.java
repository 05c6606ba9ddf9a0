package dev.haul.fetch.policy;

/**
 * The rule that refused a URL: what a report or metric groups refusals by. The message says the details.
 * {@link SpecialPurposeRanges} lists which range falls under which rule.
 */
public enum Rule {
    /** Not http or https. */
    SCHEME,
    /** No host, a host that is neither a valid address nor a valid name, or a port outside 1–65535. */
    MALFORMED,
    /** The name did not resolve, so there is no address to check. */
    UNRESOLVED,
    /** The Lambda Runtime API; refused even when the operator allows loopback. */
    RUNTIME_API,
    /** 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local), fec0::/10 (site-local), 64:ff9b:1::/48. */
    PRIVATE,
    /** 169.254/16 and fe80::/10: on AWS, where the metadata and credentials endpoints live. Never opened. */
    LINK_LOCAL,
    /** 100.64/10, shared address space behind carrier-grade NAT. */
    CARRIER_GRADE_NAT,
    /** 0.0.0.0/8 and ::. Connecting to them reaches the local machine on Linux. Never opened. */
    UNSPECIFIED,
    /** 224/4 and ff00::/8. Never opened. */
    MULTICAST,
    /** 255.255.255.255. Never opened. */
    BROADCAST,
    /** 240.0.0.0/4, reserved and not routed on the internet. */
    RESERVED,
    /** 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 and 3fff::/20: for examples, never on the internet. */
    DOCUMENTATION,
    /** 198.18/15 and 2001:2::/48: for benchmarking networks, never on the internet. */
    BENCHMARKING,
    /**
     * The other special-purpose ranges: protocol assignments (192.0.0.0/24, 2001::/23), anycast services, relays,
     * AS112, AMT, ORCHID identifiers, discard-only and dummy prefixes, SRv6 SIDs. No web server lives there, and
     * 192.0.0.192 is a cloud provider's metadata service. Never opened.
     */
    SPECIAL_PURPOSE
}
