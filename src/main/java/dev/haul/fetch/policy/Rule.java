package dev.haul.fetch.policy;

/** The rule that refused a URL: what a report or metric groups refusals by. The message says the details. */
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
    /** 169.254/16 and fe80::/10: on AWS, where the metadata and credentials endpoints live. */
    LINK_LOCAL,
    /** 100.64/10, shared address space behind carrier-grade NAT. */
    CARRIER_GRADE_NAT,
    /** 0.0.0.0/8 and ::. Connecting to them reaches the local machine on Linux. */
    UNSPECIFIED,
    /** 224/4 and ff00::/8. */
    MULTICAST,
    /** 255.255.255.255. */
    BROADCAST,
    /** 240.0.0.0/4, reserved and not routed on the internet. */
    RESERVED
}
