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
 * <p>The answer carries the checked address. The caller connects there and nowhere else, so a second DNS answer
 * (DNS rebinding) cannot send the request somewhere that was never checked. Redirects are new URLs: each hop is
 * checked again. {@link #check} may block on DNS; call it off the event loop.
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

    private static Decision refused(URI url, Rule rule, String reason) {
        return new Decision.Refused(url, rule, reason);
    }
}
