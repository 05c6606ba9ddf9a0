package dev.haul.fetch;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Makes the headers of an origin request exactly the ones Haul asked for. The REST Client adds an
 * {@code Accept: *}{@code /*} of its own and merges a caller's {@code Accept} (and {@code User-Agent}) with its
 * defaults instead of replacing them; an origin that serves by content negotiation must see what the item said, or
 * nothing.
 */
final class ItemHeaders implements ClientRequestFilter {

    private final String userAgent;

    ItemHeaders(String userAgent) {
        this.userAgent = userAgent;
    }

    @Override
    public void filter(ClientRequestContext request) {
        OriginExchange exchange = OriginExchange.current();
        if (exchange == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = request.getHeaders();
        headers.keySet().removeIf(ItemHeaders::defaulted);
        headers.putSingle("User-Agent", userAgent);
        exchange.headers().forEach((name, value) -> {
            if (defaulted(name)) {
                headers.keySet().removeIf(name::equalsIgnoreCase);
                headers.putSingle(name, value);
            }
        });
    }

    private static boolean defaulted(String name) {
        return name.equalsIgnoreCase("Accept") || name.equalsIgnoreCase("User-Agent");
    }
}
