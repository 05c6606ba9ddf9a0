package dev.haul.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;

/**
 * Turns a batch document into a {@link BatchRequest}, or refuses it with an {@link InvalidBatchException} naming the
 * field and the reason. Nothing is fetched for a batch that does not parse whole: one bad URL refuses the batch, so a
 * caller never gets a partial run of what they did not mean.
 */
@ApplicationScoped
public class BatchParser {

    private static final Set<String> ROOT_FIELDS = Set.of("batchId", "items", "urls", "options", "part",
            "rejectedLines");
    /** Longer than any problem Haul writes about a line. */
    static final int MAX_PROBLEM_LENGTH = 1000;
    private static final Set<String> OPTION_FIELDS = Set.of("prefix", "maxBytes", "overwrite");

    private final HaulConfig config;
    private final ItemParser itemParser;

    public BatchParser(HaulConfig config) {
        this.config = config;
        this.itemParser = new ItemParser(config.fetch().allowedHeaders());
    }

    public BatchRequest parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidBatchException(null, "a batch must be a JSON object with \"items\" or \"urls\"");
        }
        rejectUnknownFields(root, ROOT_FIELDS, "");
        String batchId = batchId(root.get("batchId"));
        List<FetchItem> items = items(root);
        BatchOptions options = options(root.get("options"));
        return new BatchRequest(batchId, items, options, part(root.get("part")), rejectedLines(root.get(
                "rejectedLines")));
    }

    /**
     * A batch whose items were read and checked elsewhere, line by line ({@link ListReader}): {@code head} gives its
     * {@code batchId} and {@code options}; the item count is held to the same limit as any batch's.
     */
    BatchRequest parseListed(JsonNode head, List<FetchItem> items, List<RejectedLine> rejectedLines) {
        checkCount("items", items.size());
        return new BatchRequest(batchId(head.get("batchId")), items, options(head.get("options")), BatchPart.WHOLE,
                rejectedLines);
    }

    /** A list too long to load, with the {@code batchId} and {@code options} that {@code head} gives it. */
    LongList parseLong(JsonNode head, String manifestUrl, LoadedList.TooLong list) {
        return new LongList(manifestUrl, list.bucket(), list.key(), list.eTag(), batchId(head.get("batchId")),
                options(head.get("options")));
    }

    /**
     * The lines of a list that are not items, as the list's reader found them and a queue message carries them on:
     * {@code [{"line": 17, "problem": "url: ..."}]}, at most as many as a batch has items.
     */
    private List<RejectedLine> rejectedLines(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > config.batch().maxItems()) {
            throw new InvalidBatchException("rejectedLines", "must be an array of at most "
                    + config.batch().maxItems() + " {\"line\", \"problem\"} objects");
        }
        List<RejectedLine> lines = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String path = "rejectedLines[" + i + "]";
            if (!entry.isObject()) {
                throw new InvalidBatchException(path, "must be an object with \"line\" and \"problem\"");
            }
            rejectUnknownFields(entry, Set.of("line", "problem"), path + ".");
            JsonNode line = entry.path("line");
            JsonNode problem = entry.path("problem");
            if (!line.isIntegralNumber() || !line.canConvertToLong() || line.asLong() < 1) {
                throw new InvalidBatchException(path + ".line", "must be a line number from 1");
            }
            if (!problem.isTextual() || problem.asText().length() > MAX_PROBLEM_LENGTH) {
                throw new InvalidBatchException(path + ".problem", "must be a string of at most "
                        + MAX_PROBLEM_LENGTH + " characters");
            }
            lines.add(new RejectedLine(line.asLong(), problem.asText()));
        }
        return lines;
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
        checkCount(field, list.size());
        List<FetchItem> parsed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            parsed.add(items != null ? itemParser.item(list.get(i), path) : itemParser.shorthand(list.get(i), path));
        }
        return parsed;
    }

    private void checkCount(String field, int size) {
        if (size == 0) {
            throw new InvalidBatchException(field, "must hold at least one URL");
        }
        int max = config.batch().maxItems();
        if (size > max) {
            throw new BatchTooLargeException(field, "holds " + size + " items, more than the limit of " + max);
        }
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
            if (!prefixNode.isTextual() || prefixNode.asText().length() > 512) {
                throw new InvalidBatchException("options.prefix", "must be a string of at most 512 characters");
            }
            String value = prefixNode.asText();
            KeyRules.problem(value).ifPresent(reason -> {
                throw new InvalidBatchException("options.prefix", reason);
            });
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
        JsonNode overwriteNode = node.get("overwrite");
        if (overwriteNode != null && !overwriteNode.isNull() && !overwriteNode.isBoolean()) {
            throw new InvalidBatchException("options.overwrite", "must be true or false");
        }
        return new BatchOptions(prefix, maxBytes, overwriteNode != null && overwriteNode.asBoolean(false));
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

    static void rejectUnknownFields(JsonNode node, Set<String> known, String pathPrefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidBatchException(pathPrefix + name,
                        "unknown field; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
