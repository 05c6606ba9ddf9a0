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

import dev.haul.model.FetchItem;
import dev.haul.model.UrlAuthority;

/**
 * Reads one item of a batch: its URL (http or https, with a host, of sane length), its explicit key (relative, no
 * {@code .} or {@code ..} segment, no control character) and its request headers (valid names on the allow-list,
 * none that Haul sets itself, no CR or LF). Refuses anything else with an {@link InvalidBatchException} naming the
 * field, such as {@code items[2].headers.X-Token}.
 */
final class ItemParser {

    private static final Set<String> ITEM_FIELDS = Set.of("url", "key", "headers");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that describe the connection or the message framing: Haul sets these itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection");
    private static final int MAX_URL_LENGTH = 8192;
    private static final int MAX_KEY_BYTES = 1024;

    private final List<String> allowedHeaders;

    ItemParser(List<String> allowedHeaders) {
        this.allowedHeaders = List.copyOf(allowedHeaders);
    }

    /** An entry of {@code urls}: a URL string and nothing else. */
    FetchItem shorthand(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidBatchException(path, "must be a URL string");
        }
        return new FetchItem(url(node.asText(), path), Optional.empty(), Map.of());
    }

    /** An entry of {@code items}: an object with a {@code url}, optionally a {@code key} and {@code headers}. */
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
                headers(node.get("headers"), path + ".headers"));
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
        return uri;
    }

    private static Optional<String> key(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String key = node.isTextual() ? node.asText() : "";
        if (key.isEmpty() || key.startsWith("/") || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidBatchException(path, "must be a non-empty string of at most " + MAX_KEY_BYTES
                    + " bytes that does not start with '/'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidBatchException(path, "must not contain '.' or '..' segments");
            }
        }
        if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidBatchException(path, "must not contain control characters");
        }
        return Optional.of(key);
    }

    private boolean headerAllowed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String entry : allowedHeaders) {
            String allowed = entry.strip().toLowerCase(Locale.ROOT);
            if (allowed.endsWith("*")
                    ? lower.startsWith(allowed.substring(0, allowed.length() - 1))
                    : lower.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> headers(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidBatchException(path, "must be an object of header names to string values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
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
            if (!headerAllowed(name)) {
                throw new InvalidBatchException(field, "is not an allowed request header (allowed: "
                        + String.join(", ", allowedHeaders) + ")");
            }
            if (!header.getValue().isTextual()) {
                throw new InvalidBatchException(field, "must be a string");
            }
            String value = header.getValue().asText();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidBatchException(field, "must not contain CR or LF");
            }
            headers.put(name, value);
        }
        return headers;
    }
}
