package dev.haul.fetch;

import java.util.Map;

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

    /** The headers the client sets by itself; every other one comes from the call alone. */
    private static final String[] DEFAULTED = {"Accept", "User-Agent"};

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
        for (String name : DEFAULTED) {
            headers.keySet().removeIf(name::equalsIgnoreCase);
        }
        headers.putSingle("User-Agent", userAgent);
        for (Map.Entry<String, String> header : exchange.headers().entrySet()) {
            for (String name : DEFAULTED) {
                if (name.equalsIgnoreCase(header.getKey())) {
                    headers.keySet().removeIf(name::equalsIgnoreCase);
                    headers.putSingle(header.getKey(), header.getValue());
                }
            }
        }
    }
}
