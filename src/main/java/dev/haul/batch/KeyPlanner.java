package dev.haul.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;
import dev.haul.model.FetchItem;
import dev.haul.model.PlannedItem;
import dev.haul.store.KeyTemplate;

/**
 * Gives every item of a batch its object key, before anything is fetched, and refuses a batch in which two items
 * would write the same key: one would silently overwrite the other.
 */
@ApplicationScoped
public class KeyPlanner {

    private final KeyTemplate template;
    private final String defaultPrefix;

    public KeyPlanner(HaulConfig config) {
        this.template = new KeyTemplate(config.store().keyTemplate());
        this.defaultPrefix = config.store().prefix();
    }

    public List<PlannedItem> plan(BatchRequest batch) {
        String prefix = batch.options().prefix().orElse(defaultPrefix);
        Map<String, Integer> firstUse = new HashMap<>();
        List<PlannedItem> planned = new ArrayList<>(batch.items().size());
        for (int i = 0; i < batch.items().size(); i++) {
            FetchItem item = batch.items().get(i);
            String key = item.key().orElseGet(() -> template.keyFor(item.url(), prefix, batch.batchId()));
            Integer earlier = firstUse.putIfAbsent(key, i);
            if (earlier != null) {
                throw new InvalidBatchException("items[" + i + "]", "would be stored under the same key as items["
                        + earlier + "] (" + key + "); give one of them an explicit \"key\" or remove the duplicate");
            }
            planned.add(new PlannedItem(i, item, key));
        }
        return planned;
    }
}
