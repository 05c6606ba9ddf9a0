package dev.haul.fetch.policy;

import java.net.InetSocketAddress;
import java.net.URI;

/** The policy's answer for one URL: it may be fetched, or why not. */
public sealed interface Decision permits Decision.Allowed, Decision.Refused {

    URI url();

    /**
     * The URL may be fetched: every address of its host passed. The HTTP client resolves the host again when it
     * connects, and may get another answer; the address it reaches is checked again ({@link UrlPolicy#checkPeer}).
     *
     * @param host         the host as the policy read it: a lower-case name without a trailing dot, or the address
     * @param firstChecked the first address checked, with the port (the scheme's default when the URL has none);
     *                     for reading only, since the connection goes wherever the client's own lookup leads
     */
    record Allowed(URI url, String host, InetSocketAddress firstChecked) implements Decision {}

    /**
     * The URL must not be fetched.
     *
     * @param rule   the rule that refused it
     * @param reason one sentence for the report, naming the address and the rule, e.g.
     *               "169.254.169.254 is a link-local address (the instance metadata service)"; never the full URL,
     *               whose query string may carry secrets
     */
    record Refused(URI url, Rule rule, String reason) implements Decision {}
}
