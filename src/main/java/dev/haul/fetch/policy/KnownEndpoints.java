package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints that clouds serve inside the special-purpose ranges, named in refusals so that an operator sees at once
 * why one matters. The credential ones are the reason the URL policy exists, so no allow-list entry opens any of
 * them, even where the range around them may be opened (fd00:ec2::254 sits in the unique local range fc00::/7).
 */
final class KnownEndpoints {

    private static final Map<InetAddress, String> NAMES = Map.of(
            address("169.254.169.254"), "the instance metadata service",
            address("fd00:ec2::254"), "the instance metadata service",
            address("169.254.170.2"), "the container credentials endpoint",
            address("169.254.170.23"), "the EKS Pod Identity credentials endpoint",
            address("fd00:ec2::23"), "the EKS Pod Identity credentials endpoint",
            address("169.254.169.253"), "the Amazon DNS server",
            address("169.254.169.123"), "the Amazon Time Sync Service",
            address("192.0.0.192"), "a cloud provider's metadata service");

    private KnownEndpoints() {}

    static Optional<String> name(InetAddress address) {
        return Optional.ofNullable(NAMES.get(address));
    }

    private static InetAddress address(String text) {
        return AddressParser.parseAddress(text);
    }
}
