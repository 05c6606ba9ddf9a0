package dev.haul.fetch.policy;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import dev.haul.model.UrlAuthority;

/**
 * What can be said about a URL without the network: an http(s) scheme, an authority that reads one way only (one
 * {@code @} at most, a port in 1–65535) and a host that is a valid address or name. The batch parser uses it to refuse
 * a batch before anything is fetched, the redirect follower to name what is wrong with a Location, and
 * {@link UrlPolicy} as its first steps.
 */
public final class UrlSyntax {

    private UrlSyntax() {}

    /** Why a URL can never be fetched: {@link Rule#SCHEME} or {@link Rule#MALFORMED}, and the sentence saying so. */
    public record Problem(Rule rule, String reason) {}

    /** Why {@code url} can never be fetched, or empty when its syntax is fine. */
    public static Optional<Problem> problem(URI url) {
        String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            return Optional.of(new Problem(Rule.SCHEME, "the URL has no scheme (only http and https are allowed)"));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(new Problem(Rule.SCHEME, "scheme '" + scheme
                    + "' is not allowed (only http and https are)"));
        }
        UrlAuthority authority;
        try {
            authority = UrlAuthority.parse(url.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return Optional.of(new Problem(Rule.MALFORMED, e.getMessage()));
        }
        if (AddressParser.parse(authority.host()) instanceof ParsedHost.Invalid invalid) {
            return Optional.of(new Problem(Rule.MALFORMED, invalid.reason()));
        }
        return Optional.empty();
    }
}
