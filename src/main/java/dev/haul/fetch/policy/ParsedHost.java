package dev.haul.fetch.policy;

import java.net.InetAddress;

/**
 * What the host part of a URL turned out to be once read the way a browser reads it. A {@link Literal} is never
 * looked up in DNS; only a {@link Name} reaches the {@link HostResolver}.
 */
public sealed interface ParsedHost {

    /** An IP address written in any accepted spelling; {@code address} is the one it denotes. */
    record Literal(InetAddress address) implements ParsedHost {}

    /** A DNS name, lower-case ASCII without a trailing dot, ready for the resolver and the allow-list. */
    record Name(String name) implements ParsedHost {}

    /** Text that is neither; {@code reason} says why, for the refusal message. */
    record Invalid(String reason) implements ParsedHost {}
}
