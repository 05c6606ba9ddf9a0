package dev.haul.model;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One URL to fetch. {@code key} is the object key the caller asked for, when it asked for one; {@code headers} are
 * extra request headers sent to the origin; {@code sha256} is the body's SHA-256 (lower-case hex) when the caller
 * knows it: a body that hashes otherwise is not kept.
 */
public record FetchItem(URI url, Optional<String> key, Map<String, String> headers, Optional<String> sha256) {

    public FetchItem {
        headers = Map.copyOf(headers);
    }

    /** An item with nothing but its URL, key and headers. */
    public FetchItem(URI url, Optional<String> key, Map<String, String> headers) {
        this(url, key, headers, Optional.empty());
    }

    /** {@code host} or {@code host:port}: the unit of the per-host concurrency limit. */
    public String hostKey() {
        String host = UrlAuthority.hostOf(url);
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }
}
