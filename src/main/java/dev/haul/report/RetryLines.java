package dev.haul.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.haul.config.HaulConfig;

/**
 * One line of a retry list: a failed item as it can be submitted again, its {@code url} and its {@code key} relative
 * to the data prefix (so it is stored where the first attempt would have stored it, whatever the batch's prefix),
 * and apart, in {@code failure}, what it failed with. Headers are not in it: they are never written to S3.
 */
final class RetryLines {

    private final ObjectMapper json;
    private final String keyBase;

    RetryLines(ObjectMapper json, HaulConfig config) {
        this.json = json;
        this.keyBase = config.store().prefix().replaceAll("/+$", "") + "/";
    }

    static boolean isFailed(JsonNode item) {
        return "failed".equals(item.path("status").asText());
    }

    /** The line for a failed item of a report, as written to S3. */
    byte[] line(JsonNode item) {
        ObjectNode line = json.createObjectNode();
        line.put("url", item.path("url").asText());
        String key = item.path("key").asText("");
        if (key.startsWith(keyBase)) {
            line.put("key", key.substring(keyBase.length()));
        }
        line.set("failure", item.path("failure"));
        byte[] text = line.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withNewline = Arrays.copyOf(text, text.length + 1);
        withNewline[text.length] = '\n';
        return withNewline;
    }
}
