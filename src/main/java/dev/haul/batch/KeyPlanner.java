package dev.haul.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.haul.config.HaulConfig;
import dev.haul.model.FetchItem;
import dev.haul.model.PlannedItem;
import dev.haul.store.KeyTemplate;

/**
 * Gives every item of a batch its object key, before anything is fetched. Every key lies under the data prefix
 * ({@code haul.store.prefix}), then the batch's {@code options.prefix}: an explicit key is relative to both, so
 * nothing a caller sends can name a manifest or an object outside the data prefix. Refuses a batch in which two items
 * would write the same key, or a key would be longer than S3 allows.
 *
 * <p>Built at start-up, so that a data prefix that is empty or overlaps the manifest prefix stops the function before
 * it serves anything.
 */
@Startup
@ApplicationScoped
public class KeyPlanner {

    private final KeyTemplate template;
    private final String dataPrefix;

    public KeyPlanner(HaulConfig config) {
        this.template = new KeyTemplate(config.store().keyTemplate());
        this.dataPrefix = checkedPrefixes(config.store().prefix(), config.store().manifestPrefix());
    }

    public List<PlannedItem> plan(BatchRequest batch) {
        Map<String, Integer> firstUse = new HashMap<>();
        List<PlannedItem> planned = new ArrayList<>(batch.items().size());
        for (int i = 0; i < batch.items().size(); i++) {
            FetchItem item = batch.items().get(i);
            String key = keyOf(item, "items[" + i + "]", batch.options(), batch.batchId());
            Integer earlier = firstUse.putIfAbsent(key, i);
            if (earlier != null) {
                throw new InvalidBatchException("items[" + i + "]", "would be stored under the same key as items["
                        + earlier + "] (" + key + "); give one of them an explicit \"key\" or remove the duplicate");
            }
            planned.add(new PlannedItem(i, item, key));
        }
        return planned;
    }

    /** The key {@code item} is stored under; refused (naming {@code path}) when longer than S3 allows. */
    String keyOf(FetchItem item, String path, BatchOptions options, String batchId) {
        String batchPrefix = options.prefix().orElse("");
        String base = batchPrefix.isEmpty() ? dataPrefix : dataPrefix + "/" + batchPrefix;
        String key = item.key().map(explicit -> base + "/" + explicit)
                .orElseGet(() -> dataPrefix + "/" + template.keyFor(item.url(), batchPrefix, batchId));
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > KeyRules.MAX_KEY_BYTES) {
            throw new InvalidBatchException(path + "." + (item.key().isPresent() ? "key" : "url"),
                    "would be stored under a key of " + bytes + " bytes, more than S3's " + KeyRules.MAX_KEY_BYTES
                            + (item.key().isPresent() ? "" : "; give it a shorter explicit \"key\""));
        }
        return key;
    }

    /** The data prefix without a final '/', refused when empty, unsafe, or nested with the manifest prefix. */
    static String checkedPrefixes(String data, String manifests) {
        String dataPrefix = data.replaceAll("/+$", "");
        String manifestPrefix = manifests.replaceAll("/+$", "");
        KeyRules.problem(dataPrefix).ifPresent(reason -> {
            throw new IllegalArgumentException("haul.store.prefix '" + data + "' " + reason);
        });
        KeyRules.problem(manifestPrefix).ifPresent(reason -> {
            throw new IllegalArgumentException("haul.store.manifest-prefix '" + manifests + "' " + reason);
        });
        if (dataPrefix.equals(manifestPrefix) || dataPrefix.startsWith(manifestPrefix + "/")
                || manifestPrefix.startsWith(dataPrefix + "/")) {
            throw new IllegalArgumentException("haul.store.prefix '" + data + "' and haul.store.manifest-prefix '"
                    + manifests + "' overlap, so fetched objects could replace manifests; give them separate prefixes");
        }
        return dataPrefix;
    }
}
