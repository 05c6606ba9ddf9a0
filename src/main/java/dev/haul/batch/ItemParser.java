package dev.haul.batch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.fetch.policy.UrlSyntax;
import dev.haul.model.FetchItem;
import dev.haul.model.HeaderNames;
import dev.haul.model.UrlAuthority;

/**
 * Reads one item of a batch: its URL (http or https, of sane length, with an authority that reads one way and a valid
 * host and port), its explicit key ({@link KeyRules}) and its request headers (valid names on the allow-list, none
 * that Haul sets itself, values of visible ASCII, space and tab as RFC 9110 allows, within size limits). Refuses
 * anything else with an {@link InvalidBatchException} naming the field, such as {@code items[2].headers.X-Token};
 * a header's value never appears in the message.
 */
final class ItemParser {

    /** {@code failure} is what a retry list says an item last failed with: allowed, so the list can be sent as is. */
    private static final Set<String> ITEM_FIELDS = Set.of("url", "key", "headers", "sha256", "failure");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that describe the connection or the message framing: Haul sets these itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection");
    private static final int MAX_URL_LENGTH = 8192;
    /** Servers commonly refuse a request whose header section passes 8 to 16 KiB; an item stays well within. */
    static final int MAX_HEADER_VALUE_BYTES = 4096;
    static final int MAX_ITEM_HEADER_BYTES = 8192;

    private final List<String> allowedHeaders;
    private final HeaderNames allowed;

    ItemParser(List<String> allowedHeaders) {
        this.allowedHeaders = List.copyOf(allowedHeaders);
        this.allowed = new HeaderNames(allowedHeaders);
    }

    /** An entry of {@code urls}: a URL string and nothing else. */
    FetchItem shorthand(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidBatchException(path, "must be a URL string");
        }
        return new FetchItem(url(node.asText(), path), Optional.empty(), Map.of());
    }

    /**
     * An entry of {@code items}: an object with a {@code url}, optionally a {@code key}, {@code headers} and the
     * {@code sha256} its body must have.
     */
    FetchItem item(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidBatchException(path, "must be an object with a \"url\"");
        }
        BatchParser.rejectUnknownFields(node, ITEM_FIELDS, path + ".");
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual()) {
            throw new InvalidBatchException(path + ".url", "is required and must be a string");
        }
        return new FetchItem(url(url.asText(), path + ".url"), key(node.get("key"), path + ".key"),
                headers(node.get("headers"), path + ".headers"), sha256(node.get("sha256"), path + ".sha256"));
    }

    /** An expected SHA-256: 64 hex digits, in either case, kept in lower case as reports show it. */
    static Optional<String> sha256(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || !SHA256_HEX.matcher(node.asText()).matches()) {
            throw new InvalidBatchException(path, "must be a SHA-256 as 64 hexadecimal digits");
        }
        return Optional.of(node.asText().toLowerCase(Locale.ROOT));
    }

    static URI url(String text, String path) {
        if (text.length() > MAX_URL_LENGTH) {
            throw new InvalidBatchException(path, "is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidBatchException(path, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidBatchException(path, "must be an http or https URL, got " + (scheme.isEmpty()
                    ? "no scheme"
                    : "'" + scheme + "'"));
        }
        String host = UrlAuthority.hostOf(uri);
        if (host == null || host.isEmpty()) {
            throw new InvalidBatchException(path, "has no host");
        }
        UrlSyntax.problem(uri).ifPresent(problem -> {
            throw new InvalidBatchException(path, "is not a usable URL: " + problem.reason());
        });
        return uri;
    }

    private static Optional<String> key(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidBatchException(path, "must be a string");
        }
        String key = node.asText();
        KeyRules.problem(key).ifPresent(reason -> {
            throw new InvalidBatchException(path, reason);
        });
        if (key.getBytes(StandardCharsets.UTF_8).length > KeyRules.MAX_KEY_BYTES) {
            throw new InvalidBatchException(path, "is longer than " + KeyRules.MAX_KEY_BYTES + " bytes");
        }
        return Optional.of(key);
    }

    private Map<String, String> headers(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidBatchException(path, "must be an object of header names to string values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            String name = header.getKey();
            String field = path + "." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new InvalidBatchException(field, "is not a valid header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidBatchException(field, "is set by Haul itself and cannot be given");
            }
            if (!allowed.matches(name)) {
                throw new InvalidBatchException(field, "is not an allowed request header (allowed: "
                        + String.join(", ", allowedHeaders) + ")");
            }
            if (!header.getValue().isTextual()) {
                throw new InvalidBatchException(field, "must be a string");
            }
            String value = header.getValue().asText();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(c >= 0x21 && c <= 0x7e || c == ' ' || c == '\t')) {
                    throw new InvalidBatchException(field, c == '\r' || c == '\n'
                            ? "must not contain CR or LF"
                            : "may hold only visible ASCII, space and tab (RFC 9110); character " + i + " is U+"
                                    + "%04X".formatted((int) c));
                }
            }
            if (value.length() > MAX_HEADER_VALUE_BYTES) {
                throw new InvalidBatchException(field, "is longer than " + MAX_HEADER_VALUE_BYTES + " bytes");
            }
            total += name.length() + value.length();
            if (total > MAX_ITEM_HEADER_BYTES) {
                throw new InvalidBatchException(path, "add up to more than " + MAX_ITEM_HEADER_BYTES + " bytes");
            }
            headers.put(name, value);
        }
        return headers;
    }
}
