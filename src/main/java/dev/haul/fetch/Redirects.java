package dev.haul.fetch;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.haul.fetch.policy.UrlSyntax;
import dev.haul.model.FailureKind;
import dev.haul.model.HeaderNames;
import dev.haul.model.Redaction;
import dev.haul.model.TransferException;
import dev.haul.model.UrlAuthority;

/**
 * The redirects of one request, followed by Haul itself so that the URL policy sees every hop: each target must be an
 * http(s) URL given in a Location, must not lead back to a URL already visited, and at most {@value #MAX} are
 * followed. Credentials meant for one host ({@code haul.fetch.credential-headers}) never travel to another.
 */
final class Redirects {

    static final int MAX = 5;

    private final Set<URI> visited = new HashSet<>();
    private int followed;

    Redirects(URI first) {
        visited.add(first);
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Where {@code from}'s redirect leads; fails as {@code redirect} when it may not be followed. */
    URI next(URI from, String location, int status) {
        URI next = target(from, location, status);
        if (followed >= MAX) {
            throw new TransferException(FailureKind.REDIRECT, "more than " + MAX + " redirects", status, null);
        }
        if (!visited.add(next)) {
            throw new TransferException(FailureKind.REDIRECT, "redirect loop back to " + Redaction.forLog(next),
                    status, null);
        }
        followed++;
        return next;
    }

    /** The request headers for the next hop: all of them on the same origin, without credentials elsewhere. */
    static Map<String, String> headersFor(URI from, URI to, Map<String, String> headers, HeaderNames credentials) {
        boolean sameHost = UrlAuthority.hostOf(from).equals(UrlAuthority.hostOf(to)) && from.getPort() == to.getPort()
                && from.getScheme().equalsIgnoreCase(to.getScheme());
        if (sameHost) {
            return headers;
        }
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(credentials::matches);
        return kept;
    }

    private static URI target(URI from, String location, int status) {
        if (location == null || location.isBlank()) {
            throw new TransferException(FailureKind.REDIRECT, "redirect " + status + " without a Location header",
                    status, null);
        }
        try {
            URI next = from.resolve(location.strip());
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new TransferException(FailureKind.REDIRECT, "redirect to a URL that is not http(s): "
                        + (scheme.isEmpty() ? "no scheme" : scheme), status, null);
            }
            UrlSyntax.problem(next).ifPresent(problem -> {
                throw new TransferException(FailureKind.REDIRECT, "redirect to an unusable URL: " + problem.reason(),
                        status, null);
            });
            return next;
        } catch (IllegalArgumentException e) {
            throw new TransferException(FailureKind.REDIRECT, "redirect to an invalid Location", status, null);
        }
    }
}
