package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import dev.haul.model.UrlAuthority;

/**
 * Keeps fetched URLs away from the Lambda Runtime API ({@code AWS_LAMBDA_RUNTIME_API}, usually 127.0.0.1:9001). A
 * request there could fetch the next invocation's event or post a response in the function's name, so this holds
 * even when the operator allows loopback.
 *
 * <p>When the API listens on a local address, any local address on its port is refused: 127.0.0.2, 0.0.0.0 and
 * {@code ::ffff:127.0.0.1} can all reach a socket listening on 127.0.0.1 or on every interface.
 */
final class RuntimeApiGuard {

    private final List<InetAddress> addresses;
    private final int port;
    private final String text;

    private RuntimeApiGuard(List<InetAddress> addresses, int port, String text) {
        this.addresses = addresses;
        this.port = port;
        this.text = text;
    }

    static RuntimeApiGuard none() {
        return new RuntimeApiGuard(List.of(), -1, "");
    }

    /** Reads {@code host:port}; a name is resolved once, now, so a misconfiguration fails at start-up. */
    static RuntimeApiGuard parse(Optional<String> hostPort, HostResolver resolver) {
        if (hostPort.isEmpty()) {
            return none();
        }
        String text = hostPort.get().strip();
        UrlAuthority authority;
        try {
            authority = UrlAuthority.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Lambda Runtime API '" + text + "': " + e.getMessage(), e);
        }
        if (authority.port() < 0) {
            throw new IllegalArgumentException("Lambda Runtime API '" + text + "' has no port");
        }
        ParsedHost host = AddressParser.parse(authority.host());
        List<InetAddress> addresses;
        if (host instanceof ParsedHost.Literal literal) {
            addresses = List.of(literal.address());
        } else if (host instanceof ParsedHost.Name name) {
            try {
                addresses = List.copyOf(resolver.resolve(name.name()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Lambda Runtime API host '" + name.name() + "' did not resolve", e);
            }
        } else {
            String reason = ((ParsedHost.Invalid) host).reason();
            throw new IllegalArgumentException("Lambda Runtime API '" + text + "': " + reason);
        }
        return new RuntimeApiGuard(addresses, authority.port(), text);
    }

    boolean blocks(InetAddress candidate, int candidatePort) {
        if (candidatePort != port) {
            return false;
        }
        InetAddress target = unwrapped(candidate);
        for (InetAddress api : addresses) {
            InetAddress apiTarget = unwrapped(api);
            if (apiTarget.equals(target) || isLocal(apiTarget) && isLocal(target)) {
                return true;
            }
        }
        return false;
    }

    /** How the refusal names it: "the Lambda Runtime API (127.0.0.1:9001)". */
    String describe() {
        return "the Lambda Runtime API (" + text + ")";
    }

    private static InetAddress unwrapped(InetAddress address) {
        return Ipv4Embedding.of(address).<InetAddress>map(Ipv4Embedding.Embedded::ipv4).orElse(address);
    }

    /** Addresses that reach this machine: loopback, and the unspecified 0.0.0.0/8 and ::, which Linux treats alike. */
    private static boolean isLocal(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || (address.getAddress().length == 4
                && address.getAddress()[0] == 0);
    }
}
