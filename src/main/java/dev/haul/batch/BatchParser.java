package dev.haul.batch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.UrlAuthority;

/**
 * Turns a batch document into a {@link BatchRequest}, or refuses it with an {@link InvalidBatchException} naming the
 * field and the reason. Nothing is fetched for a batch that does not parse whole: one bad URL refuses the batch, so a
 * caller never gets a partial run of what they did not mean.
 */
@ApplicationScoped
public class BatchParser {

    private static final Set<String> ROOT_FIELDS = Set.of("batchId", "items", "urls", "options", "part");
    private static final Set<String> ITEM_FIELDS = Set.of("url", "key", "headers");
    private static final Set<String> OPTION_FIELDS = Set.of("prefix", "maxBytes");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that describe the connection or the message framing: Haul sets these itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection");
    private static final int MAX_URL_LENGTH = 8192;
    private static final int MAX_KEY_BYTES = 1024;

    private final HaulConfig config;

    public BatchParser(HaulConfig config) {
        this.config = config;
    }

    public BatchRequest parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidBatchException(null, "a batch must be a JSON object with \"items\" or \"urls\"");
        }
        rejectUnknownFields(root, ROOT_FIELDS, "");
        String batchId = batchId(root.get("batchId"));
        List<FetchItem> items = items(root);
        BatchOptions options = options(root.get("options"));
        return new BatchRequest(batchId, items, options, part(root.get("part")));
    }

    private String batchId(JsonNode node) {
        if (node == null || node.isNull()) {
            return BatchIds.generate();
        }
        if (!node.isTextual() || !BatchIds.isValid(node.asText())) {
            throw new InvalidBatchException("batchId",
                    "must be 1 to 128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return node.asText();
    }

    private List<FetchItem> items(JsonNode root) {
        JsonNode items = root.get("items");
        JsonNode urls = root.get("urls");
        if (items != null && urls != null) {
            throw new InvalidBatchException("urls", "give either \"items\" or \"urls\", not both");
        }
        if (items == null && urls == null) {
            throw new InvalidBatchException("items", "is required (or its shorthand \"urls\")");
        }
        String field = items != null ? "items" : "urls";
        JsonNode list = items != null ? items : urls;
        if (!list.isArray()) {
            throw new InvalidBatchException(field, "must be an array");
        }
        if (list.isEmpty()) {
            throw new InvalidBatchException(field, "must hold at least one URL");
        }
        int max = config.batch().maxItems();
        if (list.size() > max) {
            throw new BatchTooLargeException(field, "holds " + list.size() + " items, more than the limit of " + max);
        }
        List<FetchItem> parsed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            parsed.add(items != null ? item(list.get(i), path) : shorthandItem(list.get(i), path));
        }
        return parsed;
    }

    private FetchItem shorthandItem(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidBatchException(path, "must be a URL string");
        }
        return new FetchItem(url(node.asText(), path), Optional.empty(), Map.of());
    }

    private FetchItem item(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidBatchException(path, "must be an object with a \"url\"");
        }
        rejectUnknownFields(node, ITEM_FIELDS, path + ".");
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
        for (String entry : config.fetch().allowedHeaders()) {
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
                        + String.join(", ", config.fetch().allowedHeaders()) + ")");
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

    private static BatchOptions options(JsonNode node) {
        if (node == null || node.isNull()) {
            return BatchOptions.NONE;
        }
        if (!node.isObject()) {
            throw new InvalidBatchException("options", "must be an object");
        }
        rejectUnknownFields(node, OPTION_FIELDS, "options.");
        Optional<String> prefix = Optional.empty();
        JsonNode prefixNode = node.get("prefix");
        if (prefixNode != null && !prefixNode.isNull()) {
            String value = prefixNode.isTextual() ? prefixNode.asText() : null;
            if (value == null || value.startsWith("/") || value.contains("..") || value.length() > 512) {
                throw new InvalidBatchException("options.prefix",
                        "must be a string of at most 512 characters, not starting with '/' and without '..'");
            }
            prefix = Optional.of(value);
        }
        OptionalLong maxBytes = OptionalLong.empty();
        JsonNode maxNode = node.get("maxBytes");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.canConvertToLong() || !maxNode.isIntegralNumber() || maxNode.asLong() <= 0) {
                throw new InvalidBatchException("options.maxBytes", "must be a positive whole number of bytes");
            }
            maxBytes = OptionalLong.of(maxNode.asLong());
        }
        return new BatchOptions(prefix, maxBytes);
    }

    private static BatchPart part(JsonNode node) {
        if (node == null || node.isNull()) {
            return BatchPart.WHOLE;
        }
        rejectUnknownFields(node, Set.of("index", "count"), "part.");
        int index = node.path("index").asInt(0);
        int count = node.path("count").asInt(0);
        if (!node.path("index").isInt() || !node.path("count").isInt() || count < 1 || index < 1 || index > count) {
            throw new InvalidBatchException("part", "must be {\"index\": i, \"count\": n} with 1 <= i <= n");
        }
        return new BatchPart(index, count);
    }

    private static void rejectUnknownFields(JsonNode node, Set<String> known, String pathPrefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidBatchException(pathPrefix + name,
                        "unknown field; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
