package dev.haul.model;

import java.net.URI;
import java.util.Locale;

/**
 * The host and port of a URL, read from the raw authority text: the one parser of URL authorities in Haul.
 * {@link URI#getHost} is not enough: it is {@code null} for hosts that clients accept ({@code 127.1},
 * {@code 0x7f.0.0.1}, {@code %31%32%37.0.0.1}, {@code a_b.example}), and a policy that skipped those would skip exactly
 * the tricky ones.
 *
 * @param host the host as written, brackets kept for IPv6, not yet decoded or normalised
 * @param port the port, or -1 when none is written
 */
public record UrlAuthority(String host, int port) {

    private static final int MAX_PORT = 65_535;

    /** Reads {@code [userinfo@]host[:port]}; throws {@link IllegalArgumentException} with the reason when it cannot. */
    public static UrlAuthority parse(String rawAuthority) {
        if (rawAuthority == null || rawAuthority.isEmpty()) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (rawAuthority.indexOf('@') != rawAuthority.lastIndexOf('@')) {
            // Browsers take the host after the last '@', some HTTP clients after the first: refuse what they read
            // differently, so the host that is checked is the host that is reached.
            throw new IllegalArgumentException("the authority has more than one '@' (user-info must encode it as %40)");
        }
        String hostPort = hostPort(rawAuthority);
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("host '" + hostPort + "' has no closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected text after host " + host);
            }
            portText = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the URL has no host");
        }
        return new UrlAuthority(host, port(portText));
    }

    /**
     * The lower-cased host of a URL as written (brackets kept for IPv6), also where {@link URI#getHost} gives up; the
     * authority's text when even that cannot be read (the URL policy then refuses it with the reason), {@code null}
     * when the URL has no authority at all.
     */
    public static String hostOf(URI url) {
        if (url.getHost() != null) {
            return url.getHost().toLowerCase(Locale.ROOT);
        }
        if (url.getRawAuthority() == null) {
            return null;
        }
        try {
            return parse(url.getRawAuthority()).host().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException unreadable) {
            return hostPort(url.getRawAuthority()).toLowerCase(Locale.ROOT);
        }
    }

    /** The host starts after the LAST '@', as browsers read it; "a@b@c" is host c. */
    private static String hostPort(String rawAuthority) {
        return rawAuthority.substring(rawAuthority.lastIndexOf('@') + 1);
    }

    /** Empty means the scheme's default, as in {@code http://host:/}. Leading zeros are allowed, as browsers allow. */
    private static int port(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (digits.length() > 5 || Integer.parseInt(digits) > MAX_PORT || Integer.parseInt(digits) == 0) {
            throw new IllegalArgumentException("port " + text + " is outside 1-65535");
        }
        return Integer.parseInt(digits);
    }
}
