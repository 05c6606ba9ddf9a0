package dev.haul.fetch;

import java.net.URI;
import java.util.Locale;

/**
 * The host of a URL as written. {@link URI#getHost()} answers {@code null} for spellings such as {@code 127.1} or
 * {@code 0x7f.0.0.1}, which must still reach the URL policy to be judged (and refused), so this falls back to the raw
 * authority.
 */
public final class UrlHosts {

    private UrlHosts() {}

    public static String host(URI url) {
        if (url.getHost() != null) {
            return url.getHost().toLowerCase(Locale.ROOT);
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(0, end + 1).toLowerCase(Locale.ROOT);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon >= 0 && hostPort.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? hostPort.substring(0, colon)
                : hostPort;
        return host.toLowerCase(Locale.ROOT);
    }
}
