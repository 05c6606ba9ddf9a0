package dev.haul.fetch.policy;

/**
 * The host and port of a URL, read from the raw authority text. {@link java.net.URI#getHost} is not enough: it is
 * {@code null} for hosts that clients accept ({@code 127.1}, {@code 0x7f.0.0.1}, {@code %31%32%37.0.0.1},
 * {@code a_b.example}), and a policy that skipped those would skip exactly the tricky ones.
 *
 * @param host the host as written, brackets kept for IPv6, not yet decoded or normalised
 * @param port the port, or -1 when none is written
 */
record UrlAuthority(String host, int port) {

    private static final int MAX_PORT = 65_535;

    /** Reads {@code [userinfo@]host[:port]}; throws {@link IllegalArgumentException} with the reason when it cannot. */
    static UrlAuthority parse(String rawAuthority) {
        if (rawAuthority == null || rawAuthority.isEmpty()) {
            throw new IllegalArgumentException("the URL has no host");
        }
        // The host starts after the LAST '@', as browsers read it; "a@b@c" is host c.
        String hostPort = rawAuthority.substring(rawAuthority.lastIndexOf('@') + 1);
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

    /** Empty means the scheme's default, as in {@code http://host:/}. Leading zeros are allowed, as browsers allow. */
    private static int port(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (!Ipv4Text.allDigits(digits, 10)) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (digits.length() > 5 || Integer.parseInt(digits) > MAX_PORT || Integer.parseInt(digits) == 0) {
            throw new IllegalArgumentException("port " + text + " is outside 1-65535");
        }
        return Integer.parseInt(digits);
    }
}
