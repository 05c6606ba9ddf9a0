package dev.haul.local;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The direct-invocation event for a list of URLs, in the batch format's {@code urls} shorthand. */
final class BatchEvent {

    private BatchEvent() {}

    static byte[] of(ObjectMapper json, List<String> urls, String prefix) {
        ObjectNode batch = json.createObjectNode();
        urls.forEach(batch.putArray("urls")::add);
        if (prefix != null) {
            batch.putObject("options").put("prefix", prefix);
        }
        try {
            return json.writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always serialisable", e);
        }
    }
}
