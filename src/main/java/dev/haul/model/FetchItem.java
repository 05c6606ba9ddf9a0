package dev.haul.model;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One URL to fetch. {@code key} is the object key the caller asked for, when it asked for one; {@code headers} are
 * extra request headers sent to the origin.
 */
public record FetchItem(URI url, Optional<String> key, Map<String, String> headers) {

    public FetchItem {
        headers = Map.copyOf(headers);
    }

    /** {@code host} or {@code host:port}: the unit of the per-host concurrency limit. */
    public String hostKey() {
        String host = UrlAuthority.hostOf(url);
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }
}
