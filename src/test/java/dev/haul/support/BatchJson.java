package dev.haul.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Batch documents for tests, written by Jackson rather than by string concatenation, so that a URL with a quote or
 * a backslash still makes valid JSON: {@code BatchJson.urls(a, b).id("b-1").json()}, or with items,
 * {@code BatchJson.items(BatchJson.item(a).header("Cookie", "s=1"), BatchJson.item(b).key("k")).json()}.
 */
public final class BatchJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> root = new LinkedHashMap<>();

    private BatchJson() {}

    /** A batch in the {@code urls} shorthand. */
    public static BatchJson urls(String... urls) {
        return urls(Arrays.asList(urls));
    }

    public static BatchJson urls(List<String> urls) {
        BatchJson batch = new BatchJson();
        batch.root.put("urls", new ArrayList<>(urls));
        return batch;
    }

    /** A batch of {@code items} objects. */
    public static BatchJson items(Item... items) {
        BatchJson batch = new BatchJson();
        batch.root.put("items", Arrays.stream(items).map(item -> item.fields).toList());
        return batch;
    }

    public static Item item(String url) {
        return new Item(url);
    }

    /** Sets {@code options.<name>}. */
    public BatchJson option(String name, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) root.computeIfAbsent("options",
                ignored -> new LinkedHashMap<String, Object>());
        options.put(name, value);
        return this;
    }

    public BatchJson id(String batchId) {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("batchId", batchId);
        reordered.putAll(root);
        root.clear();
        root.putAll(reordered);
        return this;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch of strings is always serialisable", e);
        }
    }

    @Override
    public String toString() {
        return json();
    }

    /** One entry of {@code items}. */
    public static final class Item {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Item(String url) {
            fields.put("url", url);
        }

        public Item key(String key) {
            fields.put("key", key);
            return this;
        }

        /** The SHA-256 the item's body must have, as hex. */
        public Item sha256(String sha256) {
            fields.put("sha256", sha256);
            return this;
        }

        public Item header(String name, String value) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) fields.computeIfAbsent("headers",
                    ignored -> new LinkedHashMap<String, String>());
            headers.put(name, value);
            return this;
        }
    }
}
