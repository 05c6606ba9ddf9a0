package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import dev.haul.model.UrlAuthority;

/**
 * The SSRF guard: decides whether Haul may fetch a URL, and if so, which address to connect to.
 *
 * <p>Haul runs with AWS credentials inside an AWS network, and its URL lists come from outside. Without this check a
 * URL such as {@code http://169.254.169.254/latest/meta-data/iam/...} (or one of its many spellings, or a name that
 * resolves there) would copy the function's credentials into S3 for whoever wrote the list.
 *
 * <p>The check runs in this order, and the first rule that fails refuses the URL:
 * <ol>
 *   <li>the scheme is http or https;</li>
 *   <li>the host is read as a browser reads it ({@link AddressParser}); numeric spellings never reach DNS;</li>
 *   <li>a name is resolved to all its addresses, and every one of them must pass, since a client may use any;</li>
 *   <li>no address may be the Lambda Runtime API, whatever the allow-list says;</li>
 *   <li>no address may be in a special-purpose range ({@link SpecialPurposeRanges}: private, loopback, link-local,
 *       documentation, protocol ranges and the rest of the IANA registries), and an IPv6 form carrying an IPv4
 *       address is checked as that address. The operator's allow-list, by covering the address or naming the host,
 *       opens only the private, loopback, test and reserved ranges, never link-local addresses, the metadata and
 *       credential endpoints, multicast, broadcast or protocol ranges.</li>
 * </ol>
 *
 * <p>Redirects are new URLs: each hop is checked again. The HTTP client resolves the name again when it connects,
 * and a hostile DNS server may answer it with another address (DNS rebinding), so the address each connection
 * really reached is checked too, with {@link #checkPeer}, before any request byte is written. {@link #check} may
 * block on DNS; call it off the event loop.
 */
public final class UrlPolicy {

    private final HostResolver resolver;
    private final AllowList allowList;
    private final RangeCheck ranges;
    private final RuntimeApiGuard runtimeApi;

    /** Reads the settings now, so a bad allow-list entry or runtime API value fails at start-up. */
    public UrlPolicy(UrlPolicySettings settings, HostResolver resolver) {
        this.resolver = resolver;
        this.allowList = AllowList.parse(settings.allow());
        this.ranges = new RangeCheck(allowList);
        this.runtimeApi = RuntimeApiGuard.parse(settings.runtimeApis(), resolver);
    }

    public UrlPolicy(UrlPolicySettings settings) {
        this(settings, HostResolver.system());
    }

    public Decision check(URI url) {
        Optional<UrlSyntax.Problem> problem = UrlSyntax.problem(url);
        if (problem.isPresent()) {
            return refused(url, problem.get().rule(), problem.get().reason());
        }
        // The syntax check above has read both; neither can fail now.
        UrlAuthority authority = UrlAuthority.parse(url.getRawAuthority());
        ParsedHost host = AddressParser.parse(authority.host());
        int port = authority.port() >= 0
                ? authority.port()
                : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        if (host instanceof ParsedHost.Literal literal) {
            return checkLiteral(url, authority.host(), literal.address(), port);
        }
        return checkName(url, ((ParsedHost.Name) host).name(), port);
    }

    private Decision checkLiteral(URI url, String written, InetAddress address, int port) {
        String shown = AddressText.of(address);
        if (runtimeApi.blocks(address, port)) {
            return refused(url, Rule.RUNTIME_API,
                    literalSentence(written, shown, shown + ":" + port, runtimeApi.describe(address, port)));
        }
        Optional<RangeCheck.Refusal> refusal = ranges.refusal(address, false);
        if (refusal.isPresent()) {
            RangeCheck.Refusal r = refusal.get();
            return refused(url, r.rule(), literalSentence(written, shown, r.address(), r.phrase()));
        }
        return new Decision.Allowed(url, shown, new InetSocketAddress(address, port));
    }

    /**
     * "127.0.0.1 is a loopback address" when the host was written plainly; "host '0x7f.1' is 127.0.0.1, a loopback
     * address" when it was not, which shows the reader how an odd spelling was understood.
     */
    private static String literalSentence(String written, String canonical, String subject, String predicate) {
        String bare = written.startsWith("[") ? written.substring(1, written.length() - 1) : written;
        if (bare.equalsIgnoreCase(canonical)) {
            return subject + " is " + predicate;
        }
        return "host '" + written + "' is " + subject + ", " + predicate;
    }

    private Decision checkName(URI url, String name, int port) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return refused(url, Rule.UNRESOLVED, "host '" + name + "' did not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            return refused(url, Rule.UNRESOLVED, "host '" + name + "' resolved to no address");
        }
        return checkAddresses(url, name, addresses, port);
    }

    private Decision checkAddresses(URI url, String name, List<InetAddress> addresses, int port) {
        boolean nameAllowed = allowList.allowsName(name);
        for (InetAddress address : addresses) {
            if (runtimeApi.blocks(address, port)) {
                return refused(url, Rule.RUNTIME_API, "host '" + name + "' resolves to " + AddressText.of(address)
                        + ", and port " + port + " there is " + runtimeApi.describe(address, port));
            }
            Optional<RangeCheck.Refusal> refusal = ranges.refusal(address, nameAllowed);
            if (refusal.isPresent()) {
                RangeCheck.Refusal r = refusal.get();
                return refused(url, r.rule(), "host '" + name + "' resolves to " + r.address() + ", " + r.phrase());
            }
        }
        // Every address passed; the first is the one a client would try first.
        return new Decision.Allowed(url, name, new InetSocketAddress(addresses.get(0), port));
    }

    /**
     * Checks the address a connection for {@code url} actually reached, {@code peer}, with the same rules as
     * {@link #check}, and says why it is refused, if it is. The HTTP client resolves host names itself, and a hostile
     * DNS server can answer it differently than it answered {@link #check}; this catches that, before any byte of
     * the request is written. The reason reads as {@link #check}'s would for that address, so a report does not tell
     * whether a connection to it was made. Never blocks.
     */
    public Optional<Decision.Refused> checkPeer(URI url, InetAddress peer, int port) {
        return checkPeer(url, UrlAuthority.parse(url.getRawAuthority()).host(), peer, port);
    }

    /** As {@link #checkPeer(URI, InetAddress, int)}, for a URL known by its host alone (as written in it). */
    public Optional<Decision.Refused> checkPeer(String host, InetAddress peer, int port) {
        String written = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return checkPeer(URI.create("http://" + written + "/"), written, peer, port);
    }

    private Optional<Decision.Refused> checkPeer(URI url, String written, InetAddress peer, int port) {
        ParsedHost host = AddressParser.parse(written);
        Decision decision = host instanceof ParsedHost.Name name
                ? checkAddresses(url, name.name(), List.of(peer), port)
                : checkLiteral(url, written, peer, port);
        return decision instanceof Decision.Refused refused ? Optional.of(refused) : Optional.empty();
    }

    private static Decision refused(URI url, Rule rule, String reason) {
        return new Decision.Refused(url, rule, reason);
    }
}
