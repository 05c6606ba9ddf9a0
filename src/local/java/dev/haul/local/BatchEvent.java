package dev.haul.local;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The direct-invocation event for a list of URLs, in the batch format's {@code urls} shorthand, or in S3. */
final class BatchEvent {

    private BatchEvent() {}

    static byte[] of(ObjectMapper json, List<String> urls, String prefix) {
        ObjectNode batch = json.createObjectNode();
        urls.forEach(batch.putArray("urls")::add);
        return withPrefix(json, batch, prefix);
    }

    /** A batch whose list is in S3 already, read by Haul itself as on Lambda ({@code manifestUrl}). */
    static byte[] ofManifest(ObjectMapper json, String manifestUrl, String prefix) {
        return withPrefix(json, json.createObjectNode().put("manifestUrl", manifestUrl), prefix);
    }

    private static byte[] withPrefix(ObjectMapper json, ObjectNode batch, String prefix) {
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
