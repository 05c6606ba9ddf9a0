package dev.haul.batch;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.haul.model.FetchItem;

/** A {@link BatchRequest} written back in the batch format, as it travels in a queue message. */
public final class BatchJson {

    private BatchJson() {}

    public static ObjectNode write(ObjectMapper json, BatchRequest batch) {
        ObjectNode root = json.createObjectNode();
        root.put("batchId", batch.batchId());
        batch.items().forEach(item -> root.withArray("items").add(item(json, item)));
        ObjectNode options = options(json, batch.options());
        if (!options.isEmpty()) {
            root.set("options", options);
        }
        if (!batch.part().isWhole()) {
            root.putObject("part").put("index", batch.part().index()).put("count", batch.part().count());
        }
        batch.rejectedLines().forEach(rejected -> root.withArray("rejectedLines").addObject()
                .put("line", rejected.line()).put("problem", rejected.problem()));
        return root;
    }

    /** The options as a batch document gives them; empty for the defaults. */
    public static ObjectNode options(ObjectMapper json, BatchOptions batchOptions) {
        ObjectNode options = json.createObjectNode();
        batchOptions.prefix().ifPresent(prefix -> options.put("prefix", prefix));
        batchOptions.maxBytes().ifPresent(max -> options.put("maxBytes", max));
        if (batchOptions.overwrite()) {
            options.put("overwrite", true);
        }
        return options;
    }

    /** Bytes the item takes in a queue message, its separating comma included. */
    static long messageBytes(ObjectMapper json, FetchItem item) {
        return item(json, item).toString().getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    public static ObjectNode item(ObjectMapper json, FetchItem item) {
        ObjectNode node = json.createObjectNode();
        node.put("url", item.url().toString());
        item.key().ifPresent(key -> node.put("key", key));
        if (!item.headers().isEmpty()) {
            ObjectNode headers = node.putObject("headers");
            item.headers().forEach(headers::put);
        }
        item.sha256().ifPresent(sha256 -> node.put("sha256", sha256));
        return node;
    }
}
