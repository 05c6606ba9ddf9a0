package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.haul.model.UrlAuthority;

/**
 * Keeps fetched URLs away from the Lambda Runtime API ({@code AWS_LAMBDA_RUNTIME_API}, usually 127.0.0.1:9001). A
 * request there could fetch the next invocation's event or post a response in the function's name, so this holds
 * even when the operator allows loopback.
 *
 * <p>In dev and test mode Quarkus runs a mock of that API, the mock event server, on a port of its own; it is guarded
 * the same way, since a URL there could take the next queued event.
 *
 * <p>When the API listens on a local address, any local address on its port is refused: 127.0.0.2, 0.0.0.0 and
 * {@code ::ffff:127.0.0.1} can all reach a socket listening on 127.0.0.1 or on every interface.
 */
final class RuntimeApiGuard {

    /** One Runtime API endpoint: the addresses its host stands for, its port, and how it was written. */
    private record Endpoint(List<InetAddress> addresses, int port, String text) {}

    private final List<Endpoint> endpoints;

    private RuntimeApiGuard(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Reads each {@code host:port} (a path after it, as Quarkus's mock event server address has, is ignored); a name
     * is resolved once, now, so a misconfiguration fails at start-up.
     */
    static RuntimeApiGuard parse(List<String> hostPorts, HostResolver resolver) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String hostPort : hostPorts) {
            endpoints.add(endpoint(hostPort, resolver));
        }
        return new RuntimeApiGuard(endpoints);
    }

    private static Endpoint endpoint(String hostPort, HostResolver resolver) {
        String text = hostPort.strip();
        int slash = text.indexOf('/');
        String authorityText = slash < 0 ? text : text.substring(0, slash);
        UrlAuthority authority;
        try {
            authority = UrlAuthority.parse(authorityText);
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
        return new Endpoint(addresses, authority.port(), authorityText);
    }

    /** The endpoint {@code candidate:candidatePort} reaches, if it reaches one. */
    private Optional<Endpoint> reached(InetAddress candidate, int candidatePort) {
        InetAddress target = unwrapped(candidate);
        for (Endpoint endpoint : endpoints) {
            if (endpoint.port() != candidatePort) {
                continue;
            }
            for (InetAddress api : endpoint.addresses()) {
                InetAddress apiTarget = unwrapped(api);
                if (apiTarget.equals(target) || isLocal(apiTarget) && isLocal(target)) {
                    return Optional.of(endpoint);
                }
            }
        }
        return Optional.empty();
    }

    boolean blocks(InetAddress candidate, int candidatePort) {
        return reached(candidate, candidatePort).isPresent();
    }

    /** How the refusal names what the address reaches: "the Lambda Runtime API (127.0.0.1:9001)". */
    String describe(InetAddress candidate, int candidatePort) {
        return reached(candidate, candidatePort).map(e -> "the Lambda Runtime API (" + e.text() + ")")
                .orElse("the Lambda Runtime API");
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
